/*
 * What can be known about an image from its first bytes alone: format, size, EXIF orientation. The
 * request log and the answer for formats we do not decode (GIF, WebP, ...) rely on this, and the decoder
 * uses the header size to refuse decompression bombs before allocating anything. The header reader is the
 * app's own (src/images/sniff.ts: pure, no browser API), so the demo endpoint and the app agree on every file.
 */
import { sniffImage, type ImageFormat } from '../src/images/sniff.ts';

export type { ImageFormat };

export interface ImageProbe {
  format: ImageFormat;
  bytes: number;
  width: number | null;
  height: number | null;
  /** EXIF Orientation (1-8) of a JPEG, or null when absent. */
  exifOrientation: number | null;
}

export function probeImage(data: Uint8Array): ImageProbe {
  const { format, width, height, exifOrientation } = sniffImage(data);
  return { format, bytes: data.length, width, height, exifOrientation };
}
