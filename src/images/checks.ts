// What the app refuses to take, and why. Decided from the file's size and its sniffed header only, so a
// refusal never needs a decode.
import type { ImageFormat, SniffResult } from './sniff';

export const imageLimits = {
  maxBytes: 40 * 1024 * 1024,
  maxPixels: 50_000_000,
  /**
   * The longest side. Chromium's decoder gives up on a valid 1 × 4,000,000 PNG (and on 1 × 49,999,999, under
   * the pixel limit) while 500 × 100,000 decodes: such a file is too long, not damaged, and is told so.
   */
  maxSide: 100_000,
  /** The app-wide cap; an endpoint's `maxImagesPerMessage` may lower it. */
  maxFilesPerMessage: 4,
} as const;

export type RejectionCode =
  | 'empty'
  | 'not-image'
  | 'svg'
  | 'too-large-bytes'
  | 'too-many-pixels'
  | 'too-long-side'
  | 'corrupt'
  | 'unsupported-format'
  | 'too-many-files';

export interface RejectionDetail {
  bytes?: number;
  width?: number;
  height?: number;
  format?: ImageFormat;
  /** The limit that was exceeded (bytes, pixels, pixels on a side or files, by code). */
  limit?: number;
  /** Which step failed, for `unsupported-format`: the browser could not decode it, or not encode the JPEG. */
  stage?: 'decode' | 'encode';
  /** A technical reason for logs (a decoder's message); not shown as is. */
  reason?: string;
}

/** The plain shape that crosses the worker boundary and is all `describeRejection` needs. */
export interface RejectionData {
  code: RejectionCode;
  fileName: string;
  detail?: RejectionDetail;
}

export class ImageRejection extends Error implements RejectionData {
  override readonly name = 'ImageRejection';
  readonly code: RejectionCode;
  readonly fileName: string;
  readonly detail?: RejectionDetail;

  constructor(code: RejectionCode, fileName: string, detail?: RejectionDetail, options?: { cause?: unknown }) {
    super(`${fileName}: ${code}${detail?.reason ? ` (${detail.reason})` : ''}`, options);
    this.code = code;
    this.fileName = fileName;
    if (detail) this.detail = detail;
  }

  static from(data: RejectionData): ImageRejection {
    return new ImageRejection(data.code, data.fileName, data.detail);
  }

  toData(): RejectionData {
    return this.detail ? { code: this.code, fileName: this.fileName, detail: this.detail } : { code: this.code, fileName: this.fileName };
  }
}

/** Formats whose header always states the size: without one, the file is broken (or a trick). */
const SIZED_FORMATS = new Set<ImageFormat>(['jpeg', 'png', 'gif', 'webp', 'bmp']);

export interface FileFacts {
  name: string;
  size: number;
  type: string;
}

/**
 * Null when the file may go on to the decoder. HEIC/HEIF pass: the decoder decides, and when Chromium cannot,
 * the failure is reported as `unsupported-format` rather than `corrupt`.
 */
export function checkHeader(file: FileFacts, sniff: SniffResult): ImageRejection | null {
  const { name, size } = file;
  const { format, width, height } = sniff;
  if (size === 0) return new ImageRejection('empty', name, { bytes: 0 });
  if (format === 'svg') return new ImageRejection('svg', name, { format });
  if (format === 'unknown') return new ImageRejection('not-image', name, { bytes: size });
  if (size > imageLimits.maxBytes) return new ImageRejection('too-large-bytes', name, { bytes: size, limit: imageLimits.maxBytes, format });
  if (width !== null && height !== null && width * height > imageLimits.maxPixels) {
    return new ImageRejection('too-many-pixels', name, { width, height, limit: imageLimits.maxPixels, format });
  }
  if (width !== null && height !== null && Math.max(width, height) > imageLimits.maxSide) {
    return new ImageRejection('too-long-side', name, { width, height, limit: imageLimits.maxSide, format });
  }
  if (format === 'tiff') return new ImageRejection('unsupported-format', name, { format, stage: 'decode' });
  if (SIZED_FORMATS.has(format) && (width === null || height === null)) {
    return new ImageRejection('corrupt', name, { format, reason: sniff.truncated ? 'header cut short' : 'no size in header' });
  }
  return null;
}

/**
 * Keeps the first `room` files and refuses the rest. react-dropzone refuses every file when there are too
 * many; taking what fits loses less of what the person meant to send.
 */
export function splitByLimit<T>(files: readonly T[], room: number): { accepted: T[]; refused: T[] } {
  const keep = Math.max(0, Math.floor(room));
  return { accepted: files.slice(0, keep), refused: files.slice(keep) };
}
