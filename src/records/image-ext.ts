// File extensions of stored images, by MIME type: for export paths and download names. A module of its own, so
// that a download name in the chat does not bring the records store (zod, fflate) into the first load.
const MIME_EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
export const IMAGE_EXTS = ['jpg', 'png', 'webp', 'gif', 'bin'] as const;

export function extForMime(mime: string): string {
  return MIME_EXT[mime] ?? 'bin';
}
