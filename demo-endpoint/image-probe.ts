/*
 * What can be known about an image from its first bytes alone: format, size, EXIF orientation.
 * The request log and the answer for formats we do not decode (GIF, WebP) rely on this, and the
 * decoder uses the header size to refuse decompression bombs before allocating anything.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'unknown';

export interface ImageProbe {
  format: ImageFormat;
  bytes: number;
  width: number | null;
  height: number | null;
  /** EXIF Orientation (1-8) of a JPEG, or null when absent. */
  exifOrientation: number | null;
}

export function probeImage(data: Uint8Array): ImageProbe {
  const format = sniffFormat(data);
  const size = readSize(format, data);
  return {
    format,
    bytes: data.length,
    width: size?.width ?? null,
    height: size?.height ?? null,
    exifOrientation: format === 'jpeg' ? readJpegOrientation(data) : null,
  };
}

function sniffFormat(data: Uint8Array): ImageFormat {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(data, 0, 4) === 'GIF8') return 'gif';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 4) === 'WEBP') return 'webp';
  return 'unknown';
}

interface Size {
  width: number;
  height: number;
}

function readSize(format: ImageFormat, data: Uint8Array): Size | null {
  switch (format) {
    case 'png':
      return data.length >= 24 && ascii(data, 12, 4) === 'IHDR' ? { width: u32be(data, 16), height: u32be(data, 20) } : null;
    case 'gif':
      return data.length >= 10 ? { width: u16le(data, 6), height: u16le(data, 8) } : null;
    case 'webp':
      return readWebpSize(data);
    case 'jpeg':
      return readJpegSize(data);
    case 'unknown':
      return null;
  }
}

function readWebpSize(data: Uint8Array): Size | null {
  const chunk = ascii(data, 12, 4);
  if (chunk === 'VP8X' && data.length >= 30) {
    return { width: 1 + u24le(data, 24), height: 1 + u24le(data, 27) };
  }
  if (chunk === 'VP8L' && data.length >= 25 && data[20] === 0x2f) {
    const bits = u32le(data, 21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  // Lossy: the key frame starts with the 9d 01 2a start code, then 14-bit dimensions.
  if (chunk === 'VP8 ' && data.length >= 30 && data[23] === 0x9d && data[24] === 0x01 && data[25] === 0x2a) {
    return { width: u16le(data, 26) & 0x3fff, height: u16le(data, 28) & 0x3fff };
  }
  return null;
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpegSize(data: Uint8Array): Size | null {
  for (const segment of jpegSegments(data)) {
    if (isStartOfFrame(segment.marker) && segment.length >= 7) {
      const at = segment.start;
      return { width: u16be(data, at + 5), height: u16be(data, at + 3) };
    }
  }
  return null;
}

function readJpegOrientation(data: Uint8Array): number | null {
  for (const segment of jpegSegments(data)) {
    if (segment.marker === 0xe1 && ascii(data, segment.start + 2, 6) === 'Exif\0\0') {
      return readTiffOrientation(data, segment.start + 8, segment.start + segment.length + 2);
    }
  }
  return null;
}

interface Segment {
  marker: number;
  /** Offset of the two length bytes that follow the marker. */
  start: number;
  length: number;
}

/** Walks the marker segments up to the start of scan, where entropy-coded data begins. */
function* jpegSegments(data: Uint8Array): Generator<Segment> {
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return;
    const marker = data[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return;
    const length = u16be(data, at + 2);
    if (length < 2) return;
    yield { marker, start: at + 2, length };
    at += 2 + length;
  }
}

const ORIENTATION_TAG = 0x0112;

function readTiffOrientation(data: Uint8Array, tiff: number, end: number): number | null {
  const order = ascii(data, tiff, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (at: number): number => (little ? u16le(data, at) : u16be(data, at));
  const u32 = (at: number): number => (little ? u32le(data, at) : u32be(data, at));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function startsWith(data: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => data[i] === byte);
}

function ascii(data: Uint8Array, at: number, length: number): string {
  if (at + length > data.length) return '';
  return String.fromCharCode(...data.subarray(at, at + length));
}

const byte = (data: Uint8Array, at: number): number => data[at] ?? 0;
const u16be = (d: Uint8Array, at: number): number => (byte(d, at) << 8) | byte(d, at + 1);
const u16le = (d: Uint8Array, at: number): number => byte(d, at) | (byte(d, at + 1) << 8);
const u24le = (d: Uint8Array, at: number): number => u16le(d, at) | (byte(d, at + 2) << 16);
const u32be = (d: Uint8Array, at: number): number => u16be(d, at) * 0x10000 + u16be(d, at + 2);
const u32le = (d: Uint8Array, at: number): number => u16le(d, at) + u16le(d, at + 2) * 0x10000;
