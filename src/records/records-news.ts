// Tabs tell each other what they changed in a records database (BroadcastChannel, one per database): ratings
// (a rating written or removed) or records (answers stored, removed, imported). A Review screen open in another
// tab then reads what changed, and a thumb under a chat answer shows its rating. A tab does not hear its own
// news; a worker's (an import runs in one) reaches its tab like another tab's.
export type News = 'ratings' | 'records';

const channels = new Map<string, BroadcastChannel | null>();

function channel(database: string): BroadcastChannel | null {
  let c = channels.get(database);
  if (c === undefined) {
    c = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`tanuki-records:${database}`) : null;
    channels.set(database, c);
  }
  return c;
}

export function tellNews(database: string, news: News): void {
  channel(database)?.postMessage(news);
}

/** Calls `listener` each time another tab (or worker) tells one of `kinds` of news; returns the way to stop. */
export function onNews(database: string, kinds: readonly News[], listener: () => void): () => void {
  const c = channel(database);
  if (!c) return () => undefined;
  const heard = (event: MessageEvent<unknown>) => {
    if (kinds.includes(event.data as News)) listener();
  };
  c.addEventListener('message', heard);
  return () => c.removeEventListener('message', heard);
}
