// Which answers are being written right now, by this tab or by another one of the same app. The tab that
// streams an answer holds a Web Lock named after the answer's record for as long as it writes it; the
// browser releases the lock when that tab goes away, however it goes. So "pending" means "alive" while the
// lock is held, and "interrupted" only once nobody holds it. Without Web Locks (an insecure context, where
// the app cannot hash images anyway) every tab only knows its own answers.

export const LIVE_LOCK_PREFIX = 'tanuki-live:';

/** The answers this tab writes, each with the promise that its lock is held (hold-live.ts). */
const local = new Map<string, Promise<void>>();
const idle: (() => void)[] = [];

export function lockManager(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/** This tab writes the answer from now on; the function returned says it no longer does. */
export function noteLive(recordId: string, held: Promise<void>): () => void {
  local.set(recordId, held);
  return () => {
    local.delete(recordId);
    if (local.size === 0) for (const resolve of idle.splice(0)) resolve();
  };
}

/** While this tab writes the answer: the promise that its lock is held. */
export function liveHeld(recordId: string): Promise<void> | undefined {
  return local.get(recordId);
}

/** True while this tab writes that answer. */
export function isLiveHere(recordId: string): boolean {
  return local.has(recordId);
}

/** Resolves once this tab writes no answer any more. */
export function whenNoLiveHere(): Promise<void> {
  return local.size === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
}

/** The records some tab (this one included) is writing now. */
export async function liveRecordIds(): Promise<Set<string>> {
  const ids = new Set(local.keys());
  const manager = lockManager();
  if (manager) {
    const { held = [] } = await manager.query();
    for (const lock of held) if (lock.name?.startsWith(LIVE_LOCK_PREFIX)) ids.add(lock.name.slice(LIVE_LOCK_PREFIX.length));
  }
  return ids;
}

/**
 * Runs `then` once no tab writes that answer any more, holding its lock meanwhile so that two tabs never
 * recover the same answer at once. Without Web Locks it runs at once. Aborting the signal gives up waiting.
 */
export function afterLive(recordId: string, then: () => Promise<void>, signal?: AbortSignal): Promise<void> {
  const manager = lockManager();
  if (!manager) return then();
  return (manager.request(LIVE_LOCK_PREFIX + recordId, { signal }, then) as unknown as Promise<void>).catch((e: unknown) => {
    if (!(e instanceof DOMException && e.name === 'AbortError')) throw e;
  });
}
