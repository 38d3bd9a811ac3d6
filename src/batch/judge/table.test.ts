import { describe, expect, it } from 'vitest';
import { readJudgement } from './parse';
import { HERON_CATEGORIES, heronTable, type JudgedItem } from './table';

const judged = (endpoint: string, category: string | null, text: string): JudgedItem => ({
  endpoint,
  category,
  result: readJudgement(text, 'reference-first'),
});

describe('heronTable', () => {
  const items = [
    judged('a', 'conv', '8 6'),
    judged('a', 'conv', '10 9'),
    judged('a', 'detail', '8 8'),
    judged('a', 'complex', '5 10'),
    judged('a', 'complex', 'unreadable'),
    judged('a', null, '10 5'),
    judged('b', 'ocr', '4 2'),
    judged('b', 'conv', '9 9'),
  ];
  const table = heronTable(items);

  it('orders Heron-Bench categories first, then the others, with items lacking one under ""', () => {
    expect(table.categories).toEqual([...HERON_CATEGORIES, '', 'ocr']);
    expect(HERON_CATEGORIES).toEqual(['conv', 'detail', 'complex']);
    expect(table.rows.map((r) => r.endpoint)).toEqual(['a', 'b']);
  });

  it('scores a category as 100 · mean(answer) / mean(reference), with the mean of ratios beside it', () => {
    const a = table.rows[0]!;
    // conv: answers 6, 9; references 8, 10 → 100 · 7.5 / 9 = 83.33; ratios 0.75, 0.9 → 82.5.
    expect(a.cells.conv!.score).toBeCloseTo(83.333, 3);
    expect(a.cells.conv!.meanRelative).toBeCloseTo(82.5, 9);
    expect(a.cells.conv!.n).toBe(2);
    expect(a.cells.detail).toEqual({ score: 100, meanRelative: 100, n: 1, unparseable: 0 });
    // The unparseable judgement is counted, not scored.
    expect(a.cells.complex).toEqual({ score: 200, meanRelative: 200, n: 1, unparseable: 1 });
    expect(a.cells.ocr).toEqual({ score: null, meanRelative: null, n: 0, unparseable: 0 });
  });

  it('reports overall as the mean of the category scores (Heron-Bench), and the pooled ratio', () => {
    const a = table.rows[0]!;
    // Categories conv 83.33, detail 100, complex 200, '' 50.
    expect(a.overall.score).toBeCloseTo((250 / 3 + 100 + 200 + 50) / 4, 9);
    // Pooled: answers 6+9+8+10+5 = 38, references 8+10+8+5+10 = 41.
    expect(a.overall.pooled).toBeCloseTo((100 * 38) / 41, 9);
    expect(a.overall).toMatchObject({ n: 5, unparseable: 1 });
  });

  it('gives an empty table for no items', () => {
    expect(heronTable([])).toEqual({ categories: [], rows: [] });
  });
});
