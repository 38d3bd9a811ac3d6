// The app's one records repository, opened on first use. The repository (and zod with its schemas) is
// loaded then too, not with the first page load. Opening it also closes the books of the previous page
// life: records still pending then were interrupted, and become incomplete.
import type { RecordsRepo, RecoveredAnswer } from './repository';

let repo: Promise<RecordsRepo> | null = null;

export function recordsRepo(recovered: readonly RecoveredAnswer[] = []): Promise<RecordsRepo> {
  if (!repo) {
    const opening = import('./repository').then(async (m) => {
      const opened = await m.openRecords();
      await opened.markPendingAsIncomplete([...recovered]);
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
