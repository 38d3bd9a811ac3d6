// The batch database (`tanuki-batch`): question sets, runs, and what became of each unit of a run. Images are
// not here: they live once per hash in the records database's image store. Opening it needs idb and
// records/database.ts only, so the start-up check for runs to resume (active-runs.ts) stays small; the
// validated repository is batch-repo.ts.
import type { DBSchema } from 'idb';
import { openDatabase, type Database, type StorageLifecycle } from '../records/database';

const BATCH_DB_NAME = 'tanuki-batch';
const DB_VERSION = 1;

/** Stored values are `unknown`: every read goes through the schemas in batch-repo.ts. */
export interface BatchDB extends DBSchema {
  /** Question sets without their items (listing them reads little). */
  sets: { key: string; value: unknown };
  /** `{ setId, items }`, written in the same transaction as the set. */
  setItems: { key: string; value: unknown };
  runs: { key: string; value: unknown; indexes: { state: string } };
  /** What a run works through, fixed when it starts: the items asked, or the records judged. */
  runPayloads: { key: string; value: unknown };
  /** One per finished unit: `{ runId, unit, state: 'done' | 'failed', code, at }`. */
  outcomes: { key: [string, number]; value: unknown; indexes: { runId: string } };
  /** Judge rubrics the person edited and kept. */
  rubrics: { key: string; value: unknown };
}

export type BatchDatabase = Database<BatchDB>;

/** False when the batch database was never created (a first visit): then no run can be waiting to resume. */
export async function batchDbExists(): Promise<boolean> {
  const databases = await indexedDB.databases?.();
  return databases ? databases.some((d) => d.name === BATCH_DB_NAME) : true;
}

/** Opens `tanuki-batch` under the rules every database of the app follows (records/database.ts). */
export function openBatchDb(name: string = BATCH_DB_NAME, lifecycle: StorageLifecycle = {}): Promise<BatchDatabase> {
  return openDatabase<BatchDB>(name, DB_VERSION, {
    lifecycle,
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('sets', { keyPath: 'id' });
        database.createObjectStore('setItems', { keyPath: 'setId' });
        database.createObjectStore('runs', { keyPath: 'id' }).createIndex('state', 'state');
        database.createObjectStore('runPayloads', { keyPath: 'runId' });
        database.createObjectStore('outcomes', { keyPath: ['runId', 'unit'] }).createIndex('runId', 'runId');
        database.createObjectStore('rubrics', { keyPath: 'id' });
      }
    },
  });
}
