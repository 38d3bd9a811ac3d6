// Stored images are shown as pictures and never opened as documents. An SVG (or an HTML page named .png)
// opened from the app's origin runs its scripts there, so what is stored, and what gets an object URL, is
// decided by the bytes, never by a declared type: only raster formats pass, and they carry the type their
// bytes say.
import { sniffImage, type ImageFormat } from './sniff';

/** Formats a browser draws as pixels and never runs: what the app takes in, stores and shows. */
const RASTER_FORMATS: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'gif', 'webp', 'bmp', 'avif', 'heic', 'heif']);

/** Enough of a file to tell its format (ISO-BMFF brands sit in the first few dozen bytes). */
const HEAD_BYTES = 4096;

export interface RasterVerdict {
  /** The MIME type the bytes show, when they show a raster image; otherwise null. */
  mime: string | null;
  format: ImageFormat;
}

/** What the first bytes of a file are, as far as storing or showing it goes. */
export function rasterOf(head: Uint8Array): RasterVerdict {
  const { format, mime } = sniffImage(head.subarray(0, HEAD_BYTES));
  return { format, mime: RASTER_FORMATS.has(format) ? mime : null };
}

/** A raster MIME type (`image/png`, ...): not SVG, not anything a browser would run. */
export function isRasterMime(mime: string): boolean {
  return ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/avif', 'image/heic', 'image/heif'].includes(
    mime.toLowerCase(),
  );
}

/**
 * The Blob typed as its bytes say, when they are a raster image; null otherwise (SVG, HTML, anything
 * else). Object URLs made from the result can only ever be drawn as an image.
 */
export async function rasterBlob(blob: Blob): Promise<Blob | null> {
  const { mime } = rasterOf(new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer()));
  if (mime === null) return null;
  return blob.type === mime ? blob : blob.slice(0, blob.size, mime);
}
