// Image intake shared by every composer (chat, compare): drag-and-drop and the file picker through
// react-dropzone, paste (react-dropzone has none), and the tray of attached images with their sizes as
// sent and the refusals. The composer around it decides what the files are for.
//
// react-dropzone is not in the first load: the drop target and the file input are drawn from the first
// paint, and the library (src/images/dropzone-binding.tsx) is fetched on the first move in the composer.
// A file dropped or chosen before it has arrived is taken as it is (a dropped folder is not opened then).
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type CSSProperties, type DragEvent } from 'react';
import { formatBytes, translator, type Lang } from '../i18n';
import { Notice } from '../ui/notice';
import { useObjectUrl } from '../ui/use-object-url';
import { filesFromClipboard } from './paste';
import type { Drag, DropHandlers } from './dropzone-binding';
import { describeRejection } from './rejection-words';
import type { Attachment, Attachments } from './use-attachments';

type Binding = typeof import('./dropzone-binding').DropzoneBinding;
let binding: Binding | null = null;
let loading: Promise<Binding> | null = null;
function loadBinding(): Promise<Binding> {
  loading ??= import('./dropzone-binding').then((m) => (binding = m.DropzoneBinding));
  // Offline or a new deployment: the next move asks again, and files are taken without it meanwhile.
  loading.catch(() => (loading = null));
  return loading;
}

const withFiles = (e: DragEvent<HTMLElement>) => e.dataTransfer.types.includes('Files');

// Until react-dropzone has arrived: a drop or a choice is taken as the browser hands it over.
function handlersBefore(take: (files: File[]) => void, input: { current: HTMLInputElement | null }): DropHandlers {
  const allow: Drag = (e) => e.preventDefault();
  return {
    onDragEnter: allow,
    onDragOver: allow,
    onDragLeave: allow,
    onDrop: (e) => {
      e.preventDefault();
      take(Array.from(e.dataTransfer.files));
    },
    onChange: (e) => take(Array.from(e.currentTarget.files ?? [])),
    open: () => input.current?.click(),
    isDragActive: false,
  };
}

// react-dropzone's own style for its input, so that the input looks the same before and after it arrives.
const INPUT_STYLE: CSSProperties = {
  border: 0,
  clip: 'rect(0, 0, 0, 0)',
  clipPath: 'inset(50%)',
  height: '1px',
  margin: '0 -1px -1px 0',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  width: '1px',
  whiteSpace: 'nowrap',
};

/**
 * Drop zone, picker and paste, each handing its files to `onFiles` (refused files too: they are explained).
 * `onMove` runs on a drag into the drop zone, and `warmUp` (which the composer calls on its other first moves)
 * also fetches react-dropzone. `binding` must be rendered inside the drop zone.
 */
export function useImageIntake(onFiles: (files: File[]) => void, onMove: () => void) {
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(onFiles);
  useLayoutEffect(() => {
    latest.current = onFiles;
  });
  const take = useCallback((files: File[]) => latest.current(files), []);
  const [Binding, setBinding] = useState<Binding | null>(() => binding);
  const [bound, bind] = useState<DropHandlers | null>(null);
  // A drag that began before react-dropzone arrived: it cannot know of it, so the overlay is shown from here.
  const [early, setEarly] = useState(false);
  const h = bound ?? handlersBefore(take, input);

  // Until then, a file dropped beside the composer must not replace the page (react-dropzone prevents it after).
  useEffect(() => {
    if (bound) return;
    const keep = (e: Event) => e.preventDefault();
    document.addEventListener('dragover', keep);
    document.addEventListener('drop', keep);
    return () => {
      document.removeEventListener('dragover', keep);
      document.removeEventListener('drop', keep);
    };
  }, [bound]);

  const warmUp = () => {
    onMove();
    if (!Binding)
      loadBinding().then(
        (b) => setBinding(() => b),
        () => undefined,
      );
  };
  const rootProps = {
    ref: root,
    role: 'presentation',
    onDragEnter: (e: DragEvent<HTMLElement>) => {
      warmUp();
      if (!bound && withFiles(e)) setEarly(true);
      h.onDragEnter(e);
    },
    onDragOver: h.onDragOver,
    onDragLeave: (e: DragEvent<HTMLElement>) => {
      if (!root.current?.contains(e.relatedTarget as Node | null)) setEarly(false);
      h.onDragLeave(e);
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      setEarly(false);
      h.onDrop(e);
    },
  };
  const inputProps = { ref: input, type: 'file', multiple: true, style: INPUT_STYLE, tabIndex: -1, onChange: h.onChange };
  const onPaste = (e: ClipboardEvent) => {
    const files = filesFromClipboard(e.clipboardData);
    if (files.length) {
      e.preventDefault();
      take(files);
    }
  };
  const binder = Binding && <Binding root={root} input={input} onFiles={take} bind={bind} />;
  return { rootProps, inputProps, open: h.open, isDragActive: early || h.isDragActive, onPaste, warmUp, binding: binder };
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
