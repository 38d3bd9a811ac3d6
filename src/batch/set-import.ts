// The main thread's side of importing a question set: hands the dropped files to a worker for reading and
// checking, then, once the person has seen the report and chosen a name, stores the images (once per hash,
// in the records database's image store) and the set with its items (one transaction).
import { recordsRepo } from '../records/instance';
import { announceChange } from './run-controller';
import { batchRepo } from './instance';
import type { QuestionSet } from './model';
import type { ReadOptions } from './question-sets';
import type { ImportPreview } from './set-import-core';
import type { DroppedFile, ImportRequest, ImportResponse } from './set-import-protocol';

export type { DroppedFile };

let nextId = 1;

/** Reads and checks the files in a worker of its own (ended when done); rejects when the worker fails. */
export function previewFiles(files: DroppedFile[], options: ReadOptions = {}): Promise<ImportPreview> {
  const worker = new Worker(new URL('./set-import.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<ImportPreview>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ImportResponse>) => {
      if (event.data.id !== id) return;
      if (event.data.ok) resolve(event.data.preview);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || 'the import worker failed'));
    };
    worker.postMessage({ id, files, options } satisfies ImportRequest);
  }).finally(() => worker.terminate());
}

function newSetId(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `s${Date.now().toString(36)}${Array.from(b, (x) => x.toString(36).padStart(2, '0')).join('')}`;
}

/** Stores a set that passed its checks. Images first: a set is only ever seen with all its images there. */
export async function storePreview(preview: ImportPreview, name: string): Promise<QuestionSet> {
  if (!preview.ok) throw new Error('the set has errors and cannot be stored');
  const records = await recordsRepo();
  for (const image of preview.images) await records.putImage(image.ref.sha256, image.blob, image.ref);
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
  await (await batchRepo()).putSet(set, preview.items);
  announceChange();
  return set;
}
