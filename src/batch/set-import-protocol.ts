// Messages between set-import.ts and set-import.worker.ts, one import per worker. Nothing is stored in the
// worker: the page cancels by ending it.
import type { ReadOptions } from './question-sets';
import type { ImportPreview, SetImportProgress } from './set-import-core';

export interface DroppedFile {
  /** The path inside the drop (a folder's files keep their folders), or the file's name. */
  path: string;
  file: File;
}

export interface ImportRequest {
  files: DroppedFile[];
  options: ReadOptions;
}

export type ImportResponse =
  | ({ type: 'progress' } & SetImportProgress)
  | { type: 'done'; preview: ImportPreview }
  | { type: 'failed'; message: string };
