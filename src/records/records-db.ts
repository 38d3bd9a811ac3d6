// The records database itself (`tanuki-records`): its stores, its opening, and the reads a first look needs,
// apart from the repository and its schemas (repository.ts, schema.ts), so that Review's first rows are read
// and shown before zod has loaded.
import type { DBSchema, IDBPDatabase } from 'idb';
import type { ImageWithBlob } from '../images/types';
import { RECORD_SCHEMA_VERSION } from './constants';
import { openDatabase, type Database, type StorageLifecycle } from './database';
import type { AnswerRecord } from './schema';

export const RECORDS_DB_NAME = 'tanuki-records';
const DB_VERSION = 1;

/** An image kept once per hash, handed out as a Blob (never base64). */
export interface StoredImage extends ImageWithBlob {
  createdAt: string;
}

/**
 * How an image is kept: its bytes (`data`), or, as stored before, a Blob. A Blob in a page or worker holds
 * one handle in the browser process, and dropping many at once (100,000 after an import) queues as many
 * releases before every other message of the tab: the page froze for seconds behind them. Bytes make none
 * (Chromium still wraps a large value into a blob of its own, one per write, released as the write goes).
 */
export type KeptImage = Omit<StoredImage, 'blob'> & ({ data: Uint8Array } | { blob: Blob });

export interface RecordsDB extends DBSchema {
  records: { key: string; value: unknown; indexes: { createdAt: string; endpointId: string; status: string; conversationId: string } };
  ratings: { key: string; value: unknown; indexes: { recordId: string; annotator: string; recordAnnotator: [string, string] } };
  votes: { key: string; value: unknown; indexes: { groupId: string; createdAt: string } };
  images: { key: string; value: KeptImage };
  meta: { key: string; value: unknown };
}

export type RecordsDatabase = Database<RecordsDB>;

export function openRecordsDatabase(name: string = RECORDS_DB_NAME, lifecycle: StorageLifecycle = {}): Promise<RecordsDatabase> {
  return openDatabase<RecordsDB>(name, DB_VERSION, {
    lifecycle,
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const records = db.createObjectStore('records', { keyPath: 'id' });
        records.createIndex('createdAt', 'createdAt');
        records.createIndex('endpointId', 'endpoint.id');
        records.createIndex('status', 'status');
        records.createIndex('conversationId', 'conversationId');
        const ratings = db.createObjectStore('ratings', { keyPath: 'id' });
        ratings.createIndex('recordId', 'recordId');
        ratings.createIndex('annotator', 'annotator');
        ratings.createIndex('recordAnnotator', ['recordId', 'annotator'], { unique: true });
        const votes = db.createObjectStore('votes', { keyPath: 'id' });
        votes.createIndex('groupId', 'groupId');
        votes.createIndex('createdAt', 'createdAt');
        db.createObjectStore('images', { keyPath: 'sha256' });
        db.createObjectStore('meta');
      }
    },
  });
}

/**
 * The `limit` newest records (by createdAt, newest first) that `read` accepts: skipping over the index's keys
 * finds the limit-th newest time, and two reads then bring the records, a few round trips to the storage
 * process instead of one per record. Records `read` refuses make it look further.
 */
export async function newestRecords(
  db: IDBPDatabase<RecordsDB>,
  limit: number,
  read: (raw: unknown) => AnswerRecord | null,
): Promise<AnswerRecord[]> {
  for (let want = limit; ; ) {
    const index = db.transaction('records').store.index('createdAt');
    let cursor = await index.openKeyCursor(null, 'prev');
    if (cursor && want > 1) cursor = await cursor.advance(want - 1);
    const raws = cursor
      ? (
          await Promise.all([index.getAll(IDBKeyRange.lowerBound(cursor.key, true)), index.getAll(IDBKeyRange.only(cursor.key), want)])
        ).flat()
      : await index.getAll();
    const items: AnswerRecord[] = [];
    for (const raw of raws) {
      const item = read(raw);
      if (item) items.push(item);
    }
    if (items.length >= limit || !cursor) return items.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, limit);
    want += limit - items.length;
  }
}

/**
 * A stored record of the current schema version, taken as it is: only this app writes the database, and it
 * validated every record on the way in (putRecords, and an import before its mergeImport). For a first look
 * that the full, validated read replaces; a record of another version waits for that read (and its migration).
 */
function currentRecord(raw: unknown): AnswerRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Partial<Record<keyof AnswerRecord, unknown>>;
  return r.schema === RECORD_SCHEMA_VERSION && typeof r.id === 'string' && typeof r.createdAt === 'string' ? (raw as AnswerRecord) : null;
}

/**
 * The newest records of the current version and one meta value, for a first look that a full, validated read
 * replaces (Review's first rows).
 */
export async function firstLook(db: RecordsDatabase, limit: number, metaKey: string): Promise<{ records: AnswerRecord[]; meta: unknown }> {
  const connection = db.connection();
  const [records, meta] = await Promise.all([newestRecords(connection, limit, currentRecord), connection.get('meta', metaKey)]);
  return { records, meta };
}

/**
 * An image read as it is kept: the Blob an earlier version stored, or its bytes with the format they are in;
 * undefined when none is kept, or it is neither a Blob nor bytes of an image format.
 */
async function readKept(
  db: IDBPDatabase<RecordsDB>,
  sha256: string,
): Promise<(Omit<StoredImage, 'blob'> & ({ blob: Blob } | { data: Uint8Array; format: string })) | undefined> {
  const raw: unknown = await db.get('images', sha256);
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { data, blob, ...image } = raw as Omit<StoredImage, 'blob'> & { data?: unknown; blob?: unknown };
  if (blob instanceof Blob) return { ...image, blob };
  if (!(data instanceof Uint8Array)) return undefined;
  // The format check loads with the first stored image read, not with the first rows.
  const format = (await import('../images/raster')).rasterOf(data).mime;
  return format === null ? undefined : { ...image, data, format };
}

/** A stored image as a Blob typed by what its bytes are; undefined as for readKept. */
export async function storedImage(db: IDBPDatabase<RecordsDB>, sha256: string): Promise<StoredImage | undefined> {
  const kept = await readKept(db, sha256);
  if (!kept || 'blob' in kept) return kept;
  const { data, format, ...image } = kept;
  return { ...image, blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: format }) };
}

/** A stored image's bytes, without a Blob on the way (an export reads every image); undefined as for readKept. */
export async function storedImageBytes(db: IDBPDatabase<RecordsDB>, sha256: string): Promise<Uint8Array | undefined> {
  const kept = await readKept(db, sha256);
  return kept && ('blob' in kept ? new Uint8Array(await kept.blob.arrayBuffer()) : kept.data);
}
