// Holding an answer's lock while this tab writes it (live-answers.ts says why), without making its request
// wait for the browser's round trip. Only the code that runs answers needs it, so it stays out of the first load.
import { LIVE_LOCK_PREFIX, liveHeld, lockManager, noteLive } from './live-answers';

/**
 * Runs `work` at once, in the caller's task, and holds the answer's lock from when the browser grants it until
 * `work` has settled. `held` resolves once the lock is held: whatever puts the answer in storage waits for it,
 * so the answer is never in storage without its lock, while its request (which is not storage) leaves at once.
 * Answer ids are unique, so the lock is granted at once. Nested calls for the same answer (chat holds it
 * around the run, the run holds it itself) run inside the outer one.
 */
export async function holdLive<T>(recordId: string, work: (held: Promise<void>) => Promise<T>): Promise<T> {
  const outer = liveHeld(recordId);
  if (outer) return work(outer);
  let release = () => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  const manager = lockManager();
  // A lock that cannot be had (it never fails for a unique name) must not keep the answer from being stored.
  const held = manager
    ? new Promise<void>((resolve) => void manager.request(LIVE_LOCK_PREFIX + recordId, () => (resolve(), done)).catch(() => resolve()))
    : Promise.resolve();
  const ended = noteLive(recordId, held);
  try {
    return await work(held);
  } finally {
    release();
    ended();
  }
}
