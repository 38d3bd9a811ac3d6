import { describe, expect, it } from 'vitest';
import { analyseImage, measurePixels, nameColour, sentImage } from './image-analysis.ts';
import { probeImage } from './image-probe.ts';
import {
  BLACK,
  dataUrl,
  gifHeader,
  jpegImage,
  png,
  pngHeader,
  RED,
  stripes,
  webpLossless,
  WHITE,
  withExifOrientation,
} from '../test-support/images.ts';

describe('probeImage', () => {
  it('reads PNG and JPEG sizes from their headers', () => {
    expect(probeImage(png(37, 21, () => RED))).toMatchObject({ format: 'png', width: 37, height: 21, exifOrientation: null });
    expect(probeImage(jpegImage(40, 24, () => RED))).toMatchObject({ format: 'jpeg', width: 40, height: 24 });
  });

  it('reads the EXIF orientation of a JPEG', () => {
    const rotated = withExifOrientation(
      jpegImage(16, 8, () => RED),
      6,
    );
    expect(probeImage(rotated)).toMatchObject({ format: 'jpeg', width: 16, height: 8, exifOrientation: 6 });
    expect(probeImage(jpegImage(16, 8, () => RED)).exifOrientation).toBeNull();
  });

  it('reads GIF and WebP sizes without decoding', () => {
    expect(probeImage(gifHeader(320, 200))).toMatchObject({ format: 'gif', width: 320, height: 200 });
    expect(probeImage(webpLossless(300, 150))).toMatchObject({ format: 'webp', width: 300, height: 150 });
  });

  it('says unknown for bytes it does not recognise', () => {
    expect(probeImage(new Uint8Array([1, 2, 3]))).toEqual({
      format: 'unknown',
      bytes: 3,
      width: null,
      height: null,
      exifOrientation: null,
    });
    expect(probeImage(new Uint8Array(0)).format).toBe('unknown');
  });
});

describe('analyseImage', () => {
  it('finds red in a solid red PNG', () => {
    const report = analyseImage(png(32, 32, () => RED));
    expect(report.pixels?.colours).toEqual([{ name: 'red', percent: 100 }]);
    expect(report.pixels?.looksLikeText).toBe(false);
    expect(report.skipped).toBeNull();
  });

  it('decodes JPEG too', () => {
    const report = analyseImage(jpegImage(24, 16, () => [30, 60, 200, 255]));
    expect(report.probe).toMatchObject({ format: 'jpeg', width: 24, height: 16 });
    expect(report.pixels?.colours[0]?.name).toBe('blue');
  });

  it('calls black-and-white stripes text-like', () => {
    expect(analyseImage(png(120, 80, stripes(4))).pixels?.looksLikeText).toBe(true);
  });

  it('does not call a thick silhouette or a gradient text-like', () => {
    const silhouette = png(120, 80, (x, y) => ((x - 60) ** 2 + (y - 40) ** 2 < 900 ? BLACK : WHITE));
    expect(analyseImage(silhouette).pixels?.looksLikeText).toBe(false);
    const gradient = png(128, 64, (x) => [x * 2, x * 2, x * 2, 255]);
    expect(analyseImage(gradient).pixels?.looksLikeText).toBe(false);
  });

  it('judges brightness from mean luma', () => {
    expect(analyseImage(png(8, 8, () => BLACK)).pixels).toMatchObject({ meanBrightness: 0, brightness: 'dark' });
    expect(analyseImage(png(8, 8, () => [128, 128, 128, 255])).pixels?.brightness).toBe('medium');
    expect(analyseImage(png(8, 8, () => WHITE)).pixels).toMatchObject({ meanBrightness: 255, brightness: 'bright' });
  });

  it('lists at most three colours, most frequent first, with percentages', () => {
    const bands = png(100, 10, (x) => (x < 50 ? RED : x < 80 ? [20, 160, 40, 255] : x < 95 ? [30, 60, 200, 255] : WHITE));
    expect(analyseImage(bands).pixels?.colours).toEqual([
      { name: 'red', percent: 50 },
      { name: 'green', percent: 30 },
      { name: 'blue', percent: 15 },
    ]);
  });

  it('sees transparent pixels as white', () => {
    expect(analyseImage(png(8, 8, () => [0, 0, 0, 0])).pixels?.colours).toEqual([{ name: 'white', percent: 100 }]);
  });

  it('refuses to decode an image whose header claims too many pixels', () => {
    const report = analyseImage(pngHeader(100_000, 100_000));
    expect(report).toMatchObject({ pixels: null, skipped: 'too-large' });
    expect(report.probe).toMatchObject({ width: 100_000, height: 100_000 });
  });

  it('reports corrupt data instead of throwing', () => {
    const truncated = jpegImage(32, 32, () => RED).subarray(0, 200);
    expect(analyseImage(truncated)).toMatchObject({ pixels: null, skipped: 'undecodable' });
    expect(analyseImage(pngHeader(10, 10))).toMatchObject({ pixels: null, skipped: 'undecodable' });
  });

  it('measures GIF and WebP by header only', () => {
    expect(analyseImage(gifHeader(5, 7))).toMatchObject({ pixels: null, skipped: 'format', probe: { width: 5, height: 7 } });
    expect(analyseImage(webpLossless(9, 4))).toMatchObject({ pixels: null, skipped: 'format' });
  });

  it('gives the same measurement for the same pixels', () => {
    const image = { width: 3, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]) };
    expect(measurePixels(image)).toEqual(measurePixels(image));
  });
});

describe('sentImage', () => {
  it('measures an image the first time its base64 arrives, as analyseImage does, and keeps it by that text', () => {
    const image = png(16, 16, () => RED);
    const first = sentImage(dataUrl(image));
    expect(first).toEqual({ probe: probeImage(image), report: analyseImage(image) });
    // A fresh copy of the same text: the kept measures, not a second decode.
    expect(sentImage(dataUrl(new Uint8Array(image)))).toBe(first);
    const white = sentImage(dataUrl(png(16, 16, () => WHITE)));
    expect(white).not.toBe(first);
    expect(white.report.pixels?.colours[0]?.name).toBe('white');
  });

  it('reads bare base64 (the task endpoint shape) as the same bytes', () => {
    const image = jpegImage(20, 10, () => BLACK);
    expect(sentImage(Buffer.from(image).toString('base64')).probe).toEqual(probeImage(image));
  });
});

describe('nameColour', () => {
  it.each([
    [[230, 30, 30], 'red'],
    [[250, 140, 20], 'orange'],
    [[240, 220, 30], 'yellow'],
    [[40, 170, 60], 'green'],
    [[40, 200, 210], 'cyan'],
    [[30, 60, 200], 'blue'],
    [[130, 40, 190], 'purple'],
    [[240, 110, 190], 'pink'],
    [[255, 190, 200], 'pink'],
    [[110, 60, 20], 'brown'],
    [[10, 10, 10], 'black'],
    [[128, 128, 128], 'grey'],
    [[250, 250, 250], 'white'],
  ] as const)('calls %j %s', ([r, g, b], name) => {
    expect(nameColour(r, g, b)).toBe(name);
  });
});
