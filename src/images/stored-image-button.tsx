// A stored image as a thumbnail button that opens it at full size inside the app (ui/image-viewer.tsx).
import { useState } from 'react';
import { translator, type Lang } from '../i18n';
import { extForMime } from '../records/image-ext';
import { ImageViewer } from '../ui/image-viewer';
import { useStoredImageUrl } from './use-stored-image-url';

export function StoredImageButton({
  sha256,
  mime,
  name,
  caption,
  lang,
}: {
  sha256: string;
  mime: string;
  /** What the image is called (a file name), for the label and the viewer. */
  name: string;
  caption: string;
  lang: Lang;
}) {
  const t = translator(lang);
  const url = useStoredImageUrl(sha256);
  const [open, setOpen] = useState(false);
  if (!url) return <span className="message-image" title={caption} />;
  return (
    <>
      <button
        type="button"
        className="message-image"
        onClick={() => setOpen(true)}
        title={caption}
        aria-label={t('image.open', { name })}
        data-testid="open-image"
      >
        <img src={url} alt="" />
      </button>
      <ImageViewer
        src={open ? url : null}
        alt={name}
        caption={caption}
        downloadName={`${sha256.slice(0, 12)}.${extForMime(mime)}`}
        labels={{ title: t('image.viewer'), close: t('common.close'), download: t('image.download') }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
