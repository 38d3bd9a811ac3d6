// At start-up, after the first paint: if a run was being worked on when the page went away, load the run
// machinery and carry on (or wait for the tab that still works on it). Only idb is needed to find out, so a
// page without runs loads nothing more.
import { openBatchDb } from './batch-db';

export async function resumeRunsIfAny(): Promise<void> {
  const db = await openBatchDb();
  let running: number;
  try {
    running = await db.connection().countFromIndex('runs', 'state', 'running');
  } finally {
    db.close();
  }
  if (running === 0) return;
  const { resumeActiveRuns } = await import('./run-controller');
  await resumeActiveRuns();
}

/** Settings' "delete all data": question sets, runs and rubrics go too. */
export async function clearBatchData(): Promise<void> {
  const db = await openBatchDb();
  try {
    const stores = ['sets', 'setItems', 'runs', 'runPayloads', 'outcomes', 'rubrics'] as const;
    await db.write([...stores], (tx) => Promise.all(stores.map((s) => tx.objectStore(s).clear())));
  } finally {
    db.close();
  }
}
