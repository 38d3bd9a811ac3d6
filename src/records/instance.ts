// The app's one records repository, opened on first use. The repository (and zod with its schemas) is
// loaded then too, not with the first page load. Opening it also closes the books of earlier page lives:
// records still pending that no tab is writing were interrupted, and become incomplete.
import { liveRecordIds } from './live-answers';
import type { StorageLifecycle } from './database';
import type { RecordsRepo } from './repository';

let repo: Promise<RecordsRepo> | null = null;
let lifecycle: StorageLifecycle = {};

/** Set once at start-up, before the first use: how the app hears of a newer version in another tab. */
export function configureRecords(next: StorageLifecycle): void {
  lifecycle = next;
}

export function recordsRepo(): Promise<RecordsRepo> {
  if (!repo) {
    const opening = import('./repository').then(async (m) => {
      const opened = await m.openRecords(undefined, lifecycle);
      await opened.markPendingAsIncomplete([], await liveRecordIds());
      return opened;
    });
    // A failed open (a blocked or broken database, a chunk that did not load) is not kept: the next call tries again.
    opening.catch(() => {
      if (repo === opening) repo = null;
    });
    repo = opening;
  }
  return repo;
}
