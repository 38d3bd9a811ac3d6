// A run asks many questions about few images, of endpoints with their own image policy: each (image, policy)
// is prepared once (in the image worker, as chat does) and stored once by the hash of what is sent, so that
// every record's image can be shown and exported. A small cache keeps the prepared bytes (and their data: URL,
// which a run would otherwise re-encode on the main thread for every request) while lanes move through the
// items together.
import type { ImagePolicy } from '../config/schema';
import { extForMime } from '../records';
import type { RecordsRepo } from '../records';
import { prepareImage } from '../images/prepare';
import type { ImageRef } from './model';

export interface SentImage {
  ref: ImageRef;
  blob: Blob;
  /** The bytes as the request carries them, made once in the worker: never re-encoded per request. */
  dataUrl: string;
}

/** Why an image could not be had; becomes the unit's error code. */
export class ImageUnavailable extends Error {
  constructor(readonly code: 'image-missing' | 'image-unusable') {
    super(code);
  }
}

const CACHE_SIZE = 64;

export type Prepare = (
  file: File,
  policy: ImagePolicy,
) => Promise<{ sha256: string; blob: Blob; mime: string; width: number; height: number; dataUrl: string }>;

export class PreparedImages {
  private readonly cache = new Map<string, Promise<SentImage>>();

  constructor(
    private readonly repo: () => Promise<RecordsRepo>,
    private readonly prepare: Prepare = prepareImage,
  ) {}

  get(image: ImageRef, policy: ImagePolicy): Promise<SentImage> {
    const key = `${image.sha256}\u0000${JSON.stringify(policy)}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last, so the oldest is evicted first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = this.make(image, policy);
    this.cache.set(key, made);
    made.catch(() => this.cache.delete(key));
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }

  private async make(image: ImageRef, policy: ImagePolicy): Promise<SentImage> {
    const repo = await this.repo();
    const stored = await repo.getImage(image.sha256);
    if (!stored) throw new ImageUnavailable('image-missing');
    let prepared: Awaited<ReturnType<Prepare>>;
    try {
      prepared = await this.prepare(new File([stored.blob], `${image.sha256}.${extForMime(stored.mime)}`, { type: stored.mime }), policy);
    } catch {
      throw new ImageUnavailable('image-unusable');
    }
    const ref: ImageRef = {
      sha256: prepared.sha256,
      mime: prepared.mime,
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.blob.size,
    };
    await repo.putImage(ref.sha256, prepared.blob, ref);
    return { ref, blob: prepared.blob, dataUrl: prepared.dataUrl };
  }
}
