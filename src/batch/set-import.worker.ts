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

/** Every file under a picked folder, its path starting with the folder's name (as a folder input gives it). */
async function listFolder(folder: FileSystemDirectoryHandle): Promise<DroppedFile[]> {
  const found: { path: string; handle: FileSystemFileHandle }[] = [];
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
      else {
        found.push({ path: `${prefix}${name}`, handle: handle as FileSystemFileHandle });
        onProgress({ phase: 'listing', done: found.length, total: 0 });
      }
    }
  };
  await walk(folder, `${folder.name}/`);
  return Promise.all(found.map(async ({ path, handle }) => ({ path, file: await handle.getFile() })));
}

const files: DroppedFile[] = [];
let folder: FileSystemDirectoryHandle | null = null;

scope.addEventListener('message', (event) => {
  const m = event.data;
  if (m.type === 'files') return void files.push(...m.files);
  if (m.type === 'folder') return void (folder = m.folder);
  void (async () => {
    try {
      if (folder) files.push(...(await listFolder(folder)));
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
