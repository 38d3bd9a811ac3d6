// The main thread's side of importing a question set: hands the dropped files to a worker for reading and
// checking, then, once the person has seen the report and chosen a name, stores the images (once per hash,
// in the records database's image store) and the set with its items (one transaction). Both steps report
// their progress and stop when their signal aborts, leaving nothing stored.
import { recordsRepo } from '../records/instance';
import { announceChange } from './run-controller';
import { batchRepo } from './instance';
import type { QuestionSet } from './model';
import type { ReadOptions } from './question-sets';
import type { ImportPreview, SetImportProgress } from './set-import-core';
import type { ImportRequest, ImportResponse, ImportSource } from './set-import-protocol';
import { nextTask } from '../ui/next-task';

export type { ImportSource };

const FILES_PER_MESSAGE = 200;

export interface ImportSteps {
  signal?: AbortSignal;
  onProgress?: (p: SetImportProgress) => void;
}

/**
 * Reads and checks the files in a worker of its own (ended when done, or at once when `signal` aborts: then
 * it rejects with the signal's reason); rejects when the worker fails.
 */
export function previewFiles(
  from: ImportSource,
  options: ReadOptions = {},
  { signal, onProgress }: ImportSteps = {},
): Promise<ImportPreview> {
  signal?.throwIfAborted();
  const worker = new Worker(new URL('./set-import.worker.ts', import.meta.url), { type: 'module' });
  let onAbort = () => {};
  return new Promise<ImportPreview>((resolve, reject) => {
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<ImportResponse>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress?.(m);
      else if (m.type === 'done') resolve(m.preview);
      else reject(new Error(m.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || 'the import worker failed'));
    };
    const post = (request: ImportRequest) => worker.postMessage(request);
    void (async () => {
      if ('handles' in from) post({ type: 'handles', handles: from.handles });
      else
        for (let i = 0; i < from.files.length; i += FILES_PER_MESSAGE) {
          if (i > 0) await nextTask();
          if (signal?.aborted) return;
          post({ type: 'files', files: from.files.slice(i, i + FILES_PER_MESSAGE) });
        }
      post({ type: 'read', options });
    })();
  }).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  });
}

function newSetId(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `s${Date.now().toString(36)}${Array.from(b, (x) => x.toString(36).padStart(2, '0')).join('')}`;
}

/**
 * Stores a set that passed its checks: its images first (a set is only ever seen with all its images there),
 * then the set with its items in one transaction. When `signal` aborts before that transaction (or a write
 * fails), the images this call added are deleted again and it rejects (with the signal's reason): nothing of
 * the set stays. Once the set is stored an abort changes nothing; `signal.aborted` then tells the caller that
 * Cancel came too late.
 */
export async function storePreview(preview: ImportPreview, name: string, { signal, onProgress }: ImportSteps = {}): Promise<QuestionSet> {
  if (!preview.ok) throw new Error('the set has errors and cannot be stored');
  signal?.throwIfAborted();
  const records = await recordsRepo();
  const now = new Date().toISOString();
  const set: QuestionSet = {
    schema: 1,
    id: newSetId(),
    name: name.trim().slice(0, 200) || preview.name || 'question set',
    createdAt: now,
    updatedAt: now,
    format: preview.format,
    files: preview.files.slice(0, 200).map((f) => f.slice(0, 300)),
    itemCount: preview.items.length,
    imageCount: preview.images.length,
    categories: preview.categories.slice(0, 200),
  };
  const added: string[] = [];
  try {
    for (const [i, image] of preview.images.entries()) {
      onProgress?.({ phase: 'saving', done: i, total: preview.images.length });
      signal?.throwIfAborted();
      if (await records.putImage(image.ref.sha256, image.bytes, image.ref)) added.push(image.ref.sha256);
    }
    signal?.throwIfAborted();
    await (await batchRepo()).putSet(set, preview.items);
  } catch (e) {
    // Only images that were not there a moment ago go: whatever stored one before this save keeps it. (Something
    // storing the same image in the same moment, in another tab, would lose it: a window of milliseconds.)
    await records.deleteImages(added).catch(() => undefined);
    throw e;
  }
  announceChange();
  return set;
}
