// Reading a dropped question set and checking its images (decode, hash) off the main thread: a Parquet file
// of fifty photos or a folder of a hundred would otherwise freeze the page for seconds.
import { sha256Hex } from '../images/hash';
import { inspectCore } from '../images/prepare-core';
import type { ImportRequest, ImportResponse } from './set-import-protocol';
import { previewImport } from './set-import-core';

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

scope.addEventListener('message', (event) => {
  const { id, files, options } = event.data;
  void (async () => {
    try {
      const sources = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
      scope.postMessage({ id, ok: true, preview: await previewImport(sources, options, deps) });
    } catch (e) {
      scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
