// Test-only builders for real and hand-made image headers. Imported by *.test.ts files, never by the app.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

type Bytes = Uint8Array<ArrayBuffer>;

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

export function pngBytes(width: number, height: number): Bytes {
  const png = new PNG({ width, height });
  png.data.fill(128);
  return new Uint8Array(PNG.sync.write(png));
}

/** A PNG signature and IHDR that claim any size: a decompression bomb needs no more than this to look real. */
export function pngHeader(width: number, height: number): Bytes {
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...u32be(13),
    ...ascii('IHDR'),
    ...u32be(width),
    ...u32be(height),
    8,
    6,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
}

export function jpegBytes(width: number, height: number): Bytes {
  const data = Buffer.alloc(width * height * 4, 200);
  return new Uint8Array(jpeg.encode({ data, width, height }, 90).data);
}

/** Inserts segments right after SOI, where EXIF and ICC segments live in camera files. */
export function withSegments(jpg: Uint8Array, ...segments: Uint8Array[]): Bytes {
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
