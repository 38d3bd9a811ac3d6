import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ImagePolicy } from '../config/schema';
import { ImageRejection } from './checks';
import { inspectCore, prepareCore, sniffBlob, toRejectionData, type BitmapLike, type DecodeOptions, type ImageApis } from './prepare-core';
import { SNIFF_HEAD_BYTES } from './sniff';
import { exifSegment, isoImage, jpegBytes, pngBytes, pngHeader, segment, withSegments } from '../../test-support/images';

class FakeBitmap implements BitmapLike {
  closed = false;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  close() {
    this.closed = true;
  }
}

/** A stand-in for createImageBitmap + OffscreenCanvas: "decodes" to a given upright size and logs every call. */
function fakeApis(upright: { width: number; height: number }, options: { failDecode?: Error; encodedType?: string } = {}) {
  const log: string[] = [];
  const bitmaps: FakeBitmap[] = [];
  const decodes: DecodeOptions[] = [];
  let clock = 0;
  const apis: ImageApis<FakeBitmap> = {
    async decode(_blob, opts) {
      decodes.push(opts);
      if (options.failDecode) throw options.failDecode;
      const bitmap = new FakeBitmap(opts.resizeWidth ?? upright.width, opts.resizeHeight ?? upright.height);
      bitmaps.push(bitmap);
      return bitmap;
    },
    createCanvas(width, height) {
      log.push(`canvas ${width}x${height}`);
      const ctx = {
        fillStyle: '' as unknown,
        fillRect: (x: number, y: number, w: number, h: number) => log.push(`fill ${String(ctx.fillStyle)} ${x},${y},${w}x${h}`),
        drawImage: (b: FakeBitmap, x: number, y: number, w: number, h: number) =>
          log.push(`draw ${b.width}x${b.height} at ${x},${y},${w}x${h}`),
      };
      return {
        getContext: () => ctx,
        convertToBlob: async (o: { type: string; quality: number }) => {
          log.push(`encode ${o.type} ${o.quality}`);
          return new Blob([new Uint8Array([1, 2, 3])], { type: options.encodedType ?? o.type });
        },
      };
    },
    toDataUrl: async (blob) => `data:${blob.type};base64,${Buffer.from(await blob.arrayBuffer()).toString('base64')}`,
    now: () => (clock += 5),
  };
  return { apis, log, bitmaps, decodes };
}

const sha256 = async (blob: Blob) =>
  createHash('sha256')
    .update(new Uint8Array(await blob.arrayBuffer()))
    .digest('hex');
const input = (bytes: Uint8Array<ArrayBuffer>, name = 'photo.jpg', type = 'image/jpeg') => ({
  blob: new Blob([bytes], { type }),
  name,
  type,
});
const tanuki: ImagePolicy = { shortSide: 768 };

