// Messages between review-data.ts and import.worker.ts, one import per worker. Until the worker is ready to
// save, the page cancels by ending it (nothing is written before then). Saving is one transaction that
// starts only when the page says `save`; a `cancel` after that aborts the transaction, and the worker
// answers `cancelled`, or `done` when the transaction had already committed.
import type { ImportProgress, ImportReport, RecordsErrorCode } from '../records';

export type ImportRequest = { type: 'start'; file: File } | { type: 'save' } | { type: 'cancel' };

export type ImportResponse =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'ready-to-save' }
  | { type: 'done'; report: ImportReport }
  | { type: 'cancelled' }
  | { type: 'failed'; code: RecordsErrorCode | 'unknown'; message: string; params: Record<string, string | number> };
