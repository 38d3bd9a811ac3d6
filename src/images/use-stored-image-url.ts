// Object URLs for stored images (by hash), for every screen: shared by everything on screen that shows the
// same hash and revoked a while after the last user lets go (so scrolling back, or stepping back in the
// queue, reuses them). A failed read is not kept: the next user tries again. Only raster bytes get a URL,
// typed as the bytes say (raster.ts): nothing stored is ever a document. An image sent from this page is shown
// from memory (held.ts): its write may not have landed yet when its message first renders.
import { useEffect, useState } from 'react';
import { heldImage } from './held';
import { recordsDatabase } from '../records/instance';
import { storedImage } from '../records/records-db';

interface Entry {
  url: Promise<string | null>;
  refs: number;
  timer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();
const KEEP_MS = 30_000;

function readImage(sha256: string): Promise<Blob | undefined> {
  const held = heldImage(sha256)?.blob;
  return held ? Promise.resolve(held) : recordsDatabase().then(async (db) => (await storedImage(db.connection(), sha256))?.blob);
}

function acquire(sha256: string): Entry {
  let entry = entries.get(sha256);
  if (!entry) {
    entry = {
      url: readImage(sha256).then(async (stored) => {
        // The format check loads with the first stored image shown, not with the page.
        const blob = stored ? await (await import('./raster')).rasterBlob(stored) : null;
        return blob ? URL.createObjectURL(blob) : null;
      }),
      refs: 0,
    };
    const created = entry;
    created.url = created.url.catch(() => {
      if (entries.get(sha256) === created) entries.delete(sha256);
      return null;
    });
    entries.set(sha256, entry);
  }
  clearTimeout(entry.timer);
  entry.refs += 1;
  return entry;
}

function release(sha256: string, entry: Entry): void {
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entry.timer = setTimeout(() => {
    if (entry.refs > 0 || entries.get(sha256) !== entry) return;
    entries.delete(sha256);
    void entry.url.then((u) => u && URL.revokeObjectURL(u));
  }, KEEP_MS);
}

/**
 * undefined while loading; null when no image is stored under that hash (an imported record without its
 * file), or what is stored is not a raster image.
 */
export function useStoredImageUrl(sha256: string | undefined): string | null | undefined {
  const [url, setUrl] = useState<{ sha: string; url: string | null }>();
  useEffect(() => {
    if (!sha256) return;
    let live = true;
    const entry = acquire(sha256);
    void entry.url.then((u) => live && setUrl({ sha: sha256, url: u }));
    return () => {
      live = false;
      release(sha256, entry);
    };
  }, [sha256]);
  return sha256 && url?.sha === sha256 ? url.url : undefined;
}
