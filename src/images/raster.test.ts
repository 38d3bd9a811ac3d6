import { describe, expect, it } from 'vitest';
import { isRasterMime, rasterBlob, rasterOf } from './raster';
import { gifHeader, jpegBytes, pngBytes, textBytes } from '../../test-support/images';

const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const html = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>');

describe('what may be stored and shown', () => {
  it('takes raster images by their bytes, with the type the bytes show', () => {
    expect(rasterOf(pngBytes(2, 2))).toEqual({ format: 'png', mime: 'image/png' });
    expect(rasterOf(jpegBytes(2, 2))).toEqual({ format: 'jpeg', mime: 'image/jpeg' });
    expect(rasterOf(gifHeader(2, 2)).mime).toBe('image/gif');
  });

  it('refuses SVG, HTML and text, whatever they are called', () => {
    expect(rasterOf(svg)).toEqual({ format: 'svg', mime: null });
    expect(rasterOf(html)).toEqual({ format: 'unknown', mime: null });
    expect(rasterOf(textBytes('hello')).mime).toBeNull();
    expect(isRasterMime('image/svg+xml')).toBe(false);
    expect(isRasterMime('text/html')).toBe(false);
    expect(isRasterMime('image/png')).toBe(true);
  });

  it('retypes a Blob by its bytes, and gives nothing for a Blob that is not a raster image', async () => {
    const lying = new Blob([pngBytes(2, 2)], { type: 'text/html' });
    expect((await rasterBlob(lying))?.type).toBe('image/png');
    const right = new Blob([jpegBytes(2, 2)], { type: 'image/jpeg' });
    expect(await rasterBlob(right)).toBe(right);
    expect(await rasterBlob(new Blob([svg], { type: 'image/png' }))).toBeNull();
    expect(await rasterBlob(new Blob([html], { type: 'image/png' }))).toBeNull();
  });
});
