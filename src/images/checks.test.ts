import { describe, expect, it } from 'vitest';
import { checkHeader, ImageRejection, imageLimits, splitByLimit } from './checks';
import { sniffImage } from './sniff';
import { isoImage, jpegBytes, pngHeader, textBytes } from '../../test-support/images';

const check = (bytes: Uint8Array, name = 'f', size = bytes.length) => checkHeader({ name, size, type: '' }, sniffImage(bytes));

describe('checkHeader', () => {
  it('passes an ordinary image', () => {
    expect(check(jpegBytes(4, 4))).toBeNull();
  });

  it('refuses zero bytes as empty', () => {
    expect(check(new Uint8Array(0), 'a.jpg')).toMatchObject({ code: 'empty', fileName: 'a.jpg' });
  });

  it('refuses SVG without rendering it, and non-images', () => {
    expect(check(textBytes('<svg/>'))?.code).toBe('svg');
    expect(check(textBytes('%PDF-1.7'), 'doc.pdf')).toMatchObject({ code: 'not-image', fileName: 'doc.pdf' });
  });

  it('refuses files over the byte limit, with the numbers', () => {
    const r = check(jpegBytes(4, 4), 'big.jpg', imageLimits.maxBytes + 1);
    expect(r).toBeInstanceOf(ImageRejection);
    expect(r).toMatchObject({ code: 'too-large-bytes', detail: { bytes: imageLimits.maxBytes + 1, limit: imageLimits.maxBytes } });
  });

  it('refuses a decompression bomb from its header alone', () => {
    expect(check(pngHeader(40000, 40000), 'bomb.png')).toMatchObject({
      code: 'too-many-pixels',
      fileName: 'bomb.png',
      detail: { width: 40000, height: 40000, limit: 50_000_000 },
    });
    expect(check(isoImage('avif', [], [[10000, 10000]]))?.code).toBe('too-many-pixels');
    expect(check(pngHeader(5000, 10000))).toBeNull(); // exactly 50 MP is allowed
  });

  it('calls a valid 1 × 49,999,999 PNG too long a side (with the numbers), not damaged', () => {
    expect(check(pngHeader(1, 49_999_999), 'strip.png')).toMatchObject({
      code: 'too-long-side',
      detail: { width: 1, height: 49_999_999, limit: 100_000 },
    });
    expect(check(pngHeader(100_001, 1))?.code).toBe('too-long-side');
    expect(check(pngHeader(500, 100_000))).toBeNull();
  });

  it('refuses TIFF as unsupported and lets HEIC through to the decoder', () => {
    expect(check(new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).toMatchObject({
      code: 'unsupported-format',
      detail: { format: 'tiff' },
    });
    expect(check(isoImage('heic', ['mif1'], [[4032, 3024]]))).toBeNull();
  });

  it('calls a header without its size corrupt', () => {
    expect(check(pngHeader(10, 10).subarray(0, 20))).toMatchObject({ code: 'corrupt', detail: { reason: 'header cut short' } });
    expect(check(jpegBytes(4, 4).subarray(0, 30))?.code).toBe('corrupt');
  });

  it('carries a message and survives the worker boundary as plain data', () => {
    const r = new ImageRejection('corrupt', 'x.jpg', { reason: 'bad' });
    expect(r.message).toBe('x.jpg: corrupt (bad)');
    expect(ImageRejection.from(structuredClone(r.toData()))).toMatchObject({
      code: 'corrupt',
      fileName: 'x.jpg',
      detail: { reason: 'bad' },
    });
  });
});

describe('splitByLimit', () => {
  it('keeps what fits and refuses the rest, in order', () => {
    expect(splitByLimit([1, 2, 3, 4, 5, 6], 4)).toEqual({ accepted: [1, 2, 3, 4], refused: [5, 6] });
    expect(splitByLimit([1, 2], 4)).toEqual({ accepted: [1, 2], refused: [] });
    expect(splitByLimit([1, 2], 0)).toEqual({ accepted: [], refused: [1, 2] });
    expect(splitByLimit([1, 2], -3)).toEqual({ accepted: [], refused: [1, 2] });
  });
});
