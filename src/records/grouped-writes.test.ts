import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { openTestRepo } from '../../test-support/records-repo';
import { groupedRecordWrites } from './grouped-writes';

describe('groupedRecordWrites', () => {
  it('stores records given together in one transaction, each promise settling with its stored record', async () => {
    const db = await openTestRepo();
    const putRecords = vi.spyOn(db, 'putRecords');
    const writes = groupedRecordWrites(() => Promise.resolve(db), 5);
    const records = [
      makeRecord(),
      makeRecord({ endpoint: { ...makeRecord().endpoint, url: 'https://h.example/v1?token=SECRET' } }),
      makeRecord(),
    ];
    const stored = await Promise.all(records.map((r) => writes.putRecord(r)));
    expect(putRecords).toHaveBeenCalledTimes(1);
    expect(stored.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(stored[1]!.endpoint.url).toBe('https://h.example/v1');
    for (const r of records) expect(await db.getRecord(r.id)).toBeDefined();

    const later = makeRecord();
    await writes.putRecord(later);
    expect(putRecords).toHaveBeenCalledTimes(2);
    expect(await db.getRecord(later.id)).toEqual(later);
  });

  it('refuses an invalid record alone, and stores the rest of its group', async () => {
    const db = await openTestRepo();
    const writes = groupedRecordWrites(() => Promise.resolve(db), 5);
    const good = makeRecord();
    const [bad, kept] = await Promise.allSettled([writes.putRecord({ ...makeRecord(), id: 'bad id with spaces' }), writes.putRecord(good)]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'invalid-data' } });
    expect(kept).toMatchObject({ status: 'fulfilled', value: { id: good.id } });
    expect(await db.getRecord(good.id)).toEqual(good);
  });

  it('writes what waits at once when flushed; a flush with nothing waiting writes nothing', async () => {
    const db = await openTestRepo();
    const putRecords = vi.spyOn(db, 'putRecords');
    const writes = groupedRecordWrites(() => Promise.resolve(db), 60_000);
    const record = makeRecord();
    const stored = writes.putRecord(record);
    writes.flush();
    expect((await stored).id).toBe(record.id);
    expect(await db.getRecord(record.id)).toEqual(record);
    writes.flush();
    expect(putRecords).toHaveBeenCalledTimes(1);
  });

  it('rejects every record of a group whose transaction fails', async () => {
    const db = await openTestRepo();
    db.close();
    const writes = groupedRecordWrites(() => Promise.resolve(db), 5);
    const results = await Promise.allSettled([writes.putRecord(makeRecord()), writes.putRecord(makeRecord())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { code: 'closed' } });
  });
});
