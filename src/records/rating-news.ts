// Tabs tell each other that a rating was written or removed (BroadcastChannel, one per records database): a
// Review screen open in another tab then reads what changed, so that it shows the rating and its next change
// to it starts from what is stored, not from what that tab read before. A tab does not hear its own news.
const channels = new Map<string, BroadcastChannel | null>();

function channel(database: string): BroadcastChannel | null {
  let c = channels.get(database);
  if (c === undefined) {
    c = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`tanuki-ratings:${database}`) : null;
    channels.set(database, c);
  }
  return c;
}

export function tellRatingsChanged(database: string): void {
  channel(database)?.postMessage('changed');
}

/** Calls `listener` each time another tab (or worker) changed a rating; returns the way to stop. */
export function onRatingsChanged(database: string, listener: () => void): () => void {
  const c = channel(database);
  if (!c) return () => undefined;
  const heard = () => listener();
  c.addEventListener('message', heard);
  return () => c.removeEventListener('message', heard);
}
