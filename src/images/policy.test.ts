import { describe, expect, it } from 'vitest';
import { targetSize } from './policy';

describe('targetSize', () => {
  it('puts the short side on 768 for Tanuki presets, landscape and portrait', () => {
    expect(targetSize(4032, 3024, { shortSide: 768 })).toEqual({ width: 1024, height: 768 });
    expect(targetSize(3000, 4000, { shortSide: 768 })).toEqual({ width: 768, height: 1024 });
  });

  it('never upscales', () => {
    expect(targetSize(451, 300, { shortSide: 768 })).toEqual({ width: 451, height: 300 });
    expect(targetSize(768, 5000, { shortSide: 768 })).toEqual({ width: 768, height: 5000 });
    expect(targetSize(1000, 800, { longSide: 1536 })).toEqual({ width: 1000, height: 800 });
  });

  it('keeps the constrained side exact and rounds the other', () => {
    expect(targetSize(1000, 999, { shortSide: 768 })).toEqual({ width: 769, height: 768 });
    expect(targetSize(2000, 2000, { shortSide: 768 })).toEqual({ width: 768, height: 768 });
    expect(targetSize(10000, 3, { shortSide: 2 })).toEqual({ width: 6667, height: 2 });
  });

  it('caps the long side for longSide policies', () => {
    expect(targetSize(4032, 3024, { longSide: 1536 })).toEqual({ width: 1536, height: 1152 });
    expect(targetSize(3024, 4032, { longSide: 1536 })).toEqual({ width: 1152, height: 1536 });
  });

  it('keeps at least one pixel on extreme aspect ratios', () => {
    expect(targetSize(100000, 10, { longSide: 1000 })).toEqual({ width: 1000, height: 1 });
  });

  it('leaves the size alone for passThrough', () => {
    expect(targetSize(8000, 6000, { passThrough: true })).toEqual({ width: 8000, height: 6000 });
  });

  it('returns whole pixels for odd input', () => {
    expect(targetSize(Number.NaN, 0, { shortSide: 768 })).toEqual({ width: 1, height: 1 });
  });
});
