// Image files built in the test instead of checked in: photos with a given EXIF orientation, and the bad
// input the intake must refuse (corrupt, empty, oversized, bombs, SVG, HEIC). Each builder returns the
// `{ name, mimeType, buffer }` shape that `ChatPage.attach` and `setInputFiles` take.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import jpeg from 'jpeg-js';
import { imagePath } from '../fixtures';

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const fixtureBytes = (name: string): Buffer => readFileSync(imagePath(name));

/**
 * A checked-in image as a payload. Playwright refuses to mix file paths and buffers in one `setInputFiles`,
 * so a fixture that travels with generated files must be a buffer too.
 */
export const fixtureFile = (name: string): FilePayload => ({
  name,
  mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg',
  buffer: fixtureBytes(name),
});

type Rgb = readonly [number, number, number];

/** A baseline JPEG whose stored pixels are `left` on the left half and `right` on the right half. */
export function splitJpeg(width: number, height: number, left: Rgb, right: Rgb, quality = 50): Buffer {
  const data = Buffer.alloc(width * height * 4);
  const half = width / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = x < half ? left : right;
      const i = (y * width + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return jpeg.encode({ width, height, data }, quality).data;
}

/**
 * An APP1 Exif segment holding a TIFF header (big-endian) and one IFD with a single entry, Orientation.
 * Laid out by hand: "Exif\0\0", "MM", 42, IFD0 at 8; IFD0 = 1 entry (tag 0x0112, SHORT, count 1, value), next IFD 0.
 */
function exifOrientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18); // a SHORT sits left-justified in the 4-byte value field
  tiff.writeUInt32BE(0, 22);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(body.length + 2, 2); // the length counts itself
  return Buffer.concat([header, body]);
}

/** The JPEG with an Exif orientation segment inserted right after SOI. */
export function withExifOrientation(jpegBytes: Buffer, orientation: number): Buffer {
  if (jpegBytes[0] !== 0xff || jpegBytes[1] !== 0xd8) throw new Error('not a JPEG');
  return Buffer.concat([jpegBytes.subarray(0, 2), exifOrientationSegment(orientation), jpegBytes.subarray(2)]);
}

// --- bad input -----------------------------------------------------------------------------------------------

export const textFile = (): FilePayload => ({
  name: 'notes.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from('これは画像ではありません。\nJust some notes.\n'),
});

export const pdfFile = (): FilePayload => ({
  name: 'report.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
});

/** The first half of a real photo: the header (and its size) is intact, the scan data stops midway. */
export const truncatedJpeg = (): FilePayload => {
  const whole = fixtureBytes('rocket.jpg');
  return { name: 'rocket-cut.jpg', mimeType: 'image/jpeg', buffer: whole.subarray(0, Math.floor(whole.length / 2)) };
};

/** Deterministic noise (a fixed-seed LCG) that starts with no known signature. */
export const noiseNamedJpeg = (bytes = 4096): FilePayload => {
  const buffer = Buffer.alloc(bytes);
  let seed = 0x2545f491;
  for (let i = 0; i < bytes; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    buffer[i] = seed >>> 24;
  }
  buffer[0] = 0x00;
  return { name: 'noise.jpg', mimeType: 'image/jpeg', buffer };
};

export const emptyFile = (): FilePayload => ({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });

/** A real JPEG padded with zeros to `mebibytes` MiB: a valid header, over the byte limit. */
export const oversizedJpeg = (mebibytes = 41): FilePayload => {
  const buffer = Buffer.alloc(mebibytes * 1024 * 1024);
  fixtureBytes('rocket.jpg').copy(buffer);
  return { name: 'huge.jpg', mimeType: 'image/jpeg', buffer };
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A decompression bomb's header: a well-formed PNG IHDR claiming `width`x`height` RGBA, and nothing to decode. */
export const pngBomb = (width = 40_000, height = 40_000): FilePayload => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return {
    name: 'bomb.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IEND', Buffer.alloc(0))]),
  };
};

/** An SVG that would announce itself (alert) if it were ever rendered inline or opened as a document. */
export const scriptedSvg = (): FilePayload => ({
  name: 'drawing.svg',
  mimeType: 'image/svg+xml',
  buffer: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="alert(\'svg-onload\')">' +
      '<script>alert("svg-script")</script><rect width="64" height="64" fill="red"/></svg>',
  ),
});

/** An ISO-BMFF file whose ftyp says HEIC, followed by junk: no browser decodes it. */
export const heicFile = (): FilePayload => {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'ascii');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'ascii');
  const junk = noiseNamedJpeg(2048).buffer;
  return { name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: Buffer.concat([ftyp, junk]) };
};

/**
 * Attaches payloads through the page's file input. Buffers travel to the browser base64-encoded over the
 * protocol (tens of seconds for 40 MB, and copied into the trace), so big ones are written under the test's
 * output folder and set by path; Playwright refuses to mix paths and buffers, so then all of them go that way.
 */
export async function attachPayloads(input: Locator, outputPath: (name: string) => string, files: FilePayload[]) {
  const total = files.reduce((n, f) => n + f.buffer.length, 0);
  if (total < 4 * 1024 * 1024) return input.setInputFiles(files);
  const paths = files.map((f) => {
    const where = outputPath(f.name);
    writeFileSync(where, f.buffer);
    return where;
  });
  return input.setInputFiles(paths);
}
