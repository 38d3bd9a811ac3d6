import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openBatchDb } from './batch-db';
import { openBatchRepo } from './batch-repo';
import { makeItem, makeRun, makeSet, uniqueBatchDbName } from '../../test-support/batch';

describe('batch repository', () => {
  it('stores a set with its items, lists, renames and deletes it', async () => {
    const repo = await openBatchRepo(uniqueBatchDbName());
    const items = [makeItem(), makeItem({ category: 'conv' })];
    const set = makeSet({ itemCount: 2 });
    await repo.putSet(set, items);
    expect((await repo.listSets()).items).toEqual([set]);
    expect(await repo.getSetItems(set.id)).toEqual(items);
    const renamed = await repo.renameSet(set.id, '  JA-VLM  ');
    expect(renamed.name).toBe('JA-VLM');
    expect((await repo.getSet(set.id))?.name).toBe('JA-VLM');
    await repo.deleteSet(set.id);
    expect((await repo.listSets()).items).toEqual([]);
    expect(await repo.getSetItems(set.id)).toBeUndefined();
    repo.close();
  });

  it('stores nothing when one item is invalid', async () => {
    const repo = await openBatchRepo(uniqueBatchDbName());
    const set = makeSet();
    await expect(repo.putSet(set, [makeItem(), makeItem({ question: '' })])).rejects.toMatchObject({ code: 'invalid-data' });
    expect((await repo.listSets()).items).toEqual([]);
    repo.close();
  });

  it('skips and counts damaged values on read', async () => {
    const name = uniqueBatchDbName();
    const repo = await openBatchRepo(name);
    await repo.putSet(makeSet(), []);
    const raw = (await openBatchDb(name)).connection();
    await raw.put('sets', { id: 'broken', schema: 1 });
    raw.close();
    const listed = await repo.listSets();
    expect(listed.items).toHaveLength(1);
    expect(listed.invalid).toBe(1);
    repo.close();
  });

  it('keeps runs, their payload and unit outcomes; deleting a run removes all three', async () => {
    const repo = await openBatchRepo(uniqueBatchDbName());
    const { run, payload } = makeRun([makeItem(), makeItem()]);
    await repo.createRun(run, payload);
    expect(await repo.getRun(run.id)).toEqual(run);
    expect(await repo.getPayload(run.id)).toEqual(payload);
    await repo.putOutcomes([
      { runId: run.id, unit: 0, state: 'done', code: null, at: '2025-03-01T10:00:01.000Z' },
      { runId: run.id, unit: 1, state: 'failed', code: 'server', at: '2025-03-01T10:00:02.000Z' },
    ]);
    expect((await repo.outcomes(run.id)).map((o) => o.unit)).toEqual([0, 1]);
    await repo.putOutcomes([{ runId: run.id, unit: 1, state: 'retry', code: 'server', at: '2025-03-01T10:00:03.000Z' }]);
    expect((await repo.outcomes(run.id)).map((o) => o.state)).toEqual(['done', 'retry']);
    await repo.putRun({ ...run, state: 'paused' });
    expect((await repo.listRuns()).items[0]?.state).toBe('paused');
    await repo.deleteRun(run.id);
    expect(await repo.getRun(run.id)).toBeUndefined();
    expect(await repo.getPayload(run.id)).toBeUndefined();
    expect(await repo.outcomes(run.id)).toEqual([]);
    repo.close();
  });

  it('a newer version in another tab: the database closes (not blocking it), says so, and later calls say why they fail', async () => {
    const name = uniqueBatchDbName();
    const upgrades: unknown[] = [];
    const repo = await openBatchRepo(name, { onUpgrade: (state) => void upgrades.push(state) });
    const set = makeSet();
    await repo.putSet(set, []);
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 2);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    expect(upgrades).toEqual([null, 'reload']);
    expect(newer.objectStoreNames.contains('sets')).toBe(true);
    newer.close();
    await expect(repo.listSets()).rejects.toMatchObject({ code: 'closed' });
    await expect(repo.putSet(makeSet(), [])).rejects.toMatchObject({ code: 'closed' });
  });
});
