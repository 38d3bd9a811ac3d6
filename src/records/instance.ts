// The app's one records repository, opened on first use. The repository (and zod with its schemas) is
// loaded then too, not with the first page load. Opening it also closes the books of earlier page lives:
// records still pending that no tab is writing were interrupted, and become incomplete.
import { liveRecordIds } from './live-answers';
import type { StorageLifecycle } from './database';
import type { RecordsRepo } from './repository';

let opened: Promise<RecordsRepo> | null = null;
let repo: Promise<RecordsRepo> | null = null;
let lifecycle: StorageLifecycle = {};

/** Set once at start-up, before the first use: how the app hears of a newer version in another tab. */
export function configureRecords(next: StorageLifecycle): void {
  lifecycle = next;
}

/** A failed open (a blocked or broken database, a chunk that did not load) is not kept: the next call tries again. */
function forgetOnFailure(p: Promise<RecordsRepo>, forget: () => void): Promise<RecordsRepo> {
  p.catch(forget);
  return p;
}

function openedRecords(): Promise<RecordsRepo> {
  opened ??= forgetOnFailure(
    import('./repository').then((m) => m.openRecords(undefined, lifecycle)),
    () => (opened = null),
  );
  return opened;
}

export function recordsRepo(): Promise<RecordsRepo> {
  repo ??= forgetOnFailure(
    openedRecords().then(async (r) => {
      await r.markPendingAsIncomplete([], await liveRecordIds());
      return r;
    }),
    () => (repo = null),
  );
  return repo;
}

/**
 * The repository as soon as the database is open, before earlier page lives' books are closed (a Web Locks
 * query and a write): for a first look that may still show such an answer as pending, as Review's first rows,
 * which the full read replaces. Closing the books starts here too.
 */
export function recordsRepoForFirstLook(): Promise<RecordsRepo> {
  void recordsRepo().catch(() => undefined);
  return openedRecords();
}
