// The record store: one IndexedDB database (`tanuki-records`) through idb. Stored values are typed `unknown`
// on purpose: whatever comes back from disk may be from an older version or damaged, so every read goes
// through the schemas (and their migrations) and invalid values are skipped and counted, never trusted.
import type { StoreNames } from 'idb';
import { rasterOf } from '../images/raster';
import type { ImageFacts } from '../images/types';
import type { StorageLifecycle } from './database';
import { RecordsError } from './errors';
import { tellNews } from './records-news';
import { LIMITS } from './constants';
import {
  answerRecordSchema,
  checkRecord,
  migrateRating,
  migrateRecord,
  migrateVote,
  ratingSchema,
  recordImageSchema,
  votePairKey,
  voteSchema,
  VOTE_SCHEMA_VERSION,
  type AnswerRecord,
  type JudgeVerdict,
  type Rating,
  type Score,
  type Vote,
} from './schema';

import {
  newestRecords,
  openRecordsDatabase,
  RECORDS_DB_NAME,
  storedImage,
  storedImageBytes,
  type RecordsDatabase,
  type RecordsDB,
  type StoredImage,
} from './records-db';

export { RECORDS_DB_NAME, type StoredImage };

type Store = StoreNames<RecordsDB>;
const ALL_STORES: Store[] = ['records', 'ratings', 'votes', 'images', 'meta'];

export interface Listed<T> {
  items: T[];
  /** Stored values that failed validation (skipped). */
  invalid: number;
}

/** What putImage is told about a blob (a `bytes` field is ignored: the blob's own size is what is recorded). */
export type ImageMeta = Pick<ImageFacts, 'mime' | 'width' | 'height'> & Partial<Pick<ImageFacts, 'bytes'>>;

/** A rating change: fields left out keep their stored value (or start empty). */
export interface RatingInput {
  recordId: string;
  annotator: string;
  score?: Score | null;
  thumb?: 'up' | 'down' | null;
  tags?: readonly string[];
  note?: string;
  /** An LLM judge's verdict (judge annotators only); null removes it. */
  judge?: JudgeVerdict | null;
}

/** A vote as the voter gives it; the repository adds the id and the times (see saveVote). */
export type VoteInput = Omit<Vote, 'schema' | 'id' | 'createdAt' | 'updatedAt'>;

export interface RecoveredAnswer {
  recordId: string;
  /** Text saved elsewhere (the chat's live checkpoint); used when it is longer than the record's output. */
  text: string;
}

export interface StorageUse {
  usage: number;
  quota: number;
}

/** What an import writes; already validated and de-duplicated by the importer. */
export interface ImportBatch {
  records: AnswerRecord[];
  ratings: { rating: Rating; line: number }[];
  votes: Vote[];
  images: (Omit<StoredImage, 'createdAt' | 'blob'> & { data: Uint8Array })[];
}

export interface MergeCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface MergeResult {
  records: MergeCounts;
  ratings: MergeCounts & { orphanLines: number[] };
  votes: MergeCounts;
  images: MergeCounts;
}

