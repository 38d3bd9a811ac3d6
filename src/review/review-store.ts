// The Review screen's state: the loaded records and ratings, the filter, and the annotation queue. It is
// its own small store rather than a slice of the app store because it holds thousands of records and is
// only needed once Review opens: it loads with the Review chunk and is never persisted by the app store.
// Storage is not touched here; review-data.ts reads and writes IndexedDB and calls these actions.
import { create } from 'zustand';
import { own } from '../config/own';
import { DEFAULT_TAGS } from '../records/constants';
import type { AnswerRecord, Rating, RatingsIndex, RecordsErrorCode } from '../records';
import { EMPTY_FILTER, facetsOf, filterRecords, knownTags, type Facets, type ReviewFilter } from './filters';
import { buildQueue, refreshQueue as refreshed, type QueueState } from './queue';

/** What a read found changed since the one before (all of it when `fresh`): see review-sync.ts. */
export interface Changes {
  fresh: boolean;
  /** New or changed records by id. */
  records: Map<string, AnswerRecord>;
  /** Each record's ratings where they changed; an empty list: none left. */
  ratings: Map<string, Rating[]>;
  removed: readonly string[];
  /** Ids newest first, joined by newlines; null: the order is as before (or `whole` gives it). */
  order: string | null;
  /** `records` holds every stored record, newest first (in its insertion order): it is the whole list. */
  whole: boolean;
  facets: Facets;
}

/** 'preview': only the newest records are in (the rest is loading); filters, queue and export wait for 'ready'. */
export type LoadState = 'idle' | 'loading' | 'preview' | 'ready' | 'error';

export interface ReviewState {
  load: LoadState;
  /** A reload is running; what was loaded before stays on screen meanwhile. */
  refreshing: boolean;
  /** Why the records could not be read: a records error's code and what it says, put in words by the screen. */
  loadError: { code: RecordsErrorCode; params: Readonly<Record<string, string | number>> } | null;
  /** Newest first. */
  records: readonly AnswerRecord[];
  byId: ReadonlyMap<string, AnswerRecord>;
  /** What the filter bar offers. */
  facets: Facets;
  /** Live: what rows and the detail view show. */
  ratings: RatingsIndex;
  /**
   * What the rating-based filters (rated/unrated, score, tag) look at: the ratings as they were when the
   * filter or the selection last changed, so a record does not vanish from "unrated" while it is rated.
   */
  filterRatings: RatingsIndex;
  customTags: readonly string[];
  filter: ReviewFilter;
  queue: QueueState | null;
  /** The record each annotator's queue was on (restored after a reload). */
  queueResume: Readonly<Record<string, string>>;
  /** The saved view (filter, queue positions) has been read; until then nothing overwrites it. */
  viewLoaded: boolean;

  startLoading: () => void;
  previewed: (records: readonly AnswerRecord[]) => void;
  /** A read ended: its changes are laid over what is held (what did not change keeps its identity). */
  loaded: (changes: Changes, customTags: readonly string[]) => void;
  loadFailed: (error: NonNullable<ReviewState['loadError']>) => void;
  restoreView: (filter: ReviewFilter, queueResume: Record<string, string>) => void;
  setFilter: (patch: Partial<ReviewFilter>) => void;
  resetFilter: () => void;
  /** Lets the rating-based filters see the ratings made since the last refresh. */
  refreshFilterRatings: () => void;
  ratingSaved: (rating: Rating) => void;
  ratingDeleted: (recordId: string, annotator: string) => void;
  setCustomTags: (tags: readonly string[]) => void;
  openQueue: (annotator: string, now: number) => void;
  /** What is stored changed under an open queue: it keeps its place and takes in what arrived. */
  refreshQueue: (annotator: string) => void;
  setQueue: (queue: QueueState | null) => void;
  setQueueResume: (annotator: string, recordId: string) => void;
}

function replaceRating(index: RatingsIndex, recordId: string, annotator: string, rating: Rating | null): RatingsIndex {
  const next = new Map(index);
  const list = (index.get(recordId) ?? []).filter((r) => r.annotator !== annotator);
  if (rating) list.push(rating);
  if (list.length) next.set(recordId, list);
  else next.delete(recordId);
  return next;
}

