import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { firstLook, RECORDS_DB_NAME } from './records-db';

afterEach(() => {
  vi.doUnmock('./repository');
  vi.resetModules();
});

/** instance.ts afresh (its database and repository are module state), with the repository's code as `repository`. */
async function freshInstance(repository?: object) {
  vi.resetModules();
  if (repository) vi.doMock('./repository', () => repository);
  return import('./instance');
}

describe('recordsRepo', () => {
  it('does not keep a failed open: the next call tries again', async () => {
    const repo = { markPendingAsIncomplete: async () => 0 };
    const recordsOn = vi.fn(() => repo);
    let fail = true;
    const instance = await freshInstance({
      recordsOn: () => {
        if (fail) throw new Error('broken');
        return recordsOn();
      },
    });
    await expect(instance.recordsRepo()).rejects.toThrow('broken');
    fail = false;
    await expect(instance.recordsRepo()).resolves.toBe(repo);
    await expect(instance.recordsRepo()).resolves.toBe(repo);
    expect(recordsOn).toHaveBeenCalledTimes(1);
  });
});

describe('a first look', () => {
  it('reads the newest records of the current version and a meta value without the repository, which closes the books later', async () => {
    const seeding = await import('./repository');
    const seed = await seeding.openRecords(RECORDS_DB_NAME);
    const old = makeRecord({ createdAt: '2025-03-01T00:00:00.000Z' });
    const newer = makeRecord({ createdAt: '2025-03-02T00:00:00.000Z', status: 'pending' });
    const newest = makeRecord({ createdAt: '2025-03-03T00:00:00.000Z' });
    await seed.mergeImport({ records: [old, newer, newest], ratings: [], votes: [], images: [] });
    await seed.setMeta('view', { filter: {} });
    seed.close();

    let finishMarking = () => {};
    const marking = vi.fn(() => new Promise<number>((resolve) => (finishMarking = () => resolve(0))));
    const recordsOn = vi.fn(() => ({ markPendingAsIncomplete: marking }));
    const instance = await freshInstance({ recordsOn });
    const look = firstLook(await instance.recordsDatabase(), 2, 'view');
    const { records, meta } = await look;
    expect(records.map((r) => r.id)).toEqual([newest.id, newer.id]);
    expect(meta).toEqual({ filter: {} });
    expect(recordsOn).not.toHaveBeenCalled();

    const whole = instance.recordsRepo();
    let settled = false;
    void whole.then(() => (settled = true));
    await vi.waitFor(() => expect(marking).toHaveBeenCalledTimes(1));
    expect(settled).toBe(false);
    finishMarking();
    await whole;
    expect(settled).toBe(true);
  });

  it('leaves records of another schema version to the full read, and looks further for the limit', async () => {
    const seeding = await import('./repository');
    const seed = await seeding.openRecords(RECORDS_DB_NAME);
    await seed.clearAll();
    const kept = makeRecord({ createdAt: '2025-03-01T00:00:00.000Z' });
    const other = { ...makeRecord({ createdAt: '2025-03-02T00:00:00.000Z' }), schema: 99 };
    await seed.mergeImport({ records: [kept], ratings: [], votes: [], images: [] });
    seed.close();
    const { openRecordsDatabase } = await import('./records-db');
    const raw = await openRecordsDatabase();
    await raw.write(['records'], (tx) => tx.objectStore('records').put(other));
    raw.close();

    const instance = await freshInstance();
    expect((await firstLook(await instance.recordsDatabase(), 1, 'view')).records.map((r) => r.id)).toEqual([kept.id]);
  });
});
