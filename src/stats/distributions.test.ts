import { describe, expect, it } from 'vitest';
import { meanWithInterval, median, quantile, studentTQuantile } from './distributions';

describe('distributions', () => {
  it('computes t quantiles', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623, 3);
  });

  it('gives the mean with a Student-t 95% interval, none for fewer than two values', () => {
    const m = meanWithInterval([1, 2, 3, 4, 5]);
    expect(m?.mean).toBe(3);
    // sd = 1.5811, se = 0.7071, t(0.975, 4) = 2.7764: half-width 1.9632.
    expect(m?.ci95?.low).toBeCloseTo(1.0368, 3);
    expect(m?.ci95?.high).toBeCloseTo(4.9632, 3);
    expect(meanWithInterval([4])).toEqual({ mean: 4, ci95: null });
    expect(meanWithInterval([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('interpolates quantiles between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
