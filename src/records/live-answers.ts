// Which answers are being written right now, by this tab or by another one of the same app. The tab that
// streams an answer holds a Web Lock named after the answer's record for as long as it writes it; the
// browser releases the lock when that tab goes away, however it goes. So "pending" means "alive" while the
// lock is held, and "interrupted" only once nobody holds it. Without Web Locks (an insecure context, where
// the app cannot hash images anyway) every tab only knows its own answers.

const PREFIX = 'tanuki-live:';

const local = new Set<string>();
const idle: (() => void)[] = [];

function lockManager(): LockManager | undefined {
  return (globalThis.navigator as Navigator | undefined)?.locks;
}

/**
 * Runs `work` while this tab holds the answer's lock: `work` starts once the lock is held, so the answer
 * is never in storage without its lock. Answer ids are unique, so the lock is granted at once. Nested
 * calls for the same answer (chat holds it around the run, the run holds it itself) run inside the outer one.
 */
export function holdLive<T>(recordId: string, work: () => Promise<T>): Promise<T> {
  if (local.has(recordId)) return work();
  local.add(recordId);
  const run = async () => {
    try {
      return await work();
    } finally {
      local.delete(recordId);
      if (local.size === 0) for (const resolve of idle.splice(0)) resolve();
    }
  };
  const manager = lockManager();
  return manager ? (manager.request(PREFIX + recordId, run) as unknown as Promise<T>) : run();
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
  const ids = new Set(local);
  const manager = lockManager();
  if (manager) {
    const { held = [] } = await manager.query();
    for (const lock of held) if (lock.name?.startsWith(PREFIX)) ids.add(lock.name.slice(PREFIX.length));
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
  return (manager.request(PREFIX + recordId, { signal }, then) as unknown as Promise<void>).catch((e: unknown) => {
    if (!(e instanceof DOMException && e.name === 'AbortError')) throw e;
  });
}
