// The images of this page's messages, kept in memory once sent (or once read back after a reload), with the
// data: URL a request carries them as: a question or a follow-up sends them from here without reading them
// back from IndexedDB or encoding them again, and a message shows them before their write has landed.
export interface HeldImage {
  blob: Blob;
  /** The bytes as a request carries them (made in the image worker, or once when read back). */
  dataUrl: string;
}

/** A conversation shows few images; those of older ones are read back again when needed. */
const LIMIT = 16;
const held = new Map<string, HeldImage>();

export function holdImage(sha256: string, image: HeldImage): void {
  held.delete(sha256);
  held.set(sha256, image);
  while (held.size > LIMIT) held.delete(held.keys().next().value!);
}

export function heldImage(sha256: string): HeldImage | undefined {
  const image = held.get(sha256);
  if (image) holdImage(sha256, image); // the most recently used stays longest
  return image;
}
