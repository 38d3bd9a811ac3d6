// The image worker's logic, with the browser's decoder and canvas passed in so that everything but the
// pixels themselves runs in unit tests.
import type { ImagePolicy } from '../config/schema';
import { checkHeader, ImageRejection, imageLimits, type RejectionData } from './checks';
import { sha256Hex } from './hash';
import { targetSize } from './policy';
import { SNIFF_HEAD_BYTES, sniffImage, type SniffResult } from './sniff';
import type { ImageWithBlob, OriginalImage } from './types';

/** An image ready to send: the bytes (by hash) and the file they were prepared from. */
export interface PreparedImage extends ImageWithBlob {
  /**
   * The same bytes as a data: URL, the form a chat request carries them in: made here, off the main thread,
   * so that Send does not have to.
   */
  dataUrl: string;
  original: OriginalImage;
  /** Time spent preparing, for the records. */
  ms: number;
}

export interface DecodeOptions {
  imageOrientation: 'from-image';
  resizeWidth?: number;
  resizeHeight?: number;
  resizeQuality?: 'high';
}

export interface BitmapLike {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export interface CanvasLike<B> {
  getContext(kind: '2d'): {
    fillStyle: unknown;
    fillRect(x: number, y: number, w: number, h: number): void;
    drawImage(image: B, dx: number, dy: number, dw: number, dh: number): void;
  } | null;
  convertToBlob(options: { type: string; quality: number }): Promise<Blob>;
}

/** In the worker: `createImageBitmap` and `new OffscreenCanvas`. */
export interface ImageApis<B extends BitmapLike> {
  decode(blob: Blob, options: DecodeOptions): Promise<B>;
  createCanvas(width: number, height: number): CanvasLike<B>;
  /** `data:<type>;base64,...` of the blob (FileReader in the worker). */
  toDataUrl(blob: Blob): Promise<string>;
  now?(): number;
}

export interface WorkerRequest {
  id: number;
  file: Blob;
  name: string;
  type: string;
  policy: ImagePolicy;
}

export type WorkerResponse = { id: number; ok: true; image: PreparedImage } | { id: number; ok: false; rejection: RejectionData };

/** JPEG headers can sit behind large EXIF/ICC segments; past this, a header that is still missing is broken. */
const MAX_HEAD_BYTES = 4 * 1024 * 1024;
const JPEG_QUALITY = 0.9;

/** Sniffs the head of a blob, reading further only when the header runs past the first read. */
export async function sniffBlob(blob: Blob): Promise<SniffResult> {
  const head = async (n: number) => sniffImage(new Uint8Array(await blob.slice(0, n).arrayBuffer()));
  const first = await head(SNIFF_HEAD_BYTES);
  return first.truncated && blob.size > SNIFF_HEAD_BYTES ? head(MAX_HEAD_BYTES) : first;
}

export async function prepareCore<B extends BitmapLike>(
  input: { blob: Blob; name: string; type: string },
  policy: ImagePolicy,
  apis: ImageApis<B>,
): Promise<PreparedImage> {
  const now = apis.now ?? (() => performance.now());
  const started = now();
  const { blob, name } = input;
  const sniff = await sniffBlob(blob);
  const refused = checkHeader({ name, size: blob.size, type: input.type }, sniff);
  if (refused) throw refused;
  const mime = sniff.mime ?? input.type;

  const decode = async (options: DecodeOptions): Promise<B> => {
    try {
      return await apis.decode(blob, options);
    } catch (cause) {
      throw decodeFailure(name, sniff, cause);
    }
  };

  // Upright size as the browser sees it (EXIF applied), measured by a decode when the header does not say.
  const measure = async (): Promise<{ width: number; height: number }> => {
    const bitmap = await decode({ imageOrientation: 'from-image' });
    const { width, height } = bitmap;
    bitmap.close();
    if (width * height > imageLimits.maxPixels) {
      throw new ImageRejection('too-many-pixels', name, { width, height, limit: imageLimits.maxPixels, format: sniff.format });
    }
    if (Math.max(width, height) > imageLimits.maxSide) {
      throw new ImageRejection('too-long-side', name, { width, height, limit: imageLimits.maxSide, format: sniff.format });
    }
    return { width, height };
  };

  const originalOf = (size: { width: number; height: number }) => ({
    name,
    mime,
    ...size,
    bytes: blob.size,
    exifOrientation: sniff.exifOrientation,
  });

  if ('passThrough' in policy) {
    const size =
      sniff.displayWidth !== null && sniff.displayHeight !== null
        ? { width: sniff.displayWidth, height: sniff.displayHeight }
        : await measure();
    // Same bytes; only the label changes, so the endpoint is told the real format rather than the claimed one.
    const sent = blob.type === mime ? blob : blob.slice(0, blob.size, mime);
    return {
      sha256: await sha256Hex(sent),
      blob: sent,
      dataUrl: await apis.toDataUrl(sent),
      mime,
      ...size,
      bytes: sent.size,
      original: originalOf(size),
      ms: now() - started,
    };
  }

  // Always re-encoded, even when already small enough: this also drops EXIF (GPS and the like) from what is sent.
  const source = await measure();
  const target = targetSize(source.width, source.height, policy);
  const resized = await decode({
    imageOrientation: 'from-image',
    resizeWidth: target.width,
    resizeHeight: target.height,
    resizeQuality: 'high',
  });
  let jpeg: Blob;
  try {
    const canvas = apis.createCanvas(target.width, target.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new ImageRejection('unsupported-format', name, { stage: 'encode', reason: 'no 2d context' });
    // JPEG has no alpha: without a white ground, transparent pixels come out black.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, target.width, target.height);
    ctx.drawImage(resized, 0, 0, target.width, target.height);
    jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  } finally {
    resized.close();
  }
  // Chromium hands back PNG, silently, for types it cannot encode.
  if (jpeg.type !== 'image/jpeg') {
    throw new ImageRejection('unsupported-format', name, { stage: 'encode', reason: `encoder returned ${jpeg.type || 'no type'}` });
  }
  return {
    sha256: await sha256Hex(jpeg),
    blob: jpeg,
    dataUrl: await apis.toDataUrl(jpeg),
    mime: 'image/jpeg',
    ...target,
    bytes: jpeg.size,
    original: originalOf(source),
    ms: now() - started,
  };
}

/**
 * The intake checks without the re-encoding, for images that are kept as they are (a question set's): the
 * header, the limits, and a decode, so that an undecodable file is refused with the same reasons as at the
 * composer. Resolves to the type the bytes show and the upright size.
 */
export async function inspectCore<B extends BitmapLike>(
  input: { blob: Blob; name: string; type: string },
  apis: Pick<ImageApis<B>, 'decode'>,
): Promise<{ mime: string; width: number; height: number }> {
  const { blob, name } = input;
  const sniff = await sniffBlob(blob);
  const refused = checkHeader({ name, size: blob.size, type: input.type }, sniff);
  if (refused) throw refused;
  let bitmap: B;
  try {
    bitmap = await apis.decode(blob, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw decodeFailure(name, sniff, cause);
  }
  const { width, height } = bitmap;
  bitmap.close();
  if (width * height > imageLimits.maxPixels) {
    throw new ImageRejection('too-many-pixels', name, { width, height, limit: imageLimits.maxPixels, format: sniff.format });
  }
  return { mime: sniff.mime ?? input.type, width, height };
}

/** HEIC/HEIF and AVIF fail to decode mostly where the browser lacks the codec, not because the file is bad. */
function decodeFailure(name: string, sniff: SniffResult, cause: unknown): ImageRejection {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const codecMayBeMissing = sniff.format === 'heic' || sniff.format === 'heif' || sniff.format === 'avif';
  return codecMayBeMissing
    ? new ImageRejection('unsupported-format', name, { format: sniff.format, stage: 'decode', reason }, { cause })
    : new ImageRejection('corrupt', name, { format: sniff.format, reason }, { cause });
}

/** Anything thrown while preparing, as the plain rejection the worker posts back. */
export function toRejectionData(error: unknown, fileName: string): RejectionData {
  if (error instanceof ImageRejection) return error.toData();
  return { code: 'corrupt', fileName, detail: { reason: error instanceof Error ? error.message : String(error) } };
}
