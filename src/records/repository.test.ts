import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { jpegBytes, pngBytes } from '../../test-support/images';
import { RecordsError, StorageFullError } from './errors';
import type { AnswerRecord } from './schema';
import { holdLive } from './hold-live';
import { makeRecord, makeVote } from '../../test-support/records';
import { openTestRepo, uniqueDbName } from '../../test-support/records-repo';

const HASH = 'a'.repeat(64);
const repo = openTestRepo;

describe('records repository', () => {
  it('stores, reads, lists (oldest first) and deletes records', async () => {
    const db = await repo();
    const late = makeRecord({ createdAt: '2025-03-02T00:00:00.000Z' });
    const early = makeRecord({ createdAt: '2025-03-01T00:00:00.000Z' });
    await db.putRecord(late);
    await db.putRecord(early);
    expect(await db.getRecord(late.id)).toEqual(late);
    expect((await db.listRecords()).items.map((r) => r.id)).toEqual([early.id, late.id]);
    await db.deleteRecord(late.id);
    expect(await db.getRecord(late.id)).toBeUndefined();
  });

  it('reads the records whose ids start with a prefix, and only those', async () => {
    const db = await repo();
    const ids = ['b.r1.0.1.0', 'b.r1.0.0.0', 'b.r10.0.0.0', 'b.r0.0.0.0', 'c.r1.0.0.0'];
    await db.putRecords(ids.map((id) => makeRecord({ id })));
    expect((await db.recordsWithIdPrefix('b.r1.')).map((r) => r.id)).toEqual(['b.r1.0.0.0', 'b.r1.0.1.0']);
    expect(await db.recordsWithIdPrefix('b.r2.')).toEqual([]);
  });

  it('reads many records, and their ratings, in the order asked: a missing one as undefined, one unrated as none', async () => {
    const db = await repo();
    const [a, b] = await db.putRecords([makeRecord(), makeRecord()]);
    const [ra, rb] = [a as AnswerRecord, b as AnswerRecord];
    await db.upsertRating({ recordId: rb.id, annotator: 'alice', score: 4 });
    await db.upsertRating({ recordId: rb.id, annotator: 'bob', score: 2 });
    expect((await db.getRecords([rb.id, 'missing', ra.id])).map((r) => r?.id)).toEqual([rb.id, undefined, ra.id]);
    const ratings = await db.ratingsForRecords([rb.id, 'missing', ra.id]);
    expect(ratings.map((list) => list.map((r) => r.annotator).sort())).toEqual([['alice', 'bob'], [], []]);
  });

  it('reads the ratings of the records whose ids start with a prefix, and only those', async () => {
    const db = await repo();
    await db.putRecords(['b.r1.0.0.0', 'b.r1.1.0.0', 'b.r10.0.0.0'].map((id) => makeRecord({ id })));
    for (const id of ['b.r1.0.0.0', 'b.r1.1.0.0', 'b.r10.0.0.0']) await db.upsertRating({ recordId: id, annotator: 'alice', score: 3 });
    expect((await db.ratingsWithRecordIdPrefix('b.r1.')).map((r) => r.recordId).sort()).toEqual(['b.r1.0.0.0', 'b.r1.1.0.0']);
  });

  it('lists the newest records first, up to a limit, skipping invalid ones', async () => {
    const name = uniqueDbName();
    const db = await openTestRepo(name);
    const days = ['2025-03-01', '2025-03-03', '2025-03-02', '2025-03-04'];
    const records = days.map((d) => makeRecord({ createdAt: `${d}T00:00:00.000Z` }));
    for (const r of records) await db.putRecord(r);
    const raw = await openDB(name);
    await raw.put('records', { id: 'broken', schema: 1, createdAt: '2025-03-05T00:00:00.000Z' });
    raw.close();
    expect((await db.listNewest(2)).map((r) => r.createdAt.slice(0, 10))).toEqual(['2025-03-04', '2025-03-03']);
    expect(await db.listNewest(10)).toHaveLength(4);
  });

  it('lists the newest records when many share one time, never more than the limit', async () => {
    const db = await repo();
    const at = (d: string) => `2025-03-0${d}T00:00:00.000Z`;
    const records = [...['1', '1', '1'], ...['2', '2', '2', '2', '2'], ...['3', '3']].map((d) => makeRecord({ createdAt: at(d) }));
    await db.mergeImport({ records, ratings: [], votes: [], images: [] });
    expect((await db.listNewest(4)).map((r) => r.createdAt)).toEqual([at('3'), at('3'), at('2'), at('2')]);
    expect((await db.listNewest(20)).map((r) => r.createdAt)).toEqual(
      records
        .map((r) => r.createdAt)
        .sort()
        .reverse(),
    );
    expect(await db.listNewest(1)).toHaveLength(1);
  });

  it('refuses an invalid record and sanitizes the URL of a valid one', async () => {
    const db = await repo();
    await expect(db.putRecord({ ...makeRecord(), id: 'bad id with spaces' })).rejects.toMatchObject({ code: 'invalid-data' });
    const stored = await db.putRecord(makeRecord({ endpoint: { ...makeRecord().endpoint, url: 'https://h.example/v1?token=SECRET' } }));
    expect(stored.endpoint.url).toBe('https://h.example/v1');
  });

  it('skips and counts stored values that fail validation', async () => {
    const name = uniqueDbName();
    const db = await openTestRepo(name);
    await db.putRecord(makeRecord());
    const raw = await openDB(name);
    await raw.put('records', { id: 'broken', schema: 1, output: 3 });
    raw.close();
    const listed = await db.listRecords();
    expect(listed.items).toHaveLength(1);
    expect(listed.invalid).toBe(1);
    expect(await db.getRecord('broken')).toBeUndefined();
  });

  it('stores each image once per hash, as a Blob', async () => {
    const db = await repo();
    const bytes = jpegBytes(10, 20);
    const blob = new Blob([bytes], { type: 'image/jpeg' });
    expect(await db.putImage(HASH, blob, { mime: 'image/jpeg', width: 10, height: 20 })).toBe(true);
    expect(await db.putImage(HASH, new Blob([pngBytes(1, 1)]), { mime: 'image/jpeg', width: 10, height: 20 })).toBe(false);
    const stored = await db.getImage(HASH);
    expect(stored?.blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(bytes);
    expect(stored).toMatchObject({ sha256: HASH, mime: 'image/jpeg', width: 10, height: 20, bytes: bytes.length });
    expect(await db.hasImage(HASH)).toBe(true);
    expect(await db.hasImage('b'.repeat(64))).toBe(false);
    await expect(db.putImage('not-a-hash', blob, { mime: 'image/jpeg', width: 1, height: 1 })).rejects.toBeInstanceOf(RecordsError);
  });

  it('stores raster images only, typed by their bytes: never an SVG or a page, whatever it is called', async () => {
    const db = await repo();
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/png' });
    await expect(db.putImage(HASH, svg, { mime: 'image/png', width: 1, height: 1 })).rejects.toMatchObject({ code: 'invalid-data' });
    const page = new Blob(['<!doctype html><script>alert(1)</script>'], { type: 'image/jpeg' });
    await expect(db.putImage(HASH, page, { mime: 'image/jpeg', width: 1, height: 1 })).rejects.toMatchObject({ code: 'invalid-data' });
    expect(await db.hasImage(HASH)).toBe(false);
    await db.putImage(HASH, new Blob([pngBytes(1, 1)], { type: 'text/html' }), { mime: 'image/png', width: 1, height: 1 });
    expect((await db.getImage(HASH))?.blob.type).toBe('image/png');
  });

  it('stores bytes handed in (a view keeps only its own bytes) and still reads images stored as Blobs before, as a Blob or as bytes', async () => {
    const name = uniqueDbName();
    const db = await openTestRepo(name);
    const png = pngBytes(2, 3);
    const around = new Uint8Array(png.length + 8);
    around.set(png, 4);
    expect(await db.putImage(HASH, around.subarray(4, 4 + png.length), { mime: 'image/png', width: 2, height: 3 })).toBe(true);
    const stored = await db.getImage(HASH);
    expect(stored).toMatchObject({ sha256: HASH, mime: 'image/png', width: 2, height: 3, bytes: png.length });
    expect(stored?.blob.type).toBe('image/png');
    expect(new Uint8Array(await stored!.blob.arrayBuffer())).toEqual(png);

    const raw = await openDB(name);
    expect(((await raw.get('images', HASH)) as { data: Uint8Array }).data.buffer.byteLength).toBe(png.length);
    const older = 'b'.repeat(64);
    const blob = new Blob([jpegBytes(4, 4)], { type: 'image/jpeg' });
    await raw.put('images', {
      sha256: older,
      mime: 'image/jpeg',
      width: 4,
      height: 4,
      bytes: blob.size,
      blob,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    raw.close();
    expect(new Uint8Array(await (await db.getImage(older))!.blob.arrayBuffer())).toEqual(jpegBytes(4, 4));
    // What an export reads: the bytes, either way they were kept.
    expect(await db.getImageBytes(HASH)).toEqual(png);
    expect(await db.getImageBytes(older)).toEqual(jpegBytes(4, 4));
    expect(await db.getImageBytes('c'.repeat(64))).toBeUndefined();
  });

  it('keeps one rating per record and annotator; a re-rating keeps createdAt and unspecified fields', async () => {
    const db = await repo();
    const record = await db.putRecord(makeRecord());
    const first = await db.upsertRating({ recordId: record.id, annotator: ' alice ', score: 3, tags: ['good', 'good', ' refused '] });
    expect(first.annotator).toBe('alice');
    expect(first.tags).toEqual(['good', 'refused']);
    await new Promise((r) => setTimeout(r, 5));
    const second = await db.upsertRating({ recordId: record.id, annotator: 'alice', note: 'better now' });
    expect(second.id).toBe(first.id);
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(second).toMatchObject({ score: 3, tags: ['good', 'refused'], note: 'better now' });
    await db.upsertRating({ recordId: record.id, annotator: 'bob', score: 5 });
    expect(await db.ratingsFor(record.id)).toHaveLength(2);
    expect((await db.listRatings()).items).toHaveLength(2);
    await expect(db.upsertRating({ recordId: 'missing', annotator: 'alice', score: 1 })).rejects.toMatchObject({ code: 'not-found' });
    await db.deleteRating(first.id);
    expect(await db.ratingsFor(record.id)).toHaveLength(1);
    await db.deleteRecord(record.id);
    expect((await db.listRatings()).items).toHaveLength(0);
  });

  it('marks records left pending by an earlier page life as incomplete, keeping output and endedAt null', async () => {
    const db = await repo();
    const pending = await db.putRecord(makeRecord({ status: 'pending', endedAt: null, output: 'partial', finishReason: null }));
    const recovered = await db.putRecord(makeRecord({ status: 'pending', endedAt: null, output: 'abc', finishReason: null }));
    const done = await db.putRecord(makeRecord());
    const changed = await db.markPendingAsIncomplete([{ recordId: recovered.id, text: 'abcdef' }]);
    expect(changed).toBe(2);
    expect(await db.getRecord(pending.id)).toMatchObject({ status: 'incomplete', endedAt: null, output: 'partial' });
    expect(await db.getRecord(recovered.id)).toMatchObject({ status: 'incomplete', output: 'abcdef' });
    expect(await db.getRecord(done.id)).toEqual(done);
    expect(await db.markPendingAsIncomplete()).toBe(0);
  });

  it('leaves a pending record alone while a tab is still writing it', async () => {
    const db = await repo();
    const live = await db.putRecord(makeRecord({ status: 'pending', endedAt: null, output: 'so far', finishReason: null }));
    const orphan = await db.putRecord(makeRecord({ status: 'pending', endedAt: null, output: 'cut', finishReason: null }));
    expect(await db.markPendingAsIncomplete([], new Set([live.id]))).toBe(1);
    expect(await db.getRecord(live.id)).toMatchObject({ status: 'pending', output: 'so far' });
    expect(await db.getRecord(orphan.id)).toMatchObject({ status: 'incomplete' });
    // Recovered by name (its tab is gone, and the recovering tab holds its lock): marked even though "live".
    expect(await db.markPendingAsIncomplete([{ recordId: live.id, text: 'so far, and more' }], new Set([live.id]))).toBe(1);
    expect(await db.getRecord(live.id)).toMatchObject({ status: 'incomplete', output: 'so far, and more' });
  });

  it('stores and lists votes', async () => {
    const db = await repo();
    const vote = makeVote(['r1', 'r2']);
    await db.putVote(vote);
    expect((await db.listVotes()).items).toEqual([vote]);
  });

  it('keeps one vote per annotator and pair: voting again changes it, in either side order', async () => {
    const db = await repo();
    const { schema: _s, id: _i, createdAt: _c, updatedAt: _u, ...input } = makeVote(['r1', 'r2'], { groupId: 'g1' });
    const first = await db.saveVote(input);
    const changed = await db.saveVote({ ...input, recordIds: ['r2', 'r1'], choice: 'tie', note: 'same' });
    const bob = await db.saveVote({ ...input, annotator: 'bob' });
    expect(changed).toMatchObject({ id: first.id, createdAt: first.createdAt, choice: 'tie', recordIds: ['r2', 'r1'] });
    expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
    expect(bob.id).not.toBe(first.id);
    expect((await db.listVotes()).items.map((v) => v.id).sort()).toEqual([first.id, bob.id].sort());
    await db.saveVote({ ...input, groupId: 'g2', recordIds: ['r3', 'r4'] });
    expect((await db.votesFor(['g1', 'g1'])).map((v) => v.id).sort()).toEqual([first.id, bob.id].sort());
    await db.deleteVote(first.id);
    expect(await db.votesFor(['g1'])).toEqual([bob]);
    await expect(db.saveVote({ ...input, choice: 'c' as never })).rejects.toThrow(/vote/);
  });

  it('clears everything, images too', async () => {
    const db = await repo();
    const blob = new Blob([pngBytes(1, 1)]);
    await db.putImage(HASH, blob, { mime: 'image/png', width: 1, height: 1 });
    await db.putRecord(
      makeRecord({ messages: [{ role: 'user', text: 'q', images: [{ sha256: HASH, mime: 'image/png', width: 1, height: 1, bytes: 1 }] }] }),
    );
    expect(await db.hasImage(HASH)).toBe(true);
    await db.clearAll();
    expect((await db.listRecords()).items).toEqual([]);
    expect(await db.hasImage(HASH)).toBe(false);
  });

  it('turns a quota failure into StorageFullError and loses nothing already stored', async () => {
    const db = await repo();
    const kept = await db.putRecord(makeRecord());
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await db.putRecord(makeRecord()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toMatchObject({ code: 'storage-full' });
    put.mockRestore();
    expect((await db.listRecords()).items).toEqual([kept]);
  });

  it('a newer version in another tab: the database closes (not blocking it), says so, and later calls say why they fail', async () => {
    const name = uniqueDbName();
    const upgrades: unknown[] = [];
    const db = await openTestRepo(name, { onUpgrade: (state) => void upgrades.push(state) });
    const kept = await db.putRecord(makeRecord());
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 2);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    expect(upgrades).toEqual([null, 'reload']);
    const row = await new Promise((resolve) => {
      const get = newer.transaction('records').objectStore('records').get(kept.id);
      get.onsuccess = () => resolve(get.result);
    });
    expect(row).toMatchObject({ id: kept.id });
    newer.close();
    await expect(db.putRecord(makeRecord())).rejects.toMatchObject({ code: 'closed' });
    await expect(db.upsertRating({ recordId: kept.id, annotator: 'a', score: 3 })).rejects.toMatchObject({ code: 'closed' });
    await expect(db.listRecords()).rejects.toMatchObject({ code: 'closed' });
  });

  it('an answer being written keeps the database open until it is stored; the newer tab waits', async () => {
    const name = uniqueDbName();
    const db = await openTestRepo(name);
    const record = makeRecord({ status: 'pending', endedAt: null, finishReason: null });
    let finish!: () => void;
    const writing = holdLive(record.id, async () => {
      await db.putRecord(record);
      await new Promise<void>((resolve) => (finish = resolve));
      await db.putRecord({ ...record, status: 'ok', endedAt: '2025-03-01T10:00:09.000Z', finishReason: 'stop' });
    });
    await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    let blocked = false;
    const newer = new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 2);
      open.onblocked = () => (blocked = true);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await vi.waitFor(() => expect(blocked).toBe(true));
    finish();
    await writing;
    const opened = await newer;
    const row = await new Promise((resolve) => {
      const get = opened.transaction('records').objectStore('records').get(record.id);
      get.onsuccess = () => resolve(get.result);
    });
    expect(row).toMatchObject({ status: 'ok' });
    opened.close();
  });

  it('reports storage use when the platform can', async () => {
    const db = await repo();
    const estimate = await db.estimateStorage();
    expect(estimate === null || typeof estimate.usage === 'number').toBe(true);
  });

  it('tells other tabs what it changed: records when answers are stored or removed, ratings when one is written', async () => {
    const name = uniqueDbName();
    const db = await repo(name);
    // Another tab's ear on this database's news.
    const elsewhere = new BroadcastChannel(`tanuki-records:${name}`);
    const heard: unknown[] = [];
    elsewhere.onmessage = (event: MessageEvent<unknown>) => heard.push(event.data);
    const next = (count: number) => vi.waitFor(() => expect(heard).toHaveLength(count));
    try {
      const record = makeRecord();
      await db.putRecord(record);
      await next(1);
      await db.upsertRating({ recordId: record.id, annotator: 'Sato', score: 3 });
      await next(2);
      await db.deleteRecord(record.id);
      await next(3);
      expect(heard).toEqual(['records', 'ratings', 'records']);
    } finally {
      elsewhere.close();
    }
  });
});

describe('cancelling an import while it saves', () => {
  const batch = () => ({
    records: [makeRecord({ id: 'incoming-1' }), makeRecord({ id: 'incoming-2' })],
    ratings: [],
    votes: [],
    images: [],
  });

  it('an abort before the transaction commits aborts it: nothing is stored, and the abort is what rejects', async () => {
    const db = await repo();
    const kept = await db.putRecord(makeRecord({ id: 'kept' }));
    const cancel = new AbortController();
    const saving = db.mergeImport(batch(), cancel.signal);
    cancel.abort();
    await expect(saving).rejects.toMatchObject({ name: 'AbortError' });
    expect((await db.listRecords()).items).toEqual([kept]);
  });

  it('an abort once it has committed changes nothing: the result says what was stored', async () => {
    const db = await repo();
    const cancel = new AbortController();
    const result = await db.mergeImport(batch(), cancel.signal);
    cancel.abort();
    expect(result.records.added).toBe(2);
    expect((await db.listRecords()).items.map((r) => r.id).sort()).toEqual(['incoming-1', 'incoming-2']);
    await expect(db.mergeImport(batch(), cancel.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