export interface RecordsRepo {
  readonly name: string;
  /** Validates (sanitizing the endpoint URL) and stores; an output above the limit is cut to it. */
  putRecord(record: AnswerRecord): Promise<AnswerRecord>;
  /**
   * putRecord for many, in one transaction: per record, the stored record, or the RecordsError that says why
   * it is invalid (the valid ones are stored all the same). Rejects, storing none, when the transaction fails.
   */
  putRecords(records: readonly AnswerRecord[]): Promise<(AnswerRecord | RecordsError)[]>;
  getRecord(id: string): Promise<AnswerRecord | undefined>;
  /** getRecord for many, in one transaction (a transaction each costs the page more than its read). */
  getRecords(ids: readonly string[]): Promise<(AnswerRecord | undefined)[]>;
  /** The valid records whose ids start with `prefix`, in id order: one read for a batch run's answers. */
  recordsWithIdPrefix(prefix: string): Promise<AnswerRecord[]>;
  /** Every valid record, oldest first. */
  listRecords(): Promise<Listed<AnswerRecord>>;
  /** The `limit` newest valid records (by createdAt), newest first: a first screen before the full list. */
  listNewest(limit: number): Promise<AnswerRecord[]>;
  /** Deletes the record and its ratings; images stay (other records and stored question sets may share them). */
  deleteRecord(id: string): Promise<void>;
  /** Stores the image once per hash; resolves false when it was already there. */
  putImage(sha256: string, image: Blob | Uint8Array, meta: ImageMeta): Promise<boolean>;
  getImage(sha256: string): Promise<StoredImage | undefined>;
  /** The image's bytes, without a Blob on the way (an export reads every image: see KeptImage). */
  getImageBytes(sha256: string): Promise<Uint8Array | undefined>;
  hasImage(sha256: string): Promise<boolean>;
  /** Deletes these images, whoever refers to them: for taking back what a cancelled save had just added. */
  deleteImages(sha256s: readonly string[]): Promise<void>;
  /** One rating per (recordId, annotator): a re-rating updates it and keeps createdAt. */
  upsertRating(input: RatingInput): Promise<Rating>;
  listRatings(): Promise<Listed<Rating>>;
  ratingsFor(recordId: string): Promise<Rating[]>;
  /** ratingsFor for many records, in one transaction. */
  ratingsForRecords(recordIds: readonly string[]): Promise<Rating[][]>;
  /** The valid ratings of the records whose ids start with `prefix`: one read for a batch run's. */
  ratingsWithRecordIdPrefix(prefix: string): Promise<Rating[]>;
  deleteRating(id: string): Promise<void>;
  putVote(vote: Vote): Promise<Vote>;
  /**
   * One vote per annotator and pair of records (in either order): a second vote on the same pair changes the
   * first (same id and createdAt, new updatedAt).
   */
  saveVote(input: VoteInput): Promise<Vote>;
  deleteVote(id: string): Promise<void>;
  listVotes(): Promise<Listed<Vote>>;
  /** The votes on these comparisons (by groupId), read through the index. */
  votesFor(groupIds: readonly string[]): Promise<Vote[]>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  clearAll(): Promise<void>;
  estimateStorage(): Promise<StorageUse | null>;
  /**
   * Records still 'pending' that no tab is writing (their ids are not in `live`, see live-answers.ts) were
   * interrupted and become 'incomplete' (endedAt stays null, the output is kept); so do the `recovered` ones.
   * Recovered texts longer than a pending or incomplete record's output replace it.
   * Resolves to the number of records changed.
   */
  markPendingAsIncomplete(recovered?: readonly RecoveredAnswer[], live?: ReadonlySet<string>): Promise<number>;
  /**
   * Writes an import in one transaction over all stores (all or nothing); newer wins, see import.ts. An abort
   * of `signal` before the transaction commits aborts it (nothing stored) and rejects with AbortError; once it
   * has committed, the abort changes nothing and the result says what was stored.
   */
  mergeImport(batch: ImportBatch, signal?: AbortSignal): Promise<MergeResult>;
  close(): void;
}

function newId(): string {
  // randomUUID exists only in secure contexts; a LAN address over plain http is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function invalid(what: string, error: { issues: readonly { path: PropertyKey[]; message: string }[] }): RecordsError {
  const first = error.issues[0];
  const where = first ? `${first.path.map(String).join('.')}: ${first.message}` : 'invalid';
  return new RecordsError('invalid-data', `${what}: ${where}`);
}

