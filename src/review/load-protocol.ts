// Messages between review-data.ts and load.worker.ts.
import type { AnswerRecord, Rating } from '../records';

export interface LoadRequest {
  id: number;
  /** Meta values to read along (custom tags, the saved view). */
  metaKeys: string[];
}

export type LoadResponse =
  | { id: number; ok: true; records: AnswerRecord[]; ratings: Rating[]; meta: unknown[] }
  | { id: number; ok: false; message: string };
