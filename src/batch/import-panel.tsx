// Importing a question set: drop files or a folder (or pick them), read and checked in a worker, then a
// validation report (line numbers and reasons, refused images, ignored columns) before anything is stored.
// A set with errors is not stored at all; one without is stored under the name the person gives it.
import { useRef, useState } from 'react';
import { fromEvent } from 'file-selector';
import { useDropzone, type DropEvent, type FileWithPath } from 'react-dropzone';
import { isMessageKey, type MessageKey, type Translate } from '../i18n';
import { describeRejection } from '../images/rejection-words';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { ProgressCancel } from '../ui/progress-cancel';
import type { ReportEntry } from './question-sets/types';
import { previewFiles, storePreview, type ImportSource } from './set-import';
import type { ImportPreview, SetImportProgress } from './set-import-core';

type State =
  | { kind: 'idle' }
  /** `count`: how many files were dropped; null for folders as handles, which the worker lists. */
  | { kind: 'reading'; count: number | null; progress: SetImportProgress | null }
  /** `saving`: where storing it is, once asked. */
  | { kind: 'preview'; preview: ImportPreview; saving: SetImportProgress | null }
  | { kind: 'failed'; stage: 'read' | 'store'; error: unknown }
  | { kind: 'cancelled' }
  | { kind: 'stored'; name: string; items: number; cancelTooLate: boolean };

// Where the browser has them, folders come as handles that the worker lists. A folder input gives the page
// a File for every file at once, and Chromium builds that list in one task (about a second for 5,000 files,
// in a bare page as in this one) before any of the app's code runs; a dropped folder listed on the page
// (file-selector, react-dropzone's reader) held it as long.
type FolderPicker = (options: { id?: string; mode?: 'read' }) => Promise<FileSystemDirectoryHandle>;
const folderPicker = (): FolderPicker | undefined => (window as Window & { showDirectoryPicker?: FolderPicker }).showDirectoryPicker;

type HandleItem = DataTransferItem & { getAsFileSystemHandle?: () => Promise<FileSystemHandle | null> };

/**
 * A drop with a folder in it, as handles of everything dropped: asked for during the drop event itself, after
 * which its items are gone. Null where the browser has no handles, and for files alone (few, and read as Files).
 */
function droppedHandles(event: DropEvent): Promise<FileSystemHandle[]> | null {
  if (!('dataTransfer' in event) || event.type !== 'drop' || !event.dataTransfer) return null;
  const items = [...event.dataTransfer.items].filter((i): i is HandleItem => i.kind === 'file');
  if (!items.some((i) => i.webkitGetAsEntry()?.isDirectory) || !items.every((i) => i.getAsFileSystemHandle)) return null;
  return Promise.all(items.map((i) => i.getAsFileSystemHandle!())).then((hs) => hs.filter((h): h is FileSystemHandle => h !== null));
}

function pathOf(file: File): string {
  const withPath = file as FileWithPath & { webkitRelativePath?: string };
  return withPath.path || withPath.webkitRelativePath || file.name;
}

const filesOf = (files: readonly File[]): ImportSource => ({ files: files.map((file) => ({ path: pathOf(file), file })) });

