// An import (an export zip or a .jsonl, up to gigabytes once unpacked) runs here: inflating, parsing,
// validating and hashing take seconds to minutes, and on the main thread they froze the tab. The page
// shows the progress posted from here. Nothing is written before the one transaction at the end, and that
// starts only when the page says so (see import-protocol.ts): Cancel is possible at any moment before the
// import is done, and stores nothing, or is answered with the report when the write had already committed.
import {
  importFile,
  openRecords,
  RecordsError,
  throttleProgress,
  type ImportBatch,
  type ImportProgress,
  type RecordsRepo,
} from '../records';
import type { ImportRequest, ImportResponse } from './import-protocol';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<ImportRequest>) => void): void;
  postMessage(message: ImportResponse): void;
}
const scope = self as unknown as WorkerScope;

const cancel = new AbortController();
let allowSave: (() => void) | null = null;

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type === 'save') allowSave?.();
  if (request.type === 'cancel') cancel.abort();
  if (request.type !== 'start') return;
  const { file } = request;
  void (async () => {
    let repo: RecordsRepo | null = null;
    const onProgress = throttleProgress((p: ImportProgress) => scope.postMessage({ type: 'progress', ...p }));
    try {
      const records = (repo = await openRecords());
      const askFirst = {
        hasImage: (sha256: string) => records.hasImage(sha256),
        mergeImport: async (batch: ImportBatch) => {
          await new Promise<void>((resolve) => {
            allowSave = resolve;
            scope.postMessage({ type: 'ready-to-save' });
          });
          return records.mergeImport(batch, cancel.signal);
        },
      };
      const report = await importFile(file, file.name, askFirst, {}, onProgress);
      scope.postMessage({ type: 'done', report });
    } catch (e) {
      if (cancel.signal.aborted) {
        scope.postMessage({ type: 'cancelled' });
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof RecordsError) scope.postMessage({ type: 'failed', code: e.code, message, params: { ...e.params } });
      else scope.postMessage({ type: 'failed', code: 'unknown', message, params: {} });
    } finally {
      repo?.close();
    }
  })();
});
