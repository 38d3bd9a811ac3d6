// A request with an image carries it inside its JSON body as a base64 data: URL (about 180 KB for a photo
// at short side 768). Given to fetch as a string, that body is encoded and copied on its way to the network
// for every request: measured in Chromium (bench/batch.ts, a bare page sending a batch run's requests), a
// string body cost 2-7 ms of main-thread time per fetch() call and the requests went at about half the
// rate of the same requests with a Blob body built around a Blob of the image, which the browser holds
// once and does not copy again. A batch run asks about the same few images hundreds of times, and a chat
// follow-up sends its image again: from an image's second request on, the body is such a Blob.
import type { ChatImage } from './types';

/**
 * The image's data: URL as a Blob, by the image's own Blob; made after its first request, off its path, or
 * at once for a second request that comes before then (a batch run starts many requests together).
 */
const kept = new WeakMap<Blob, Blob>();
const sent = new WeakSet<Blob>();

/** One request's images: where each one goes in the JSON, and the body fetch is given in the end. */
export class ImageBodies {
  private readonly marker = `tanuki-image-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}-`;
  private readonly blobs: Blob[] = [];

  /** What the JSON carries for this image: its data: URL, or a marker that the body's Blob replaces. */
  url(image: ChatImage, dataUrl: string): string {
    const keep = () => {
      if (!kept.has(image.blob)) kept.set(image.blob, new Blob([dataUrl]));
      return kept.get(image.blob)!;
    };
    if (!sent.has(image.blob)) {
      sent.add(image.blob);
      setTimeout(keep, 0);
      return dataUrl;
    }
    this.blobs.push(keep());
    return `${this.marker}${this.blobs.length - 1}`;
  }

  /** `base`, sending a string body with markers as a Blob of the JSON around the images' Blobs. */
  fetch(base: typeof fetch): typeof fetch {
    if (this.blobs.length === 0) return base;
    // The marker is made of letters, digits and '-', which JSON writes as they are.
    const pattern = new RegExp(`${this.marker}(\\d+)`, 'g');
    return (input, init) => {
      if (typeof init?.body !== 'string') return base(input, init);
      // split() with a group keeps what the group matched: text, index, text, index, ..., text.
      const pieces = init.body.split(pattern).map((piece, i) => (i % 2 === 1 ? this.blobs[Number(piece)]! : piece));
      return base(input, { ...init, body: new Blob(pieces, { type: 'application/json' }) });
    };
  }
}
