// The annotation queue as plain data and pure steps. The queue is a snapshot of record ids taken when it
// opens: an item rated here stays in it (so ← can go back and fix it) and only leaves "unrated" when the
// queue is built again; records stored meanwhile (in another tab) join at its end. Undo remembers each rating
// change as before/after, and time per item is summed per record so going back and forth adds up.
import { own } from '../config/own';
import type { Rating } from '../records';

/** The parts of a rating an annotator changes; null means there was no rating at all. */
export type RatingFields = Pick<Rating, 'score' | 'thumb' | 'tags' | 'note'>;

export interface RatingChange {
  recordId: string;
  before: RatingFields | null;
  after: RatingFields | null;
}

export interface QueueState {
  ids: readonly string[];
  /** ids.length means past the last item: the queue is done. */
  index: number;
  undo: readonly RatingChange[];
  /** When the current item was shown (ms, any clock). */
  shownAt: number;
  /** Time spent per record id, not counting the current visit. */
  spent: Readonly<Record<string, number>>;
}

export const UNDO_LIMIT = 200;

/**
 * The records of the current filter not yet rated by this annotator, in the given order. The record the
 * annotator was on when the page went away stays in (even if rated) and becomes the current item.
 */
export function buildQueue(
  candidates: readonly { id: string }[],
  ratedByMe: (recordId: string) => boolean,
  resumeId: string | null,
  now: number,
): QueueState {
  const ids = candidates.filter((r) => r.id === resumeId || !ratedByMe(r.id)).map((r) => r.id);
  const at = resumeId === null ? -1 : ids.indexOf(resumeId);
  return { ids, index: Math.max(0, at), undo: [], shownAt: now, spent: {} };
}

/**
 * The queue after what is stored changed under it (another tab stored, removed or rated records): the item
 * shown, the time spent and what undo can restore stay. Records no longer stored leave it; new candidates
 * this annotator has not rated join at its end, after the items already in it (a queue that was done goes on
 * with them). The same queue when nothing changed.
 */
export function refreshQueue(
  q: QueueState,
  candidates: readonly { id: string }[],
  ratedByMe: (recordId: string) => boolean,
  stored: (recordId: string) => boolean,
): QueueState {
  const kept = q.ids.filter(stored);
  const inQueue = new Set(kept);
  const added = candidates.filter((r) => !inQueue.has(r.id) && !ratedByMe(r.id)).map((r) => r.id);
  if (added.length === 0 && kept.length === q.ids.length) return q;
  const current = currentId(q);
  // The item shown, or (when it is gone) the one that came after it.
  const index = current !== null && inQueue.has(current) ? kept.indexOf(current) : q.ids.slice(0, q.index).filter(stored).length;
  return { ...q, ids: [...kept, ...added], index };
}

export function currentId(q: QueueState): string | null {
  return q.ids[q.index] ?? null;
}

export function isDone(q: QueueState): boolean {
  return q.index >= q.ids.length;
}

function leave(q: QueueState, now: number): Readonly<Record<string, number>> {
  const id = currentId(q);
  if (id === null) return q.spent;
  return { ...q.spent, [id]: (own(q.spent, id) ?? 0) + Math.max(0, now - q.shownAt) };
}

/** To another position (clamped to 0..ids.length); the time on the item left is added to it. */
export function goTo(q: QueueState, index: number, now: number): QueueState {
  const to = Math.min(Math.max(0, index), q.ids.length);
  if (to === q.index) return q;
  return { ...q, index: to, spent: leave(q, now), shownAt: now };
}

export function next(q: QueueState, now: number): QueueState {
  return goTo(q, q.index + 1, now);
}

export function prev(q: QueueState, now: number): QueueState {
  return goTo(q, q.index - 1, now);
}

export function pushChange(q: QueueState, change: RatingChange): QueueState {
  const undo = [...q.undo, change];
  return { ...q, undo: undo.length > UNDO_LIMIT ? undo.slice(undo.length - UNDO_LIMIT) : undo };
}

/**
 * Takes the last change off the stack and moves to its record (if it is in the queue), so the annotator
 * sees what the undo restored.
 */
export function popChange(q: QueueState, now: number): { queue: QueueState; change: RatingChange | null } {
  const change = q.undo.at(-1) ?? null;
  if (!change) return { queue: q, change: null };
  const popped = { ...q, undo: q.undo.slice(0, -1) };
  const at = q.ids.indexOf(change.recordId);
  return { queue: at >= 0 ? goTo(popped, at, now) : popped, change };
}

/** Time on the current item so far, including earlier visits. */
export function timeOnCurrent(q: QueueState, now: number): number {
  const id = currentId(q);
  return id === null ? 0 : (own(q.spent, id) ?? 0) + Math.max(0, now - q.shownAt);
}

/** Median time per item over the items visited so far (current visit excluded), or null. */
export function medianTimePerItem(q: QueueState): number | null {
  const times = Object.values(q.spent).sort((a, b) => a - b);
  if (times.length === 0) return null;
  const mid = times.length >> 1;
  return times.length % 2 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
}

/** How many of the queue's items this annotator has rated. */
export function ratedCount(q: QueueState, ratedByMe: (recordId: string) => boolean): number {
  let n = 0;
  for (const id of q.ids) if (ratedByMe(id)) n += 1;
  return n;
}

/** Toggles a tag in a list (kept in the order given, without repeats). */
export function toggleTag(tags: readonly string[], tag: string): string[] {
  return tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag];
}
