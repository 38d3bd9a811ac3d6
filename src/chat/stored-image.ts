// Object URLs for stored images, made once per hash for the life of the page (a chat shows few images).
import { useEffect, useState } from 'react';
import { recordsRepo } from '../records/instance';

const urls = new Map<string, Promise<string | undefined>>();

function urlFor(sha256: string): Promise<string | undefined> {
  let url = urls.get(sha256);
  if (url === undefined) {
    url = recordsRepo()
      .then((repo) => repo.getImage(sha256))
      .then((stored) => (stored ? URL.createObjectURL(stored.blob) : undefined));
    urls.set(sha256, url);
  }
  return url;
}

export function useStoredImageUrl(sha256: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    void urlFor(sha256).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [sha256]);
  return url;
}