function timeOf(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

/** When a record last changed: a finished record is newer than its own pending or incomplete state. */
function recordVersionTime(r: AnswerRecord): number {
  return r.endedAt === null ? timeOf(r.createdAt) : timeOf(r.endedAt);
}

/**
 * Collects request promises issued without awaiting each one. If a later request throws, the transaction
 * aborts and the earlier ones reject with AbortError; they are observed here so that is not an unhandled
 * rejection (the failure itself is reported once, by write()).
 */
function track(list: Promise<unknown>[]): (p: Promise<unknown>) => void {
  return (p) => {
    p.catch(() => undefined);
    list.push(p);
  };
}

function listed<T>(raws: unknown[], migrate: (raw: unknown) => T | null): Listed<T> {
  const items: T[] = [];
  for (const raw of raws) {
    const item = migrate(raw);
    if (item) items.push(item);
  }
  return { items, invalid: raws.length - items.length };
}

/** The bytes in a buffer of their own: a view into a larger one would be stored with all of it. */
function ownBytes(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

export async function openRecords(name: string = RECORDS_DB_NAME, lifecycle: StorageLifecycle = {}): Promise<RecordsRepo> {
  return recordsOn(await openRecordsDatabase(name, lifecycle), name);
}

/** The repository over an open records database. */
export function recordsOn(database: RecordsDatabase, name: string = RECORDS_DB_NAME): RecordsRepo {
  const open = database.connection;
  const write = database.write;

  const repo: RecordsRepo = {
    name,

    async putRecord(record) {
      const [stored] = await repo.putRecords([record]);
      if (!stored || stored instanceof RecordsError) throw stored;
      return stored;
    },

    async putRecords(records) {
      const checked = records.map((record) => {
        const bounded = record.output.length > LIMITS.output ? { ...record, output: record.output.slice(0, LIMITS.output) } : record;
        const parsed = answerRecordSchema.safeParse(bounded);
        return parsed.success ? parsed.data : invalid('record', parsed.error);
      });
      const valid = checked.filter((r): r is AnswerRecord => !(r instanceof RecordsError));
      if (valid.length > 0) {
        await write(['records'], async (tx) => {
          const store = tx.objectStore('records');
          await Promise.all(valid.map((r) => store.put(r)));
        });
        tellNews(name, 'records');
      }
      return checked;
    },

    async getRecord(id) {
      return (await repo.getRecords([id]))[0];
    },

    async getRecords(ids) {
      const store = open().transaction('records').store;
      const raws = await Promise.all(ids.map((id) => store.get(id)));
      return raws.map((raw) => (raw === undefined ? undefined : (migrateRecord(raw) ?? undefined)));
    },

    async recordsWithIdPrefix(prefix) {
      // Every id that starts with the prefix sorts between it and the prefix followed by the highest code unit.
      const raws = await open().getAll('records', IDBKeyRange.bound(prefix, `${prefix}\uffff`));
      return listed(raws, migrateRecord).items;
    },

    async listRecords() {
      const result = listed(await open().getAll('records'), migrateRecord);
      const time = new Map(result.items.map((r) => [r, Date.parse(r.createdAt)]));
      result.items.sort((a, b) => (time.get(a) ?? 0) - (time.get(b) ?? 0));
      return result;
    },

    listNewest: (limit) => newestRecords(open(), limit, migrateRecord),

    async deleteRecord(id) {
      await write(['records', 'ratings'], async (tx) => {
        const ratings = tx.objectStore('ratings');
        const keys = await ratings.index('recordId').getAllKeys(id);
        await Promise.all([tx.objectStore('records').delete(id), ...keys.map((k) => ratings.delete(k))]);
      });
      tellNews(name, 'records');
    },

    async putImage(sha256, image, meta) {
      // Read before the transaction: awaiting a Blob inside one would let it commit early.
      const data = image instanceof Blob ? new Uint8Array(await image.arrayBuffer()) : ownBytes(image);
      const checked = recordImageSchema.safeParse({ sha256, mime: meta.mime, width: meta.width, height: meta.height, bytes: data.length });
      if (!checked.success) throw invalid('image', checked.error);
      if (rasterOf(data).mime === null)
        throw new RecordsError('invalid-data', 'image: the bytes are not a raster image (JPEG, PNG, GIF, WebP, ...)');
      return write(['images'], async (tx) => {
        const images = tx.objectStore('images');
        if ((await images.getKey(sha256)) !== undefined) return false;
        await images.put({ ...checked.data, data, createdAt: new Date().toISOString() });
        return true;
      });
    },

    getImage: (sha256) => storedImage(open(), sha256),

    getImageBytes: (sha256) => storedImageBytes(open(), sha256),

    async hasImage(sha256) {
      return (await open().getKey('images', sha256)) !== undefined;
    },

    async deleteImages(sha256s) {
      if (!sha256s.length) return;
      await write(['images'], async (tx) => {
        await Promise.all(sha256s.map((k) => tx.objectStore('images').delete(k)));
      });
    },

    async upsertRating(input) {
      const annotator = input.annotator.trim();
      return write(['records', 'ratings'], async (tx) => {
        if ((await tx.objectStore('records').getKey(input.recordId)) === undefined) {
          throw new RecordsError('not-found', `no record ${input.recordId}`);
        }
        const ratings = tx.objectStore('ratings');
        const stored = await ratings.index('recordAnnotator').get([input.recordId, annotator]);
        const previous = stored === undefined ? null : migrateRating(stored);
        const now = new Date().toISOString();
        const tags = [...new Set((input.tags ?? previous?.tags ?? []).map((t) => t.trim()).filter(Boolean))];
        const judge = input.judge !== undefined ? input.judge : (previous?.judge ?? null);
        const parsed = ratingSchema.safeParse({
          schema: 1,
          id: previous?.id ?? (stored as { id?: unknown } | undefined)?.id ?? newId(),
          recordId: input.recordId,
          annotator,
          score: input.score !== undefined ? input.score : (previous?.score ?? null),
          thumb: input.thumb !== undefined ? input.thumb : (previous?.thumb ?? null),
          tags,
          note: input.note ?? previous?.note ?? '',
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
          ...(judge ? { judge } : {}),
        });
        if (!parsed.success) throw invalid('rating', parsed.error);
        await ratings.put(parsed.data);
        return parsed.data;
      }).then((rating) => {
        tellNews(name, 'ratings');
        return rating;
      });
    },

    async listRatings() {
      return listed(await open().getAll('ratings'), migrateRating);
    },

    async ratingsFor(recordId) {
      return (await repo.ratingsForRecords([recordId]))[0]!;
    },

    async ratingsWithRecordIdPrefix(prefix) {
      return listed(await open().getAllFromIndex('ratings', 'recordId', IDBKeyRange.bound(prefix, `${prefix}\uffff`)), migrateRating).items;
    },

    async ratingsForRecords(recordIds) {
      const index = open().transaction('ratings').store.index('recordId');
      const lists = await Promise.all(recordIds.map((id) => index.getAll(id)));
      return lists.map((raws) => listed(raws, migrateRating).items);
    },

    async deleteRating(id) {
      await write(['ratings'], (tx) => tx.objectStore('ratings').delete(id));
      tellNews(name, 'ratings');
    },

    async putVote(vote) {
      const parsed = voteSchema.safeParse(vote);
      if (!parsed.success) throw invalid('vote', parsed.error);
      await write(['votes'], (tx) => tx.objectStore('votes').put(parsed.data));
      return parsed.data;
    },

    async saveVote(input) {
      const annotator = input.annotator.trim();
      return write(['votes'], async (tx) => {
        const store = tx.objectStore('votes');
        const key = votePairKey({ annotator, recordIds: input.recordIds });
        const siblings = listed(await store.index('groupId').getAll(input.groupId), migrateVote).items;
        const previous = siblings.find((v) => votePairKey(v) === key);
        const now = new Date().toISOString();
        const parsed = voteSchema.safeParse({
          ...input,
          schema: VOTE_SCHEMA_VERSION,
          id: previous?.id ?? newId(),
          annotator,
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
        });
        if (!parsed.success) throw invalid('vote', parsed.error);
        await store.put(parsed.data);
        return parsed.data;
      });
    },

    async deleteVote(id) {
      await write(['votes'], (tx) => tx.objectStore('votes').delete(id));
    },

    async listVotes() {
      return listed(await open().getAll('votes'), migrateVote);
    },

    async votesFor(groupIds) {
      const index = open().transaction('votes').store.index('groupId');
      const lists = await Promise.all([...new Set(groupIds)].map((g) => index.getAll(g)));
      return listed(lists.flat(), migrateVote).items;
    },

    async getMeta(key) {
      return open().get('meta', key);
    },

    async setMeta(key, value) {
      await write(['meta'], (tx) => tx.objectStore('meta').put(value, key));
    },

    async clearAll() {
      await write(ALL_STORES, (tx) => Promise.all(ALL_STORES.map((s) => tx.objectStore(s).clear())));
      tellNews(name, 'records');
      tellNews(name, 'ratings');
    },

    async estimateStorage() {
      if (typeof navigator === 'undefined' || typeof navigator.storage?.estimate !== 'function') return null;
      const { usage = 0, quota = 0 } = await navigator.storage.estimate();
      return { usage, quota };
    },

    async markPendingAsIncomplete(recovered = [], live = new Set<string>()) {
      const texts = new Map(recovered.map((r) => [r.recordId, r.text]));
      return write(['records'], async (tx) => {
        const store = tx.objectStore('records');
        const pending = await store.index('status').getAll('pending');
        const others = await Promise.all([...texts.keys()].map((id) => store.get(id)));
        const seen = new Set<string>();
        const writes: Promise<unknown>[] = [];
        const queue = track(writes);
        for (const raw of [...pending, ...others]) {
          const r = raw === undefined ? null : migrateRecord(raw);
          if (!r || seen.has(r.id) || (r.status !== 'pending' && r.status !== 'incomplete')) continue;
          if (live.has(r.id) && !texts.has(r.id)) continue;
          seen.add(r.id);
          const text = texts.get(r.id);
          const output = text !== undefined && text.length > r.output.length ? text.slice(0, LIMITS.output) : r.output;
          if (r.status === 'incomplete' && output === r.output) continue;
          queue(store.put({ ...r, status: 'incomplete', output }));
        }
        await Promise.all(writes);
        return writes.length;
      }).then((marked) => {
        if (marked > 0) tellNews(name, 'records');
        return marked;
      });
    },

    async mergeImport(batch, signal) {
      return write(
        ['records', 'ratings', 'votes', 'images'],
        async (tx) => {
          const records = tx.objectStore('records');
          const ratings = tx.objectStore('ratings');
          const votes = tx.objectStore('votes');
          const images = tx.objectStore('images');
          const pairIndex = ratings.index('recordAnnotator');

          // All reads first (issued together, so 10,000 of them cost one round of the event loop), then writes.
          const incomingIds = new Set(batch.records.map((r) => r.id));
          const [oldRecords, oldPairs, oldRatingIds, ratedRecordKeys, oldVotes, oldImages] = await Promise.all([
            Promise.all(batch.records.map((r) => records.get(r.id))),
            Promise.all(batch.ratings.map(({ rating }) => pairIndex.get([rating.recordId, rating.annotator]))),
            Promise.all(batch.ratings.map(({ rating }) => ratings.get(rating.id))),
            Promise.all(
              batch.ratings.map(({ rating }) => (incomingIds.has(rating.recordId) ? rating.recordId : records.getKey(rating.recordId))),
            ),
            Promise.all(batch.votes.map((v) => votes.get(v.id))),
            Promise.all(batch.images.map((i) => images.getKey(i.sha256))),
          ]);

          const writes: Promise<unknown>[] = [];
          const queue = track(writes);
          const result: MergeResult = {
            records: { added: 0, updated: 0, unchanged: 0 },
            ratings: { added: 0, updated: 0, unchanged: 0, orphanLines: [] },
            votes: { added: 0, updated: 0, unchanged: 0 },
            images: { added: 0, updated: 0, unchanged: 0 },
          };

          batch.records.forEach((incoming, i) => {
            const raw = oldRecords[i];
            if (raw === undefined) {
              result.records.added += 1;
              queue(records.put(incoming));
              return;
            }
            const old = checkRecord(raw);
            if (!old.ok || recordVersionTime(incoming) > recordVersionTime(old.value)) {
              result.records.updated += 1;
              queue(records.put(incoming));
            } else {
              result.records.unchanged += 1;
            }
          });

          batch.ratings.forEach(({ rating, line }, i) => {
            if (ratedRecordKeys[i] === undefined) {
              result.ratings.orphanLines.push(line);
              return;
            }
            const rawPair = oldPairs[i];
            const old = rawPair === undefined ? null : migrateRating(rawPair);
            if (rawPair !== undefined) {
              const storedId = (rawPair as { id?: unknown }).id;
              if (old && Date.parse(rating.updatedAt) <= Date.parse(old.updatedAt)) {
                result.ratings.unchanged += 1;
                return;
              }
              const createdAt = old && Date.parse(old.createdAt) < Date.parse(rating.createdAt) ? old.createdAt : rating.createdAt;
              result.ratings.updated += 1;
              queue(ratings.put({ ...rating, id: typeof storedId === 'string' ? storedId : rating.id, createdAt }));
              return;
            }
            // Same id, different (record, annotator): another rating owns that id, so this one gets a new id.
            const id = oldRatingIds[i] === undefined ? rating.id : newId();
            result.ratings.added += 1;
            queue(ratings.put({ ...rating, id }));
          });

          // A vote is the same vote when it has the same id, or the same annotator and pair of records (a vote
          // changed in another browser): the later change wins, under the id stored here.
          const siblings = await Promise.all(
            [...new Set(batch.votes.map((v) => v.groupId))].map(async (g) => [g, await votes.index('groupId').getAll(g)] as const),
          );
          const byPair = new Map<string, Vote>();
          for (const [, raws] of siblings) for (const v of listed(raws, migrateVote).items) byPair.set(votePairKey(v), v);
          batch.votes.forEach((vote, i) => {
            const raw = oldVotes[i];
            const byId = raw === undefined ? null : migrateVote(raw);
            const old = byId && votePairKey(byId) === votePairKey(vote) ? byId : (byPair.get(votePairKey(vote)) ?? null);
            if (!old && raw === undefined) {
              result.votes.added += 1;
              byPair.set(votePairKey(vote), vote);
              queue(votes.put(vote));
            } else if (old && Date.parse(vote.updatedAt) > Date.parse(old.updatedAt)) {
              result.votes.updated += 1;
              const merged = {
                ...vote,
                id: old.id,
                createdAt: Date.parse(old.createdAt) < Date.parse(vote.createdAt) ? old.createdAt : vote.createdAt,
              };
              byPair.set(votePairKey(vote), merged);
              queue(votes.put(merged));
            } else if (!old) {
              // The id is taken by another pair's vote: this one is added under a new id.
              result.votes.added += 1;
              const renamed = { ...vote, id: newId() };
              byPair.set(votePairKey(vote), renamed);
              queue(votes.put(renamed));
            } else {
              result.votes.unchanged += 1;
            }
          });

          const createdAt = new Date().toISOString();
          batch.images.forEach((image, i) => {
            if (oldImages[i] !== undefined) {
              result.images.unchanged += 1;
            } else {
              result.images.added += 1;
              queue(images.put({ ...image, data: ownBytes(image.data), createdAt }));
            }
          });

          await Promise.all(writes);
          return result;
        },
        signal,
      ).then((result) => {
        const changed = (c: MergeCounts) => c.added + c.updated > 0;
        if (changed(result.records)) tellNews(name, 'records');
        if (changed(result.ratings)) tellNews(name, 'ratings');
        return result;
      });
    },

    close() {
      database.close();
    },
  };
  return repo;
}
