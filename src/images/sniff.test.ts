import { describe, expect, it } from 'vitest';
import { SNIFF_HEAD_BYTES, sniffImage, type SniffResult } from './sniff';
import {
  bmpHeader,
  exifSegment,
  gifHeader,
  isoImage,
  jpegBytes,
  pngBytes,
  segment,
  textBytes,
  webpExtended,
  webpLossless,
  webpLossy,
  withSegments,
} from '../../test-support/images';

const dims = (s: SniffResult) => [s.format, s.width, s.height];

describe('sniffImage', () => {
  it('reads real PNG and JPEG files', () => {
    expect(sniffImage(pngBytes(3, 2))).toMatchObject({ format: 'png', mime: 'image/png', width: 3, height: 2, truncated: false });
    expect(sniffImage(jpegBytes(5, 3))).toMatchObject({
      format: 'jpeg',
      mime: 'image/jpeg',
      width: 5,
      height: 3,
      exifOrientation: null,
      displayWidth: 5,
      displayHeight: 3,
    });
  });

  it('reads the EXIF orientation and reports the displayed size for 5-8', () => {
    for (const order of ['II', 'MM'] as const) {
      const s = sniffImage(withSegments(jpegBytes(5, 3), exifSegment(6, order)));
      expect(s).toMatchObject({ width: 5, height: 3, exifOrientation: 6, displayWidth: 3, displayHeight: 5 });
    }
    expect(sniffImage(withSegments(jpegBytes(5, 3), exifSegment(3)))).toMatchObject({ exifOrientation: 3, displayWidth: 5 });
    expect(sniffImage(withSegments(jpegBytes(5, 3), exifSegment(9))).exifOrientation).toBeNull();
  });

  it('walks past other segments and fill bytes to the frame header', () => {
    const app2 = segment(0xe2, new Array<number>(1000).fill(7));
    const padded = withSegments(jpegBytes(7, 4), app2, new Uint8Array([0xff, 0xff]), segment(0xfe, [1, 2, 3]));
    expect(dims(sniffImage(padded))).toEqual(['jpeg', 7, 4]);
  });

  it('says truncated when a JPEG frame header lies past the head, and finds it given more', () => {
    const big = segment(0xe2, new Array<number>(65000).fill(0));
    const file = withSegments(jpegBytes(9, 8), big, big);
    expect(sniffImage(file.subarray(0, SNIFF_HEAD_BYTES))).toMatchObject({ format: 'jpeg', width: null, truncated: true });
    expect(dims(sniffImage(file))).toEqual(['jpeg', 9, 8]);
  });

  it('reads GIF, WebP (VP8, VP8L, VP8X) and BMP headers', () => {
    expect(dims(sniffImage(gifHeader(640, 480)))).toEqual(['gif', 640, 480]);
    expect(dims(sniffImage(webpLossy(1024, 768)))).toEqual(['webp', 1024, 768]);
    expect(dims(sniffImage(webpLossless(16383, 2)))).toEqual(['webp', 16383, 2]);
    expect(dims(sniffImage(webpExtended(20000, 30000)))).toEqual(['webp', 20000, 30000]);
    expect(dims(sniffImage(bmpHeader(300, -200)))).toEqual(['bmp', 300, 200]);
    expect(dims(sniffImage(bmpHeader(30, 20, 12)))).toEqual(['bmp', 30, 20]);
  });

  it('tells AVIF, HEIC and HEIF apart by ftyp brands and reads the largest ispe', () => {
    expect(
      sniffImage(
        isoImage(
          'avif',
          ['mif1', 'miaf'],
          [
            [512, 512],
            [4096, 3072],
          ],
        ),
      ),
    ).toMatchObject({
      format: 'avif',
      mime: 'image/avif',
      width: 4096,
      height: 3072,
    });
    expect(dims(sniffImage(isoImage('heic', ['mif1', 'heic'], [[4032, 3024]])))).toEqual(['heic', 4032, 3024]);
    expect(sniffImage(isoImage('mif1', ['heic'])).format).toBe('heic');
    expect(sniffImage(isoImage('mif1', ['avif'])).format).toBe('avif');
    expect(dims(sniffImage(isoImage('mif1', [])))).toEqual(['heif', null, null]);
    expect(sniffImage(isoImage('isom', ['mp41'])).format).toBe('unknown');
  });

  it('knows TIFF without reading its size', () => {
    expect(dims(sniffImage(new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0])))).toEqual(['tiff', null, null]);
    expect(sniffImage(new Uint8Array([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8])).format).toBe('tiff');
  });

  it('recognises SVG after a BOM and whitespace, and only real SVG among XML', () => {
    expect(sniffImage(textBytes('<svg xmlns="http://www.w3.org/2000/svg"/>')).format).toBe('svg');
    expect(sniffImage(textBytes('\uFEFF \n\t<?xml version="1.0"?>\n<svg onload="alert(1)"></svg>'))).toMatchObject({
      format: 'svg',
      mime: 'image/svg+xml',
    });
    expect(sniffImage(textBytes('<?xml version="1.0"?><rss></rss>')).format).toBe('unknown');
    expect(sniffImage(textBytes('BMW owners club')).format).toBe('unknown');
  });

  it('calls empty and unknown input unknown', () => {
    expect(sniffImage(new Uint8Array(0))).toMatchObject({ format: 'unknown', mime: null, width: null, truncated: false });
    expect(sniffImage(textBytes('%PDF-1.7')).format).toBe('unknown');
  });

  const samples: Record<string, Uint8Array> = {
    png: pngBytes(3, 2),
    jpeg: withSegments(jpegBytes(5, 3), exifSegment(6)),
    gif: gifHeader(1, 1),
    webpLossy: webpLossy(2, 2),
    webpLossless: webpLossless(2, 2),
    webpExtended: webpExtended(2, 2),
    bmp: bmpHeader(2, 2),
    avif: isoImage('avif', ['mif1'], [[2, 2]]),
  };

  it('never throws on any truncation of a real header, and never invents a size', () => {
    for (const [name, bytes] of Object.entries(samples)) {
      const full = sniffImage(bytes);
      for (let n = 0; n < bytes.length; n++) {
        const s = sniffImage(bytes.subarray(0, n));
        if (s.width !== null) expect([name, s.width, s.height]).toEqual([name, full.width, full.height]);
      }
    }
  });

  it('never throws on garbage or corrupted headers', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const inputs: Uint8Array[] = [];
    for (let k = 0; k < 300; k++) inputs.push(Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
    for (const bytes of Object.values(samples)) {
      for (let k = 0; k < 200; k++) {
        const copy = bytes.slice();
        for (let j = 0; j < 4; j++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        inputs.push(copy);
      }
    }
    // Hostile lengths: a zero-length JPEG segment and an ftyp box claiming 4 GB.
    inputs.push(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xc0]));
    inputs.push(new Uint8Array([0xff, 0xff, 0xff, 0xf0, ...textBytes('ftypavif'), 0, 0, 0, 1, ...textBytes('meta')]));
    for (const bytes of inputs) expect(() => sniffImage(bytes)).not.toThrow();
  });
});
