// Image bytes built in the tests themselves, for every suite (unit tests, the demo endpoint's tests, the
// end-to-end specs, the bench): real PNGs and JPEGs painted pixel by pixel, JPEGs with an EXIF
// orientation, and hand-made headers that claim any size (GIF, WebP, BMP, AVIF/HEIC, decompression bombs).
// The checked-in sample photos are the app's own examples in `public/examples/` (see `photoPath`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

type Bytes = Uint8Array<ArrayBuffer>;

/** A checked-in sample photo: the app's examples in `public/examples/`, the one copy (see LICENSES.md there). */
export const photoPath = (name: string): string =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'examples', name);

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

// --- painted images -------------------------------------------------------------------------------------

export type Rgba = readonly [number, number, number, number];
/** The colour of pixel (x, y); called row by row, left to right. */
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

export function png(width: number, height: number, painter: Painter): Bytes {
  const image = new PNG({ width, height });
  image.data = paint(width, height, painter);
  return new Uint8Array(PNG.sync.write(image));
}

export function jpegImage(width: number, height: number, painter: Painter, quality = 90): Bytes {
  return new Uint8Array(jpeg.encode({ width, height, data: paint(width, height, painter) }, quality).data);
}

const GREY: Rgba = [128, 128, 128, 128];
const LIGHT: Rgba = [200, 200, 200, 200];

/** A plain grey PNG of the given size. */
export const pngBytes = (width: number, height: number): Bytes => png(width, height, () => GREY);

/** A plain light-grey JPEG of the given size. */
export const jpegBytes = (width: number, height: number): Bytes => jpegImage(width, height, () => LIGHT);

/** One-pixel black lines every `period` rows on white: two-toned, thin, many edges, like text. */
export const stripes =
  (period: number): Painter =>
  (_x, y) =>
    y % period === 0 ? BLACK : WHITE;

/** `left` on the left half, `right` on the right half: which way an image was turned shows in its pixels. */
export const halves =
  (width: number, left: Rgba, right: Rgba): Painter =>
  (x) =>
    x < width / 2 ? left : right;

export function dataUrl(bytes: Uint8Array, mime = 'image/png'): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

// --- JPEG segments and EXIF -----------------------------------------------------------------------------

/** Inserts segments right after SOI, where EXIF and ICC segments live in camera files. */
export function withSegments(jpg: Uint8Array, ...segments: Uint8Array[]): Bytes {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new Error('not a JPEG');
  return new Uint8Array([...jpg.subarray(0, 2), ...segments.flatMap((s) => Array.from(s)), ...jpg.subarray(2)]);
}

export function segment(marker: number, payload: number[]): Bytes {
  return new Uint8Array([0xff, marker, ...u16be(payload.length + 2), ...payload]);
}

/** An APP1 EXIF segment whose IFD0 holds one Orientation entry (with a decoy entry before it). */
export function exifSegment(orientation: number, byteOrder: 'II' | 'MM' = 'II'): Bytes {
  const le = byteOrder === 'II';
  const u16 = le ? u16le : u16be;
  const u32 = le ? u32le : u32be;
  const tiff = [
    ...ascii(byteOrder),
    ...u16(42),
    ...u32(8),
    ...u16(2),
    ...u16(0x010f),
    ...u16(2),
    ...u32(4),
    ...ascii('Cam\0'), // Make
    ...u16(0x0112),
    ...u16(3),
    ...u32(1),
    ...u16(orientation),
    0,
    0,
    ...u32(0),
  ];
  return segment(0xe1, [...ascii('Exif\0\0'), ...tiff]);
}

/** The JPEG with an EXIF Orientation (1-8), as a camera writes it: big-endian, right after SOI. */
export const withExifOrientation = (jpg: Uint8Array, orientation: number): Bytes => withSegments(jpg, exifSegment(orientation, 'MM'));

// --- headers that claim a size --------------------------------------------------------------------------

function pngChunk(type: string, data: number[]): number[] {
  const typed = new Uint8Array([...ascii(type), ...data]);
  return [...u32be(data.length), ...typed, ...u32be(crc32(typed))];
}

/**
 * A PNG signature and a well-formed IHDR (RGBA) that claim any size, and nothing to decode: a decompression
 * bomb needs no more than this to look real. `end` adds the IEND chunk of a complete file.
 */
export function pngHeader(width: number, height: number, { end = false } = {}): Bytes {
  return new Uint8Array([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...pngChunk('IHDR', [...u32be(width), ...u32be(height), 8, 6, 0, 0, 0]),
    ...(end ? pngChunk('IEND', []) : []),
  ]);
}

/** The first bytes of a GIF: enough for its logical screen size. */
export function gifHeader(width: number, height: number): Bytes {
  return new Uint8Array([...ascii('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0]);
}

function riff(chunk: string, payload: number[]): Bytes {
  return new Uint8Array([
    ...ascii('RIFF'),
    ...u32le(4 + 8 + payload.length),
    ...ascii('WEBP'),
    ...ascii(chunk),
    ...u32le(payload.length),
    ...payload,
  ]);
}

export function webpLossy(width: number, height: number): Bytes {
  return riff('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(width), ...u16le(height), 0, 0]);
}

/** A lossless WebP header (VP8L): 14-bit width-1 and height-1 after the 0x2f signature. */
export function webpLossless(width: number, height: number): Bytes {
  const bits = (width - 1) | ((height - 1) << 14);
  return riff('VP8L', [0x2f, ...u32le(bits), 0, 0]);
}

export function webpExtended(width: number, height: number): Bytes {
  return riff('VP8X', [0x10, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
}

export function bmpHeader(width: number, height: number, infoSize: 40 | 12 = 40): Bytes {
  const info =
    infoSize === 12
      ? [...u32le(12), ...u16le(width), ...u16le(height), 1, 0, 24, 0]
      : [...u32le(40), ...u32le(width), ...u32le(height), 1, 0, 24, 0, ...new Array<number>(24).fill(0)];
  return new Uint8Array([...ascii('BM'), ...u32le(14 + info.length), 0, 0, 0, 0, ...u32le(14 + info.length), ...info]);
}

function box(type: string, payload: number[]): number[] {
  return [...u32be(8 + payload.length), ...ascii(type), ...payload];
}

/** ftyp plus meta/iprp/ipco with one `ispe` per given size, as AVIF and HEIC files carry. */
export function isoImage(major: string, compatible: string[], sizes: Array<[number, number]> = []): Bytes {
  const ispe = sizes.flatMap(([w, h]) => box('ispe', [0, 0, 0, 0, ...u32be(w), ...u32be(h)]));
  const meta = box('meta', [0, 0, 0, 0, ...box('hdlr', new Array<number>(24).fill(0)), ...box('iprp', box('ipco', ispe))]);
  return new Uint8Array([...box('ftyp', [...ascii(major), 0, 0, 0, 0, ...compatible.flatMap(ascii)]), ...meta, ...box('mdat', [1, 2, 3])]);
}

export const textBytes = (s: string) => new TextEncoder().encode(s);
