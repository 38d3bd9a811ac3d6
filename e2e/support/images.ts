// Image files built in the test instead of checked in: photos with a given EXIF orientation, and the bad
// input the intake must refuse (corrupt, empty, oversized, bombs, SVG, HEIC). Each builder returns the
// `{ name, mimeType, buffer }` shape that `ChatPage.attach` and `setInputFiles` take; the bytes come from
// test-support/images.ts, shared with the unit tests and the bench.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { halves, jpegImage, pngHeader, withExifOrientation as withOrientation, type Rgba } from '../../test-support/images';
import { imagePath, type FilePayload } from '../fixtures';

export { fixtureFile, type FilePayload } from '../fixtures';

const fixtureBytes = (name: string): Buffer => readFileSync(imagePath(name));

type Rgb = readonly [number, number, number];
const opaque = ([r, g, b]: Rgb): Rgba => [r, g, b, 255];

/** A baseline JPEG whose stored pixels are `left` on the left half and `right` on the right half. */
export const splitJpeg = (width: number, height: number, left: Rgb, right: Rgb, quality = 50): Buffer =>
  Buffer.from(jpegImage(width, height, halves(width, opaque(left), opaque(right)), quality));

/** The JPEG with an EXIF orientation segment inserted right after SOI. */
export const withExifOrientation = (jpg: Uint8Array, orientation: number): Buffer => Buffer.from(withOrientation(jpg, orientation));

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

/** A decompression bomb's header: a well-formed PNG IHDR claiming `width`x`height` RGBA, and nothing to decode. */
export const pngBomb = (width = 40_000, height = 40_000): FilePayload => ({
  name: 'bomb.png',
  mimeType: 'image/png',
  buffer: Buffer.from(pngHeader(width, height, { end: true })),
});

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
