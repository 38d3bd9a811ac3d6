// A stored image at full size, inside the app: a modal <dialog> (focus trap, Escape, backdrop) holding an
// <img>. Stored images are never opened as documents in a tab of their own (see images/raster.ts); saving
// one is a download, which a browser never renders.
import { useEffect, useRef } from 'react';

export interface ImageViewerProps {
  /** An object URL made from a raster-checked Blob; the viewer is closed while it is null. */
  src: string | null;
  alt: string;
  caption?: string;
  /** The file name a download is saved under. */
  downloadName: string;
  labels: { title: string; close: string; download: string };
  onClose: () => void;
}

export function ImageViewer({ src, alt, caption, downloadName, labels, onClose }: ImageViewerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (src && !dialog.open) dialog.showModal();
    if (!src && dialog.open) dialog.close();
  }, [src]);
  return (
    <dialog
      ref={ref}
      className="dialog image-viewer"
      aria-label={labels.title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog box itself, outside its content) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
      data-testid="image-viewer"
    >
      {src && (
        <figure>
          <img src={src} alt={alt} />
          {caption && <figcaption className="muted small">{caption}</figcaption>}
        </figure>
      )}
      <div className="dialog-actions">
        {src && (
          <a href={src} download={downloadName} className="button-link" data-testid="image-viewer-download">
            {labels.download}
          </a>
        )}
        <button type="button" className="primary" onClick={onClose} autoFocus data-testid="image-viewer-close">
          {labels.close}
        </button>
      </div>
    </dialog>
  );
}
