// The app's one records repository, opened on first use. The repository (and zod with its schemas) is
// loaded then too, not with the first page load. Opening it also closes the books of the previous page
// life: records still pending then were interrupted, and become incomplete.
import type { RecordsRepo, RecoveredAnswer } from './repository';

let repo: Promise<RecordsRepo> | null = null;

export function recordsRepo(recovered: readonly RecoveredAnswer[] = []): Promise<RecordsRepo> {
  repo ??= import('./repository').then(async (m) => {
    const opened = await m.openRecords();
    await opened.markPendingAsIncomplete([...recovered]);
    return opened;
  });
  return repo;
}