export const useReviewStore = create<ReviewState>()((set, get) => ({
  load: 'idle',
  refreshing: false,
  loadError: null,
  records: [],
  byId: new Map(),
  facets: { endpoints: [], sources: [] },
  ratings: new Map(),
  filterRatings: new Map(),
  customTags: [],
  filter: EMPTY_FILTER,
  queue: null,
  queueResume: {},
  viewLoaded: false,

  startLoading: () =>
    set((s) => ({ load: s.load === 'ready' || s.load === 'preview' ? s.load : 'loading', refreshing: true, loadError: null })),
  previewed: (records) => set({ load: 'preview', records, byId: new Map(records.map((r) => [r.id, r])), facets: facetsOf(records) }),
  loaded: (changes, customTags) =>
    set((s) => {
      const done = { load: 'ready' as const, refreshing: false, loadError: null, customTags };
      const { fresh } = changes;
      let ratings = s.ratings;
      if (fresh || changes.ratings.size) {
        const next = new Map(fresh ? [] : s.ratings);
        for (const [id, list] of changes.ratings) {
          if (list.length) next.set(id, list);
          else next.delete(id);
        }
        ratings = next;
      }
      const ratingsPart = ratings === s.ratings ? {} : { ratings, filterRatings: ratings };
      if (!fresh && !changes.records.size && !changes.removed.length && changes.order === null) return { ...done, ...ratingsPart };
      if (changes.whole)
        return { ...done, ...ratingsPart, records: [...changes.records.values()], byId: changes.records, facets: changes.facets };
      // The read's own map takes what is held when it is the larger one (a fresh read, a big import): the
      // work is then the size of what was held, not of the hundred thousand records just read.
      let byId = changes.records;
      if (!fresh && changes.records.size >= s.byId.size) {
        for (const [id, r] of s.byId) if (!byId.has(id)) byId.set(id, r);
      } else if (!fresh) {
        byId = new Map(s.byId);
        for (const [id, r] of changes.records) byId.set(id, r);
      }
      for (const id of changes.removed) byId.delete(id);
      let records: AnswerRecord[] = [];
      if (changes.order === null) records = s.records.map((r) => byId.get(r.id) ?? r);
      else if (changes.order !== '') {
        for (const id of changes.order.split('\n')) {
          const r = byId.get(id);
          if (r) records.push(r);
        }
      }
      return { ...done, ...ratingsPart, records, byId, facets: changes.facets };
    }),
  loadFailed: (loadError) =>
    set((s) => ({ load: s.load === 'ready' || s.load === 'preview' ? s.load : 'error', refreshing: false, loadError })),
  restoreView: (filter, queueResume) => set({ filter, queueResume, viewLoaded: true }),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch }, filterRatings: s.ratings })),
  resetFilter: () => set((s) => ({ filter: EMPTY_FILTER, filterRatings: s.ratings })),
  refreshFilterRatings: () => set((s) => (s.filterRatings === s.ratings ? s : { filterRatings: s.ratings })),
  ratingSaved: (rating) => set((s) => ({ ratings: replaceRating(s.ratings, rating.recordId, rating.annotator, rating) })),
  ratingDeleted: (recordId, annotator) => set((s) => ({ ratings: replaceRating(s.ratings, recordId, annotator, null) })),
  setCustomTags: (customTags) => set({ customTags }),
  openQueue: (annotator, now) => {
    const s = get();
    const candidates = selectFiltered({ ...s, filterRatings: s.ratings }, annotator);
    const scored = (id: string) => scoredBy(s, id, annotator);
    set({ queue: buildQueue(candidates, scored, own(s.queueResume, annotator) || null, now), filterRatings: s.ratings });
  },
  refreshQueue: (annotator) => {
    const s = get();
    if (!s.queue) return;
    const candidates = selectFiltered({ ...s, filterRatings: s.ratings }, annotator);
    const scored = (id: string) => scoredBy(s, id, annotator);
    set({ queue: refreshed(s.queue, candidates, scored, (id) => s.byId.has(id)) });
  },
  setQueue: (queue) => set({ queue }),
  setQueueResume: (annotator, recordId) => set((s) => ({ queueResume: { ...s.queueResume, [annotator]: recordId } })),
}));

// ---------------------------------------------------------------------------------------------------------
// Derived values, memoised on their inputs so that every component asking gets the same array.

let filteredCache: { records: unknown; ratings: unknown; filter: unknown; annotator: string; value: AnswerRecord[] } | null = null;

export function selectFiltered(s: Pick<ReviewState, 'records' | 'filterRatings' | 'filter'>, annotator: string): AnswerRecord[] {
  const c = filteredCache;
  if (c && c.records === s.records && c.ratings === s.filterRatings && c.filter === s.filter && c.annotator === annotator) return c.value;
  const value = filterRecords(s.records, s.filterRatings, s.filter, annotator);
  filteredCache = { records: s.records, ratings: s.filterRatings, filter: s.filter, annotator, value };
  return value;
}

const NO_RATINGS: readonly Rating[] = [];

export function ratingsOf(s: Pick<ReviewState, 'ratings'>, recordId: string): readonly Rating[] {
  return s.ratings.get(recordId) ?? NO_RATINGS;
}

export function myRating(s: Pick<ReviewState, 'ratings'>, recordId: string, annotator: string): Rating | null {
  return ratingsOf(s, recordId).find((r) => r.annotator === annotator) ?? null;
}

let tagsCache: { custom: unknown; ratings: unknown; value: readonly string[] } | null = null;

/** Tags offered for rating and filtering: the defaults, custom ones, then any seen in ratings (imports bring their own). */
export function selectTags(s: Pick<ReviewState, 'customTags' | 'ratings'>): readonly string[] {
  if (tagsCache && tagsCache.custom === s.customTags && tagsCache.ratings === s.ratings) return tagsCache.value;
  const value = knownTags(DEFAULT_TAGS, s.customTags, s.ratings);
  // Same list as before (the usual case after a rating): keep the old array so nothing re-renders.
  const same = tagsCache && tagsCache.value.length === value.length && tagsCache.value.every((t, i) => t === value[i]);
  tagsCache = { custom: s.customTags, ratings: s.ratings, value: same && tagsCache ? tagsCache.value : value };
  return tagsCache.value;
}

/**
 * Whether this annotator has scored the record. The queue asks for scores, so a thumb given in Chat (or tags
 * alone) leaves a record in the queue.
 */
export function scoredBy(s: Pick<ReviewState, 'ratings'>, recordId: string, annotator: string): boolean {
  return myRating(s, recordId, annotator)?.score != null;
}
