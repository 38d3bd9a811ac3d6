// An import (an export zip or a .jsonl, up to gigabytes once unpacked) runs here: inflating, parsing,
// validating and hashing take seconds to minutes, and on the main thread they froze the tab. The page
// shows the progress posted from here, and Cancel ends this worker: nothing is written before the one
// transaction at the end, so a cancelled import stores nothing.
import { importFile, openRecords, RecordsError, type ImportProgress, type RecordsRepo } from '../records';
import type { ImportRequest, ImportResponse } from './import-protocol';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<ImportRequest>) => void): void;
  postMessage(message: ImportResponse): void;
}
const scope = self as unknown as WorkerScope;

/** At most this often a progress message (a new phase is always told at once). */
const PROGRESS_MS = 100;

scope.addEventListener('message', (event) => {
  const { file } = event.data;
  void (async () => {
    let repo: RecordsRepo | null = null;
    let last: ImportProgress | null = null;
    let lastAt = 0;
    const onProgress = (p: ImportProgress) => {
      const now = performance.now();
      if (last && last.phase === p.phase && now - lastAt < PROGRESS_MS) return;
      last = p;
      lastAt = now;
      scope.postMessage({ type: 'progress', ...p });
    };
    try {
      repo = await openRecords();
      const report = await importFile(file, file.name, repo, {}, onProgress);
      scope.postMessage({ type: 'done', report });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof RecordsError) scope.postMessage({ type: 'failed', code: e.code, message, params: { ...e.params } });
      else scope.postMessage({ type: 'failed', code: 'unknown', message, params: {} });
    } finally {
      repo?.close();
    }
  })();
});
