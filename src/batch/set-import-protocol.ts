// Messages between set-import.ts and set-import.worker.ts, one import per worker. Nothing is stored in the
// worker: the page cancels by ending it.
import type { ReadOptions } from './question-sets';
import type { ImportPreview, SetImportProgress } from './set-import-core';

export interface DroppedFile {
  /** The path inside the drop (a folder's files keep their folders), or the file's name. */
  path: string;
  file: File;
}

/**
 * What is to be read: Files (dropped or chosen), or where the browser gives them, the handles of a picked or
 * dropped folder (and of what was dropped beside it), which the worker lists itself.
 */
export type ImportSource = { files: DroppedFile[] } | { handles: FileSystemHandle[] };

/**
 * Files go over in parts, a message each in a task of its own (cloning 5,000 Files in one message held the
 * page for most of a second); handles in one message. Then `read` starts the work.
 */
export type ImportRequest =
  | { type: 'files'; files: DroppedFile[] }
  | { type: 'handles'; handles: FileSystemHandle[] }
  | { type: 'read'; options: ReadOptions };

export type ImportResponse =
  | ({ type: 'progress' } & SetImportProgress)
  | { type: 'done'; preview: ImportPreview }
  | { type: 'failed'; message: string };
