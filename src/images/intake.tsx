// Image intake shared by every composer (chat, compare): drag-and-drop and the file picker through
// react-dropzone, paste (react-dropzone has none), and the tray of attached images with their sizes as
// sent and the refusals. The composer around it decides what the files are for.
import type { ClipboardEvent } from 'react';
import { useDropzone } from 'react-dropzone';
import { formatBytes, translator, type Lang } from '../i18n';
import { Notice } from '../ui/notice';
import { useObjectUrl } from '../ui/use-object-url';
import { filesFromClipboard } from './paste';
import { describeRejection } from './rejection-words';
import type { Attachment, Attachments } from './use-attachments';

/** Drop zone, picker and paste, each handing its files to `onFiles` (refused files too: they are explained). */
export function useImageIntake(onFiles: (files: File[]) => void) {
  const dropzone = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const onPaste = (e: ClipboardEvent) => {
    const files = filesFromClipboard(e.clipboardData);
    if (files.length) {
      e.preventDefault();
      onFiles(files);
    }
  };
  return { ...dropzone, onPaste };
}

function Thumb({ a, lang, onRemove }: { a: Attachment; lang: Lang; onRemove: () => void }) {
  const t = translator(lang);
  const first = a.image;
  const url = useObjectUrl(first?.blob);
  // Sizes as sent: one per distinct result (endpoints with other image policies get other sizes).
  const sent = [...new Set(Object.values(a.prepared).map((p) => `${p.width}×${p.height} ${formatBytes(p.bytes)}`))].join(' / ');
  return (
    <figure className="thumb" data-testid="attachment" data-state={a.state}>
      {url ? <img src={url} alt={a.file.name} /> : <div className="thumb-placeholder">{t('composer.preparing')}</div>}
      <figcaption>
        {first ? (
          <span data-testid="attachment-size">
            {t('composer.sent', {
              sent,
              original: `${first.original.width}×${first.original.height} ${formatBytes(first.original.bytes)}`,
            })}
          </span>
        ) : (
          a.file.name
        )}
      </figcaption>
      <button
        type="button"
        className="thumb-remove"
        onClick={onRemove}
        aria-label={t('composer.remove', { name: a.file.name })}
        data-testid="attachment-remove"
      >
        ×
      </button>
    </figure>
  );
}

/** The refusals (each dismissible) and the thumbnails of the attached images. */
export function AttachmentTray({ att, lang }: { att: Attachments; lang: Lang }) {
  const t = translator(lang);
  return (
    <>
      {att.rejections.map((r) => (
        <Notice key={r.key} kind="error" testId="image-rejection" onDismiss={() => att.dismiss(r.key)} dismissLabel={t('composer.dismiss')}>
          {describeRejection(r, lang)}
        </Notice>
      ))}
      {att.attachments.length > 0 && (
        <div className="thumbs">
          {att.attachments.map((a) => (
            <Thumb key={a.key} a={a} lang={lang} onRemove={() => att.remove(a.key)} />
          ))}
        </div>
      )}
    </>
  );
}
