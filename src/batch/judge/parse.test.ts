import { describe, expect, it } from 'vitest';
import { combineOrders, parseScores, readJudgement } from './parse';

describe('parseScores', () => {
  it.each([
    ['8 6\nAssistant 1 is more specific.', 8, 6],
    ['8, 6\n', 8, 6],
    ['8,6', 8, 6],
    ['7.5 9', 7.5, 9],
    ['\n  \n10 1\nreasons', 10, 1],
    ['８　６\n理由：…', 8, 6],
    ['９，７', 9, 7],
    ['  9   4  \r\nreasons', 9, 4],
  ])('reads %j as %d and %d', (text, score1, score2) => {
    expect(parseScores(text)).toEqual({ ok: true, score1, score2 });
  });

  it.each([
    ['', 'empty'],
    ['  \n \n', 'empty'],
    ['I cannot judge this.\n8 6', 'no-scores'],
    ['Assistant 1 is better.\n8 6', 'extra-text'],
    ['8\n6', 'one-score'],
    ['8 6 7', 'too-many-scores'],
    ['Assistant 1: 8, Assistant 2: 6', 'extra-text'],
    ['**8 6**', 'extra-text'],
    ['8/10 6/10', 'extra-text'],
    ['Scores: 8 6', 'extra-text'],
    ['0 6', 'out-of-range'],
    ['8 11', 'out-of-range'],
    ['-1 -1', 'extra-text'],
  ])('refuses %j as %s, without a score', (text, reason) => {
    const parsed = parseScores(text);
    expect(parsed).toMatchObject({ ok: false, reason });
    expect(parsed).not.toHaveProperty('score1');
  });

  it('keeps at most 200 characters of the offending line', () => {
    const parsed = parseScores('x'.repeat(500));
    expect(parsed.ok || parsed.firstLine.length).toBe(200);
  });
});

describe('readJudgement and both orders', () => {
  it('relative = score2 / score1 when the reference was Assistant 1, both numbers kept', () => {
    expect(readJudgement('8 6\n…', 'reference-first')).toEqual({
      ok: true,
      answer: 6,
      reference: 8,
      relative: 0.75,
      orders: [{ order: 'reference-first', score1: 8, score2: 6, answer: 6, reference: 8 }],
    });
  });

  it('reads swapped positions for the answer-first pass', () => {
    expect(readJudgement('6 8', 'answer-first')).toMatchObject({ ok: true, answer: 6, reference: 8, relative: 0.75 });
  });

  it('averages each side over both orders, then takes the ratio', () => {
    const both = combineOrders(readJudgement('8 6', 'reference-first'), readJudgement('7 9', 'answer-first'));
    // Answer: (6 + 7) / 2 = 6.5; reference: (8 + 9) / 2 = 8.5.
    expect(both).toMatchObject({ ok: true, answer: 6.5, reference: 8.5 });
    expect(both.ok && both.relative).toBeCloseTo(6.5 / 8.5, 12);
    expect(both.orders.map((o) => o.order)).toEqual(['reference-first', 'answer-first']);
  });

  it('is unparseable when either order is, keeping the parsed pass and the reason', () => {
    const both = combineOrders(readJudgement('8 6', 'reference-first'), readJudgement('I cannot judge this.', 'answer-first'));
    expect(both).toMatchObject({ ok: false, reason: 'no-scores', order: 'answer-first', firstLine: 'I cannot judge this.' });
    expect(both.orders).toHaveLength(1);
  });
});