describe('prepareCore', () => {
  it('resizes upright to the policy on a white ground, encodes JPEG q0.9 and hashes what is sent', async () => {
    // The header says 3024x4032 with orientation 6; the decoder reports the upright size.
    const bytes = withSegments(jpegBytes(40, 30), exifSegment(6));
    const { apis, log, bitmaps, decodes } = fakeApis({ width: 3024, height: 4032 });
    const image = await prepareCore(input(bytes), tanuki, apis);

    expect(decodes).toEqual([
      { imageOrientation: 'from-image' },
      { imageOrientation: 'from-image', resizeWidth: 768, resizeHeight: 1024, resizeQuality: 'high' },
    ]);
    expect(log).toEqual(['canvas 768x1024', 'fill #ffffff 0,0,768x1024', 'draw 768x1024 at 0,0,768x1024', 'encode image/jpeg 0.9']);
    expect(bitmaps.every((b) => b.closed)).toBe(true);
    expect(image).toMatchObject({
      mime: 'image/jpeg',
      width: 768,
      height: 1024,
      bytes: 3,
      ms: 5,
      original: { name: 'photo.jpg', mime: 'image/jpeg', width: 3024, height: 4032, bytes: bytes.length, exifOrientation: 6 },
    });
    expect(image.sha256).toBe(await sha256(image.blob));
    // The request's form of the same bytes is made with them, so that Send has nothing left to encode.
    expect(image.dataUrl).toBe(`data:image/jpeg;base64,${Buffer.from(await image.blob.arrayBuffer()).toString('base64')}`);
  });

  it('sends the original bytes for passThrough, sized from the header, without decoding', async () => {
    const bytes = pngBytes(6, 4);
    const { apis, decodes } = fakeApis({ width: 6, height: 4 });
    // The claimed type is wrong: the endpoint is told the real one.
    const image = await prepareCore(input(bytes, 'shot.jpg', 'image/jpeg'), { passThrough: true }, apis);
    expect(decodes).toEqual([]);
    expect(image).toMatchObject({ mime: 'image/png', width: 6, height: 4, bytes: bytes.length, original: { mime: 'image/png' } });
    expect(image.blob.type).toBe('image/png');
    expect(new Uint8Array(await image.blob.arrayBuffer())).toEqual(bytes);
    expect(image.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(image.dataUrl).toBe(`data:image/png;base64,${Buffer.from(bytes).toString('base64')}`);
  });

  it('measures passThrough images by decoding when the header has no size', async () => {
    const { apis, decodes, bitmaps } = fakeApis({ width: 4032, height: 3024 });
    const image = await prepareCore(input(isoImage('heic', ['mif1']), 'p.heic', 'image/heic'), { passThrough: true }, apis);
    expect(decodes).toHaveLength(1);
    expect(bitmaps[0]?.closed).toBe(true);
    expect(image).toMatchObject({ width: 4032, height: 3024, mime: 'image/heic' });
  });

  it('refuses a bomb before any decode', async () => {
    const { apis, decodes } = fakeApis({ width: 1, height: 1 });
    await expect(prepareCore(input(pngHeader(40000, 40000), 'bomb.png'), tanuki, apis)).rejects.toMatchObject({ code: 'too-many-pixels' });
    expect(decodes).toEqual([]);
  });

  it('refuses a decoded size over the limit when the header could not tell', async () => {
    const { apis } = fakeApis({ width: 10000, height: 10000 });
    await expect(prepareCore(input(isoImage('avif', ['mif1']), 'a.avif'), tanuki, apis)).rejects.toMatchObject({ code: 'too-many-pixels' });
  });

  it('reports a failed decode as corrupt, or as unsupported for HEIC', async () => {
    const failDecode = new Error('The source image could not be decoded.');
    const jpeg = fakeApis({ width: 1, height: 1 }, { failDecode });
    await expect(prepareCore(input(jpegBytes(4, 4)), tanuki, jpeg.apis)).rejects.toMatchObject({
      code: 'corrupt',
      detail: { format: 'jpeg', reason: failDecode.message },
    });
    const heic = fakeApis({ width: 1, height: 1 }, { failDecode });
    await expect(prepareCore(input(isoImage('heic', ['mif1'], [[40, 30]]), 'p.heic'), tanuki, heic.apis)).rejects.toMatchObject({
      code: 'unsupported-format',
      detail: { format: 'heic', stage: 'decode' },
    });
  });

  it('refuses when the browser silently encodes something other than JPEG', async () => {
    const { apis, bitmaps } = fakeApis({ width: 10, height: 10 }, { encodedType: 'image/png' });
    await expect(prepareCore(input(jpegBytes(10, 10)), tanuki, apis)).rejects.toMatchObject({
      code: 'unsupported-format',
      detail: { stage: 'encode' },
    });
    expect(bitmaps.every((b) => b.closed)).toBe(true);
  });

  it('refuses empty and non-image files before decoding', async () => {
    const { apis, decodes } = fakeApis({ width: 1, height: 1 });
    await expect(prepareCore(input(new Uint8Array(0)), tanuki, apis)).rejects.toBeInstanceOf(ImageRejection);
    await expect(prepareCore(input(new TextEncoder().encode('<svg/>'), 'x.svg'), tanuki, apis)).rejects.toMatchObject({ code: 'svg' });
    expect(decodes).toEqual([]);
  });
});

describe('inspectCore', () => {
  it('checks the header and decodes, keeping the bytes as they are; resolves to the type and upright size', async () => {
    const { apis, bitmaps } = fakeApis({ width: 30, height: 40 });
    const blob = new Blob([pngBytes(40, 30)], { type: 'image/png' });
    expect(await inspectCore({ blob, name: 'a.png', type: '' }, apis)).toEqual({ mime: 'image/png', width: 30, height: 40 });
    expect(bitmaps.every((b) => b.closed)).toBe(true);
  });

  it('refuses what the composer refuses: not an image, an undecodable one', async () => {
    const text = new Blob(['{"question": "x"}']);
    await expect(
      inspectCore({ blob: text, name: 'q.jpg', type: 'image/jpeg' }, fakeApis({ width: 1, height: 1 }).apis),
    ).rejects.toMatchObject({
      code: 'not-image',
    });
    const broken = fakeApis({ width: 1, height: 1 }, { failDecode: new Error('The source image could not be decoded.') });
    await expect(inspectCore({ blob: new Blob([jpegBytes(10, 10)]), name: 'b.jpg', type: '' }, broken.apis)).rejects.toMatchObject({
      code: 'corrupt',
      fileName: 'b.jpg',
    });
  });
});

describe('sniffBlob', () => {
  it('reads past the first head when a JPEG header lies beyond it', async () => {
    const big = segment(0xe2, new Array<number>(65000).fill(0));
    const bytes = withSegments(jpegBytes(9, 8), big, big);
    expect(bytes.length).toBeGreaterThan(SNIFF_HEAD_BYTES);
    expect(await sniffBlob(new Blob([bytes]))).toMatchObject({ format: 'jpeg', width: 9, height: 8, truncated: false });
  });
});

describe('toRejectionData', () => {
  it('keeps rejections and turns anything else into corrupt', () => {
    expect(toRejectionData(new ImageRejection('svg', 'a.svg'), 'a.svg')).toEqual({ code: 'svg', fileName: 'a.svg' });
    expect(toRejectionData(new Error('boom'), 'b.png')).toEqual({ code: 'corrupt', fileName: 'b.png', detail: { reason: 'boom' } });
  });
});
