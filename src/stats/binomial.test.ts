import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { binomial, logFactorials, multinomialInto } from './binomial';

/** Exact Binomial(n, p) probabilities by the ratio recurrence. */
function pmf(n: number, p: number): number[] {
  const out = [Math.pow(1 - p, n)];
  for (let k = 0; k < n; k++) out.push((out[k]! * (n - k) * p) / ((k + 1) * (1 - p)));
  return out;
}

/** Pearson's chi-square of samples against the exact distribution, bins merged to expected counts >= 10. */
function chiSquare(samples: number[], n: number, p: number): { statistic: number; df: number } {
  const probs = pmf(n, p);
  const observed = new Array<number>(n + 1).fill(0);
  for (const x of samples) observed[x]! += 1;
  let statistic = 0;
  let bins = 0;
  let e = 0;
  let o = 0;
  let below = 0;
  for (let k = 0; k <= n; k++) {
    e += probs[k]! * samples.length;
    o += observed[k]!;
    below += probs[k]!;
    if (e >= 10 && (1 - below) * samples.length >= 10) {
      statistic += (o - e) ** 2 / e;
      bins += 1;
      e = 0;
      o = 0;
    }
  }
  statistic += e > 0 ? (o - e) ** 2 / e : 0;
  return { statistic, df: bins };
}

describe('binomial', () => {
  const logFact = logFactorials(20_000);

  it('has exact log-factorials', () => {
    expect(logFact[0]).toBe(0);
    expect(logFact[1]).toBe(0);
    expect(Math.exp(logFact[10]!)).toBeCloseTo(3_628_800, 3);
  });

  // Each case draws 20,000 values and compares them with the exact probabilities; the bound is the chi-square
  // quantile at p = 0.001 for the degrees of freedom (approximated by df + 3.1·sqrt(2·df) + 2).
  it.each([
    [20, 0.3, 'inversion'],
    [1000, 0.004, 'inversion'],
    [200, 0.4, 'BTRS'],
    [20_000, 0.012, 'BTRS'],
    [60, 0.85, 'symmetry + BTRS'],
    [20_000, 1 / 84, 'BTRS, a bootstrap cell'],
  ])('Binomial(%i, %f) by %s matches the exact distribution', (n, p) => {
    const random = seededRandom(n + Math.round(p * 1e6));
    const samples = Array.from({ length: 20_000 }, () => binomial(n, p, random, logFact));
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    const variance = samples.reduce((s, x) => s + (x - mean) ** 2, 0) / (samples.length - 1);
    expect(samples.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / samples.length));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
    const { statistic, df } = chiSquare(samples, n, p);
    expect(statistic).toBeLessThan(df + 3.1 * Math.sqrt(2 * df) + 2);
  });

  it('handles the ends', () => {
    const random = seededRandom(1);
    expect(binomial(0, 0.5, random, logFact)).toBe(0);
    expect(binomial(10, 0, random, logFact)).toBe(0);
    expect(binomial(10, 1, random, logFact)).toBe(10);
  });
});

describe('multinomialInto', () => {
  it('draws counts that sum to n with the expected means, skipping empty cells', () => {
    const logFact = logFactorials(1000);
    const random = seededRandom(4);
    const weights = [500, 0, 300, 150, 49, 1];
    const out = new Float64Array(weights.length);
    const sums = new Float64Array(weights.length);
    for (let r = 0; r < 4000; r++) {
      multinomialInto(1000, weights, random, logFact, out);
      expect(out.reduce((s, x) => s + x, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      for (let c = 0; c < weights.length; c++) sums[c]! += out[c]!;
    }
    weights.forEach((w, c) => {
      const expected = w; // n · w / Σw with Σw = n = 1000
      const sd = Math.sqrt((1000 * (w / 1000) * (1 - w / 1000)) / 4000);
      expect(Math.abs(sums[c]! / 4000 - expected)).toBeLessThanOrEqual(4 * sd + 1e-9);
    });
  });
});
