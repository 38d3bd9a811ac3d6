// What Review's loading worker (load.worker.ts) hands the page: only what changed since its last read,
// in pages. Reading and validating every record stays off the main thread; what crosses to it costs the
// page one structured-clone per message, so a message never carries more than about a quarter megabyte, and a
// reload after an import or a rating in Chat carries what is new, not the ten (or hundred) thousand records
// the page already holds. The facets the filter bar offers are counted here too, over all the records.
import type { AnswerRecord, Rating, RecordsRepo } from '../records';
import type { Changes } from './review-store';
import { facetsOf, type Facets } from './filters';

export type SyncMessage =
  /** New or changed records. */
  | { type: 'records'; records: AnswerRecord[] }
  /** Each record's ratings where they changed; an empty list: it has none left. */
  | { type: 'ratings'; ratings: [recordId: string, ratings: Rating[]][] }
  | {
      type: 'done';
      /** Records no longer stored. */
      removed: string[];
      /**
       * Every record's id, newest first, joined by newlines (ids have none); null when the order is as before,
       * or when `whole`.
       */
      order: string | null;
      /** The records messages held every stored record, newest first: they are the whole list, in order. */
      whole: boolean;
      facets: Facets;
      meta: unknown[];
    };

/** A message's size: about this much JSON (it closes past that), and no more than this many items. */
export interface PageSize {
  chars: number;
  items: number;
}
// What a message costs the page (deserialising it, and the garbage collection after) grows with its size:
// at a megabyte the largest took 15 to 25 ms of CPU in a trace of a 150,000-record import, at a quarter about 2 ms.
const PAGE: PageSize = { chars: 250_000, items: 500 };

/** FNV-1a over the JSON text: equal for an unchanged value; a change that keeps it is a 1 in 4 billion chance. */
function fingerprint(json: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Yields the values whose fingerprint differs from `before`, in pages; `after` receives every fingerprint. */
function* changed<T>(
  entries: Iterable<[string, T]>,
  before: ReadonlyMap<string, number>,
  after: Map<string, number>,
  size: PageSize,
): Generator<T[]> {
  let page: T[] = [];
  let chars = 0;
  for (const [key, value] of entries) {
    const json = JSON.stringify(value);
    const print = fingerprint(json);
    after.set(key, print);
    if (before.get(key) === print) continue;
    page.push(value);
    chars += json.length;
    if (chars >= size.chars || page.length >= size.items) {
      yield page;
      page = [];
      chars = 0;
    }
  }
  if (page.length) yield page;
}

/** Remembers what it has sent; one per page (the worker lives as long as the page). */
export class ReviewSync {
  private records = new Map<string, number>();
  private ratings = new Map<string, number>();
  private order: string | null = null;

  constructor(private readonly page: PageSize = PAGE) {}

  /** Everything that changed since the last read, or everything with `fresh` (the page holds nothing). */
  async *read(repo: RecordsRepo, metaKeys: readonly string[], fresh: boolean): AsyncGenerator<SyncMessage> {
    if (fresh) {
      this.records = new Map();
      this.ratings = new Map();
      this.order = null;
    }
    const [listed, ratingList, ...meta] = await Promise.all([
      repo.listRecords(),
      repo.listRatings(),
      ...metaKeys.map((k) => repo.getMeta(k)),
    ]);
    const records = listed.items.reverse();
    const byRecord = new Map<string, Rating[]>();
    for (const r of ratingList.items) {
      const list = byRecord.get(r.recordId);
      if (list) list.push(r);
      else byRecord.set(r.recordId, [r]);
    }

    const recordPrints = new Map<string, number>();
    let sent = 0;
    for (const page of changed(
      records.map((r) => [r.id, r]),
      this.records,
      recordPrints,
      this.page,
    )) {
      sent += page.length;
      yield { type: 'records', records: page };
    }
    const ratingPrints = new Map<string, number>();
    for (const page of changed(
      [...byRecord].map(([id, list]) => [id, [id, list]] as [string, [string, Rating[]]]),
      this.ratings,
      ratingPrints,
      this.page,
    ))
      yield { type: 'ratings', ratings: page };
    const gone = [...this.ratings.keys()].filter((id) => !ratingPrints.has(id));
    if (gone.length) yield { type: 'ratings', ratings: gone.map((id) => [id, []]) };

    const removed = [...this.records.keys()].filter((id) => !recordPrints.has(id));
    const order = records.map((r) => r.id).join('\n');
    const orderChanged = order !== this.order;
    this.records = recordPrints;
    this.ratings = ratingPrints;
    this.order = order;
    // Every record was sent (a fresh read, or all of them changed): the page takes the list as it came,
    // without looking up a hundred thousand ids in the order.
    const whole = sent === records.length;
    yield { type: 'done', removed, order: orderChanged && !whole ? order : null, whole, facets: facetsOf(records), meta };
  }
}

/** Gathers one read's messages, as the page takes them: `take` returns the changes and the meta values at 'done'. */
export function collector(fresh: boolean) {
  const changes: Changes = {
    fresh,
    records: new Map(),
    ratings: new Map(),
    removed: [],
    order: null,
    whole: false,
    facets: { endpoints: [], sources: [] },
  };
  return (m: SyncMessage): { changes: Changes; meta: unknown[] } | null => {
    if (m.type === 'records') for (const r of m.records) changes.records.set(r.id, r);
    else if (m.type === 'ratings') for (const [id, list] of m.ratings) changes.ratings.set(id, list);
    else return { changes: { ...changes, removed: m.removed, order: m.order, whole: m.whole, facets: m.facets }, meta: m.meta };
    return null;
  };
}
