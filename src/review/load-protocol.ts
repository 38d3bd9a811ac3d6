// Messages between review-data.ts and load.worker.ts.
import type { SyncMessage } from './review-sync';

export interface LoadRequest {
  id: number;
  /** Meta values to read along (custom tags, the saved view). */
  metaKeys: string[];
  /** The page holds nothing from an earlier read (or lost track): send everything. */
  fresh: boolean;
}

/** Each read answers with its messages in order, ending with 'done' (or 'failed'). */
export type LoadResponse = ({ id: number } & SyncMessage) | { id: number; type: 'failed'; message: string };
