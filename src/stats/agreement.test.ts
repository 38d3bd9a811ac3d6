import { describe, expect, it } from 'vitest';
import { agreement, averageRanks, mostDisagreeing, quadraticKappa, relativeToFive, spearman, tenPointToFive } from './agreement';

describe('spearman', () => {
  it('matches the textbook example (IQ against hours of TV: rho = -29/165)', () => {
    const iq = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17];
    const r = spearman(iq, tv);
    expect(r.n).toBe(10);
    expect(r.value).toBeCloseTo(-29 / 165, 12);
  });

  it('gives ties the average of their ranks', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3])).toEqual([3, 1, 3, 3]);
    // Pearson of ranks [1, 2.5, 2.5, 4] and [1, 2, 3, 4] = 4.5 / sqrt(4.5 · 5) = 3 / sqrt(10).
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4]).value).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('is null when undefined', () => {
    expect(spearman([], [])).toEqual({ value: null, n: 0 });
    expect(spearman([3], [4])).toEqual({ value: null, n: 1 });
    expect(spearman([3, 3, 3], [1, 2, 3])).toEqual({ value: null, n: 3 });
    expect(() => spearman([1], [1, 2])).toThrow(RangeError);
  });
});

describe('quadraticKappa', () => {
  it('is 1 for perfect agreement and -1 for a perfect reversal of uniform ratings', () => {
    expect(quadraticKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).value).toBeCloseTo(1, 12);
    // Observed Σw = (16+4+0+4+16)/16/5 = 0.5; expected Σw = 100/16/25 = 0.25; 1 - 0.5/0.25 = -1.
    expect(quadraticKappa([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).value).toBeCloseTo(-1, 12);
  });

  it('matches a value computed by hand', () => {
    // Disagreement Σ(x-y)²/n = 4/6; chance = var(x) + var(y) + (mean difference)² = 10/6 + 10/6 + 0.
    // kappa = 1 - (4/6) / (20/6) = 0.8.
    const r = quadraticKappa([1, 2, 3, 4, 5, 3], [1, 3, 3, 5, 4, 2]);
    expect(r).toEqual({ value: expect.closeTo(0.8, 12), n: 6, skipped: 0 });
  });

  it('equals 2·cov / (var x + var y + (mean x - mean y)²) (Schuster 2004) on random ratings', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const x = Array.from({ length: 200 }, () => 1 + Math.floor(next() * 5));
    const y = x.map((v) => Math.min(5, Math.max(1, v + Math.floor(next() * 3) - 1 + (next() < 0.3 ? 1 : 0))));
    const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
    const mx = mean(x);
    const my = mean(y);
    const cov = mean(x.map((v, i) => (v - mx) * (y[i]! - my)));
    const vx = mean(x.map((v) => (v - mx) ** 2));
    const vy = mean(y.map((v) => (v - my) ** 2));
    expect(quadraticKappa(x, y).value).toBeCloseTo((2 * cov) / (vx + vy + (mx - my) ** 2), 12);
  });

  it('leaves out values that are not whole numbers on the scale, and says how many', () => {
    expect(quadraticKappa([1, 2, 3.5, 0, 5], [1, 2, 3, 4, 5])).toEqual({ value: expect.closeTo(1, 12), n: 3, skipped: 2 });
    expect(quadraticKappa([], [])).toEqual({ value: null, n: 0, skipped: 0 });
    // One category for both raters: chance agreement is total, kappa undefined.
    expect(quadraticKappa([3, 3], [3, 3]).value).toBeNull();
  });
});

describe('mapping judge scores to 1-5', () => {
  it('bins 1-10 scores two points at a time', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(tenPointToFive)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([2.5, 4.4, 7.5, 8.4, 8.5].map(tenPointToFive)).toEqual([2, 2, 4, 4, 5]);
    expect([0, 11, Number.NaN].map(tenPointToFive)).toEqual([null, null, null]);
  });

  it('reads a relative score as the answer scored where the reference is 10', () => {
    expect([1.3, 1, 0.9, 0.85, 0.8, 0.65, 0.6, 0.45, 0.3, 0.25, 0.2, 0.05].map(relativeToFive)).toEqual([
      5, 5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1,
    ]);
    // A reference at 10 and an answer at 7: the same as the answer's own score.
    expect(relativeToFive(7 / 10)).toBe(tenPointToFive(7));
    expect([0, -1, Number.POSITIVE_INFINITY].map(relativeToFive)).toEqual([null, null, null]);
  });
});

describe('agreement and the most disagreeing items', () => {
  const items = [
    { id: 'r1', human: 5, judge: 1 },
    { id: 'r2', human: 2, judge: 2 },
    { id: 'r3', human: 1, judge: 3 },
    { id: 'r0', human: 3, judge: 1 },
    { id: 'r4', human: 4, judge: 5 },
  ];

  it('lists the largest differences first, signed from the judge, ties by id, agreements left out', () => {
    expect(mostDisagreeing(items).map((d) => [d.id, d.difference])).toEqual([
      ['r1', -4],
      ['r0', -2],
      ['r3', 2],
      ['r4', 1],
    ]);
    expect(mostDisagreeing(items, 1)).toHaveLength(1);
  });

  it('puts n beside each figure', () => {
    const a = agreement(items);
    expect(a.n).toBe(5);
    expect(a.spearman.n).toBe(5);
    expect(a.kappa.n).toBe(5);
    expect(a.mostDisagreeing[0]!.id).toBe('r1');
  });
});
