// The app's one batch repository, opened on first use (with zod and the schemas, in the batch chunk).
import type { BatchRepo } from './batch-repo';

let repo: Promise<BatchRepo> | null = null;

export function batchRepo(): Promise<BatchRepo> {
  repo ??= import('./batch-repo').then((m) => m.openBatchRepo());
  // A failed open is not kept: the next call tries again.
  repo.catch(() => (repo = null));
  return repo;
}
