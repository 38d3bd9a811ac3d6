// The app's one records database and repository, opened on first use. The repository (and zod with its
// schemas) is loaded then too, not with the first page load. Opening the repository also closes the books of
// earlier page lives: records still pending that no tab is writing were interrupted, and become incomplete.
import { liveRecordIds } from './live-answers';
import type { StorageLifecycle } from './database';
import type { RecordsDatabase } from './records-db';
import type { RecordsRepo } from './repository';

let database: Promise<RecordsDatabase> | null = null;
let repo: Promise<RecordsRepo> | null = null;
let lifecycle: StorageLifecycle = {};

/** Set once at start-up, before the first use: how the app hears of a newer version in another tab. */
export function configureRecords(next: StorageLifecycle): void {
  lifecycle = next;
}

/** A failed open (a blocked or broken database, a chunk that did not load) is not kept: the next call tries again. */
function forgetOnFailure<T>(p: Promise<T>, forget: () => void): Promise<T> {
  p.catch(forget);
  return p;
}

/**
 * The open database, without the repository and its schemas: for a first look (records-db.ts), such as Review's
 * first rows, read before earlier page lives' books are closed (an interrupted answer may still show as pending).
 */
export function recordsDatabase(): Promise<RecordsDatabase> {
  database ??= forgetOnFailure(
    import('./records-db').then((m) => m.openRecordsDatabase(undefined, lifecycle)),
    () => (database = null),
  );
  return database;
}

export function recordsRepo(): Promise<RecordsRepo> {
  repo ??= forgetOnFailure(
    Promise.all([recordsDatabase(), import('./repository')]).then(async ([db, m]) => {
      const r = m.recordsOn(db);
      await r.markPendingAsIncomplete([], await liveRecordIds());
      return r;
    }),
    () => (repo = null),
  );
  return repo;
}
