// Reading a dropped question set and checking its images (decode, hash) off the main thread: a Parquet file
// of fifty photos or a folder of a hundred would otherwise freeze the page for seconds.
import { sha256Hex } from '../images/hash';
import { inspectCore } from '../images/prepare-core';
import { throttleProgress } from '../records';
import type { DroppedFile, ImportRequest, ImportResponse } from './set-import-protocol';
import { previewImport, type SetImportProgress } from './set-import-core';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<ImportRequest>) => void): void;
  postMessage(message: ImportResponse): void;
}
const scope = self as unknown as WorkerScope;

const deps = {
  inspect: (blob: Blob, name: string) => inspectCore({ blob, name, type: blob.type }, { decode: (b, o) => createImageBitmap(b, o) }),
  sha256: sha256Hex,
};

const files: DroppedFile[] = [];

scope.addEventListener('message', (event) => {
  if (event.data.type === 'files') return void files.push(...event.data.files);
  const { options } = event.data;
  const onProgress = throttleProgress((p: SetImportProgress) => scope.postMessage({ type: 'progress', ...p }));
  void (async () => {
    try {
      let read = 0;
      onProgress({ phase: 'reading', done: 0, total: files.length });
      const sources = await Promise.all(
        files.map(async (f) => {
          const bytes = new Uint8Array(await f.file.arrayBuffer());
          onProgress({ phase: 'reading', done: ++read, total: files.length });
          return { path: f.path, bytes };
        }),
      );
      scope.postMessage({ type: 'done', preview: await previewImport(sources, options, deps, onProgress) });
    } catch (e) {
      scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
