// Messages between review-data.ts and import.worker.ts: one import per worker; the page ends the worker to
// cancel it.
import type { ImportProgress, ImportReport, RecordsErrorCode } from '../records';

export interface ImportRequest {
  file: File;
}

export type ImportResponse =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'done'; report: ImportReport }
  | { type: 'failed'; code: RecordsErrorCode | 'unknown'; message: string; params: Record<string, string | number> };
