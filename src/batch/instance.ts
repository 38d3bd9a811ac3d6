// The app's one batch repository, opened on first use (with zod and the schemas, in the batch chunk). Like
// every database of the app, it steps aside for a newer version in another tab and asks for a reload.
import { useAppStore } from '../store';
import type { BatchRepo } from './batch-repo';

let repo: Promise<BatchRepo> | null = null;

export function batchRepo(): Promise<BatchRepo> {
  if (!repo) {
    const opening = import('./batch-repo').then((m) =>
      m.openBatchRepo(undefined, { onUpgrade: (state) => useAppStore.getState().setStorageUpgrade(state) }),
    );
    // A failed open is not kept: the next call tries again.
    opening.catch(() => {
      if (repo === opening) repo = null;
    });
    repo = opening;
  }
  return repo;
}
