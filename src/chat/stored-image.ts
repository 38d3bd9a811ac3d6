// Object URLs for stored images, made once per hash for the life of the page (a chat shows few images).
// Only raster bytes get one, typed as the bytes say (images/raster.ts): a stored file that is not a raster
// image (an SVG from an old import, say) is never given a URL at all.
import { useEffect, useState } from 'react';
import { rasterBlob } from '../images/raster';
import { recordsRepo } from '../records/instance';

/** undefined while loading; null when nothing displayable is stored under that hash. */
const urls = new Map<string, Promise<string | null>>();

function urlFor(sha256: string): Promise<string | null> {
  let url = urls.get(sha256);
  if (url === undefined) {
    url = recordsRepo()
      .then((repo) => repo.getImage(sha256))
      .then(async (stored) => {
        const blob = stored ? await rasterBlob(stored.blob) : null;
        return blob ? URL.createObjectURL(blob) : null;
      })
      .catch(() => null);
    urls.set(sha256, url);
  }
  return url;
}

export function useStoredImageUrl(sha256: string): string | null | undefined {
  const [url, setUrl] = useState<string | null>();
  useEffect(() => {
    let live = true;
    void urlFor(sha256).then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [sha256]);
  return url;
}
