// The Heron-Bench table: per endpoint and question category, the judge's relative score × 100, and overall.
// Computed the way Heron-Bench's own script does (heron/eval/eval_heron_bench.py): a category's score is
// 100 · mean(answer scores) / mean(reference scores) over its questions, and the overall figure is the mean
// of the category scores. The mean of the per-question ratios (LLaVA-Bench's wording) is given beside it.
// Unparseable judgements are counted, never scored.
import type { JudgeResult } from './parse';

/** Heron-Bench's categories, shown first and in this order; others follow alphabetically. */
export const HERON_CATEGORIES = ['conv', 'detail', 'complex'] as const;

export interface JudgedItem {
  /** What is compared: an endpoint id, or endpoint and model. */
  endpoint: string;
  /** Items without a category are under ''. */
  category: string | null;
  result: JudgeResult;
}

export interface HeronCell {
  /** 100 · mean(answer) / mean(reference); null without a parsed judgement. */
  score: number | null;
  /** 100 · mean(answer / reference). */
  meanRelative: number | null;
  /** Parsed judgements. */
  n: number;
  unparseable: number;
}

export interface HeronRow {
  endpoint: string;
  cells: Record<string, HeronCell>;
  overall: {
    /** Mean of the category scores (over the categories with a score), as Heron-Bench reports it. */
    score: number | null;
    /** 100 · mean(answer) / mean(reference) over all the endpoint's parsed judgements. */
    pooled: number | null;
    n: number;
    unparseable: number;
  };
}

export interface HeronTable {
  categories: string[];
  rows: HeronRow[];
}

interface Sums {
  answer: number;
  reference: number;
  relative: number;
  n: number;
  unparseable: number;
}

const empty = (): Sums => ({ answer: 0, reference: 0, relative: 0, n: 0, unparseable: 0 });

function add(s: Sums, result: JudgeResult) {
  if (!result.ok) {
    s.unparseable += 1;
    return;
  }
  s.answer += result.answer;
  s.reference += result.reference;
  s.relative += result.relative;
  s.n += 1;
}

const ratio = (s: Sums) => (s.n > 0 ? (100 * s.answer) / s.reference : null);

function categoryOrder(a: string, b: string): number {
  const ia = (HERON_CATEGORIES as readonly string[]).indexOf(a);
  const ib = (HERON_CATEGORIES as readonly string[]).indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function heronTable(items: readonly JudgedItem[]): HeronTable {
  const categories = new Set<string>();
  const byEndpoint = new Map<string, { cells: Map<string, Sums>; all: Sums }>();
  for (const item of items) {
    const category = item.category ?? '';
    categories.add(category);
    let row = byEndpoint.get(item.endpoint);
    if (!row) byEndpoint.set(item.endpoint, (row = { cells: new Map(), all: empty() }));
    let cell = row.cells.get(category);
    if (!cell) row.cells.set(category, (cell = empty()));
    add(cell, item.result);
    add(row.all, item.result);
  }
  const ordered = [...categories].sort(categoryOrder);
  const rows = [...byEndpoint]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([endpoint, row]): HeronRow => {
      const cells: Record<string, HeronCell> = {};
      for (const category of ordered) {
        const s = row.cells.get(category) ?? empty();
        cells[category] = { score: ratio(s), meanRelative: s.n > 0 ? (100 * s.relative) / s.n : null, n: s.n, unparseable: s.unparseable };
      }
      const scored = Object.values(cells).flatMap((c) => (c.score === null ? [] : [c.score]));
      return {
        endpoint,
        cells,
        overall: {
          score: scored.length > 0 ? scored.reduce((x, y) => x + y, 0) / scored.length : null,
          pooled: ratio(row.all),
          n: row.all.n,
          unparseable: row.all.unparseable,
        },
      };
    });
  return { categories: ordered, rows };
}
