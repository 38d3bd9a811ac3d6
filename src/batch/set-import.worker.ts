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

const onProgress = throttleProgress((p: SetImportProgress) => scope.postMessage({ type: 'progress', ...p }));

/**
 * Adds every file under the handles to `into`, a folder's paths starting with its name (as a folder input
 * gives them). A push per hundred: one spread of a whole folder's files would overflow the stack past about a
 * hundred thousand.
 */
async function list(handles: readonly FileSystemHandle[], into: DroppedFile[]): Promise<void> {
  const found: { path: string; handle: FileSystemFileHandle }[] = [];
  const walk = async (handle: FileSystemHandle, path: string): Promise<void> => {
    if (handle.kind === 'directory') {
      for await (const [name, inner] of (handle as FileSystemDirectoryHandle).entries()) await walk(inner, `${path}/${name}`);
    } else {
      found.push({ path, handle: handle as FileSystemFileHandle });
      onProgress({ phase: 'listing', done: found.length, total: 0 });
    }
  };
  for (const handle of handles) await walk(handle, handle.name);
  // A hundred at a time: each is a call to the browser process, which the page shares (bench:imports saw frame
  // gaps of 17 to 367 ms on the page while a 5,000-file folder was read, its longest task 54 ms).
  for (let i = 0; i < found.length; i += 100)
    into.push(...(await Promise.all(found.slice(i, i + 100).map(async ({ path, handle }) => ({ path, file: await handle.getFile() })))));
}

const files: DroppedFile[] = [];
const handles: FileSystemHandle[] = [];

scope.addEventListener('message', (event) => {
  const m = event.data;
  if (m.type === 'files') return void files.push(...m.files);
  if (m.type === 'handles') return void handles.push(...m.handles);
  void (async () => {
    try {
      await list(handles, files);
      let read = 0;
      onProgress({ phase: 'reading', done: 0, total: files.length });
      const sources = await Promise.all(
        files.map(async (f) => {
          const bytes = new Uint8Array(await f.file.arrayBuffer());
          onProgress({ phase: 'reading', done: ++read, total: files.length });
          return { path: f.path, bytes };
        }),
      );
      scope.postMessage({ type: 'done', preview: await previewImport(sources, m.options, deps, onProgress) });
    } catch (e) {
      scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
