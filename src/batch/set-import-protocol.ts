// Messages between set-import.ts and set-import.worker.ts.
import type { ReadOptions } from './question-sets';
import type { ImportPreview } from './set-import-core';

export interface DroppedFile {
  /** The path inside the drop (a folder's files keep their folders), or the file's name. */
  path: string;
  file: File;
}

export interface ImportRequest {
  id: number;
  files: DroppedFile[];
  options: ReadOptions;
}

export type ImportResponse = { id: number; ok: true; preview: ImportPreview } | { id: number; ok: false; message: string };