function entryWords(t: Translate, e: ReportEntry): string {
  const key = `qset.${e.code}`;
  if (isMessageKey(key)) return t(key as MessageKey, e.params);
  const extra = Object.entries(e.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return extra ? `${e.code} (${extra})` : e.code;
}

function where(e: ReportEntry, t: Translate): string {
  const parts: string[] = [];
  if (e.file) parts.push(e.file);
  if (e.line !== undefined) parts.push(t('batch.import.line', { line: e.line }));
  if (e.row !== undefined) parts.push(t('batch.import.row', { row: e.row }));
  return parts.join(' · ');
}

function Report({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const { entries, omitted } = preview.report;
  const omittedTotal = Object.values(omitted).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="import-check" data-testid="set-report" data-ok={String(preview.ok)}>
      <p data-testid="set-report-summary">
        {t('batch.import.summary', {
          items: preview.items.length,
          images: preview.images.length,
          format: t(`batch.format.${preview.format}`),
        })}
        {preview.categories.length > 0 && <span className="muted"> · {preview.categories.join(', ')}</span>}
      </p>
      {preview.imageProblems.length > 0 && (
        <ul className="report-list" data-testid="set-image-problems">
          {preview.imageProblems.map((p) => (
            <li key={p.name} className="report-error" data-testid="set-image-problem" data-code={p.rejection.code}>
              {describeRejection(p.rejection, lang)} <span className="muted small">{t('batch.import.usedBy', { n: p.items })}</span>
            </li>
          ))}
        </ul>
      )}
      {entries.length > 0 && (
        <ul className="report-list">
          {entries.map((e, i) => (
            <li
              key={i}
              className={`report-${e.severity}`}
              data-testid="set-report-entry"
              data-severity={e.severity}
              data-code={e.code}
              data-line={e.line}
            >
              <span className="report-severity">{t(`batch.import.severity.${e.severity}`)}</span>{' '}
              {where(e, t) && <code>{where(e, t)}</code>} {entryWords(t, e)}
              {e.detail && <ErrorDetail summary={t('storage.detail')} error={e.detail} />}
            </li>
          ))}
          {omittedTotal > 0 && <li className="muted">{t('review.import.more', { n: omittedTotal })}</li>}
        </ul>
      )}
    </div>
  );
}

/** Where reading, checking or storing is, with Cancel (nothing is stored once it is pressed in time). */
function ImportProgressView({
  progress,
  count,
  cancelling,
  onCancel,
}: {
  progress: SetImportProgress | null;
  count: number | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const t = useT();
  const status = progress
    ? t(`batch.import.phase.${progress.phase}`, { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() })
    : count === null
      ? t('batch.import.readingFolder')
      : t('batch.import.reading', { n: count });
  return (
    <ProgressCancel
      testId="set-import-progress"
      phase={progress?.phase ?? 'starting'}
      percent={progress && progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : null}
      label={t('batch.import.progressLabel')}
      status={status}
      cancelLabel={cancelling ? t('batch.import.cancelling') : t('batch.import.cancel')}
      cancelTestId="set-import-cancel"
      cancelling={cancelling}
      onCancel={onCancel}
    />
  );
}

export function ImportPanel() {
  const t = useT();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [name, setName] = useState('');
  const folderInput = useRef<HTMLInputElement>(null);
  // The running step (reading or storing) and whether Cancel was pressed during it.
  const job = useRef<AbortController | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const begin = () => {
    job.current?.abort();
    const controller = new AbortController();
    job.current = controller;
    setCancelling(false);
    return controller.signal;
  };
  const cancel = () => {
    setCancelling(true);
    job.current?.abort();
  };
  /** Whether this step's outcome is still the one to show (a newer drop replaces it). */
  const current = (signal: AbortSignal) => job.current?.signal === signal;

  const read = (from: ImportSource) => {
    if (('files' in from ? from.files : from.handles).length === 0) return;
    const count = 'files' in from ? from.files.length : null;
    const signal = begin();
    setState({ kind: 'reading', count, progress: null });
    const onProgress = (progress: SetImportProgress) => current(signal) && setState({ kind: 'reading', count, progress });
    previewFiles(from, {}, { signal, onProgress }).then(
      (preview) => {
        if (!current(signal)) return;
        setName(preview.name);
        setState({ kind: 'preview', preview, saving: null });
      },
      (error: unknown) => {
        if (!current(signal)) return;
        setState(signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', stage: 'read', error });
      },
    );
  };

  const pickFolder = () => {
    const pick = folderPicker();
    if (!pick) return folderInput.current?.click();
    pick.call(window, { id: 'question-sets', mode: 'read' }).then(
      (folder) => read({ handles: [folder] }),
      (error: unknown) => {
        // Closing the picker is no failure; anything else (a refused permission, a frame that may not pick) says so.
        if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ kind: 'failed', stage: 'read', error });
      },
    );
  };

  // A drop with a folder goes by handles: kept here for the drop's onDrop, which gets no files for it.
  const dropHandles = useRef(new WeakMap<object, Promise<FileSystemHandle[]>>());
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    getFilesFromEvent: (event) => {
      const handles = droppedHandles(event);
      if (!handles) return fromEvent(event);
      dropHandles.current.set(event, handles);
      return Promise.resolve([]);
    },
    onDrop: (accepted, _rejected, event) => {
      const handles = event && dropHandles.current.get(event);
      if (!handles) return read(filesOf(accepted));
      handles.then(
        (list) => read({ handles: list }),
        (error: unknown) => setState({ kind: 'failed', stage: 'read', error }),
      );
    },
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });

  const store = async (preview: ImportPreview) => {
    const signal = begin();
    const saving = (progress: SetImportProgress) => current(signal) && setState({ kind: 'preview', preview, saving: progress });
    saving({ phase: 'saving', done: 0, total: preview.images.length });
    try {
      const set = await storePreview(preview, name, { signal, onProgress: saving });
      if (current(signal)) setState({ kind: 'stored', name: set.name, items: set.itemCount, cancelTooLate: signal.aborted });
    } catch (e) {
      // A newer drop replaced this step (and cancelled it): what it shows stays.
      if (!current(signal)) return;
      if (signal.aborted) setState({ kind: 'cancelled' });
      else {
        reportStorageError(e);
        setState({ kind: 'failed', stage: 'store', error: e });
      }
    }
  };

  return (
    <div className="import-panel" data-testid="set-import">
      <div {...getRootProps({ className: isDragActive ? 'set-drop active' : 'set-drop' })} data-testid="set-drop">
        <input {...getInputProps()} data-testid="set-file-input" aria-label={t('batch.import.pickFiles')} />
        <input
          ref={folderInput}
          type="file"
          className="visually-hidden"
          multiple
          // Chromium, Firefox and Safari all take a folder this way.
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            read(filesOf(Array.from(e.target.files ?? [])));
            e.target.value = '';
          }}
          aria-label={t('batch.import.pickFolder')}
          data-testid="set-folder-input"
        />
        <p>{isDragActive ? t('batch.import.dropNow') : t('batch.import.drop')}</p>
        <p className="muted small">{t('batch.import.formats')}</p>
        <div className="row">
          <button type="button" onClick={open} data-testid="set-pick-files">
            {t('batch.import.pickFiles')}
          </button>
          <button type="button" onClick={pickFolder} data-testid="set-pick-folder">
            {t('batch.import.pickFolder')}
          </button>
        </div>
      </div>
      {state.kind === 'reading' && (
        <ImportProgressView progress={state.progress} count={state.count} cancelling={cancelling} onCancel={cancel} />
      )}
      {state.kind === 'cancelled' && (
        <Notice kind="info" testId="set-import-cancelled" onDismiss={() => setState({ kind: 'idle' })} dismissLabel={t('common.close')}>
          {t('batch.import.cancelled')}
        </Notice>
      )}
      {state.kind === 'failed' && (
        <Notice kind="error" testId="set-import-failed">
          {t(state.stage === 'read' ? 'batch.import.failed' : 'batch.import.storeFailed')}
          <ErrorDetail summary={t('storage.detail')} error={state.error} />
        </Notice>
      )}
      {state.kind === 'stored' && (
        <Notice kind="info" testId="set-stored" onDismiss={() => setState({ kind: 'idle' })} dismissLabel={t('common.close')}>
          {t('batch.import.stored', { name: state.name, items: state.items })}
          {state.cancelTooLate && <p data-testid="set-cancel-too-late">{t('batch.import.cancelTooLate')}</p>}
        </Notice>
      )}
      {state.kind === 'preview' && (
        <div className="import-preview">
          <Report preview={state.preview} />
          {state.preview.ok ? (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                void store(state.preview);
              }}
            >
              <label>
                {t('batch.set.name')}{' '}
                <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-testid="set-import-name" />
              </label>
              <button type="submit" className="primary" disabled={state.saving !== null || !name.trim()} data-testid="set-import-save">
                {t('batch.import.save', { n: state.preview.items.length })}
              </button>
              {state.saving === null && (
                <button type="button" onClick={() => setState({ kind: 'idle' })}>
                  {t('common.cancel')}
                </button>
              )}
            </form>
          ) : (
            <Notice kind="error" testId="set-not-stored">
              {t('batch.import.notStored')}
            </Notice>
          )}
          {state.saving && <ImportProgressView progress={state.saving} count={0} cancelling={cancelling} onCancel={cancel} />}
        </div>
      )}
    </div>
  );
}
