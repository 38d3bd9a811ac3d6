/*
 * Tiny images generated in the tests themselves, so the suite needs no files from elsewhere.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type Rgba = readonly [number, number, number, number];
export type Painter = (x: number, y: number) => Rgba;

export const RED: Rgba = [220, 20, 30, 255];
export const BLACK: Rgba = [0, 0, 0, 255];
export const WHITE: Rgba = [255, 255, 255, 255];

function paint(width: number, height: number, painter: Painter): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(painter(x, y), (y * width + x) * 4);
  }
  return data;
}

export function png(width: number, height: number, painter: Painter): Buffer {
  const image = new PNG({ width, height });
  image.data = paint(width, height, painter);
  return PNG.sync.write(image);
}

export function jpegImage(width: number, height: number, painter: Painter, quality = 90): Buffer {
  return jpeg.encode({ width, height, data: paint(width, height, painter) }, quality).data;
}

/** One-pixel black lines every `period` rows on white: two-toned, thin, many edges, like text. */
export const stripes =
  (period: number): Painter =>
  (_x, y) =>
    y % period === 0 ? BLACK : WHITE;

/** Inserts an EXIF APP1 segment holding only an Orientation tag right after SOI. */
export function withExifOrientation(jpegBytes: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, IFD at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT, 1
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.length + 2);
  return Buffer.concat([jpegBytes.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, jpegBytes.subarray(2)]);
}

/** A PNG whose header claims a huge size; its pixel data is missing, as a bomb's would not matter. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'ascii');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

/** The first bytes of a GIF: enough for its logical screen size. */
export function gifHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(13);
  bytes.write('GIF89a', 0, 'ascii');
  bytes.writeUInt16LE(width, 6);
  bytes.writeUInt16LE(height, 8);
  return bytes;
}

/** A lossless WebP header (VP8L): 14-bit width-1 and height-1 after the 0x2f signature. */
export function webpLosslessHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(30);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(22, 4);
  bytes.write('WEBPVP8L', 8, 'ascii');
  bytes.writeUInt32LE(10, 16);
  bytes[20] = 0x2f;
  bytes.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  return bytes;
}

export function dataUrl(bytes: Uint8Array, mime = 'image/png'): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}
