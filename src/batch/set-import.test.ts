import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openRecords, type RecordsRepo } from '../records';
import { makeItem, uniqueBatchDbName } from '../../test-support/batch';
import { png } from '../../test-support/images';
import { openBatchRepo, type BatchRepo } from './batch-repo';
import type { ImportPreview } from './set-import-core';

const repos = vi.hoisted(() => ({ records: null as unknown, batch: null as unknown }));
vi.mock('../records/instance', () => ({ recordsRepo: async () => repos.records }));
vi.mock('./instance', () => ({ batchRepo: async () => repos.batch }));
vi.mock('./run-controller', () => ({ announceChange: () => {} }));

const { storePreview } = await import('./set-import');

async function open(): Promise<{ records: RecordsRepo; batch: BatchRepo }> {
  const records = await openRecords(`records-${crypto.randomUUID()}`);
  const batch = await openBatchRepo(uniqueBatchDbName());
  Object.assign(repos, { records, batch });
  return { records, batch };
}

async function image(shade: number) {
  const bytes = png(4, 4, () => [shade, 0, 0, 255]);
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { ref: { sha256: hex, mime: 'image/png', width: 4, height: 4, bytes: bytes.length }, bytes };
}

async function preview(shades: number[]): Promise<ImportPreview> {
  const images = await Promise.all(shades.map(image));
  return {
    format: 'jsonl',
    name: 'set',
    files: ['set.jsonl'],
    items: images.map((i) => makeItem({ images: [i.ref] })),
    images,
    report: { ok: true, entries: [], omitted: {} },
    imageProblems: [],
    categories: [],
    ok: true,
  };
}

describe('storePreview', () => {
  it('stores the images, then the set, telling how far it is', async () => {
    const { records, batch } = await open();
    const p = await preview([1, 2]);
    const progress: string[] = [];
    const set = await storePreview(p, 'Mine', { onProgress: (x) => progress.push(`${x.phase} ${x.done}/${x.total}`) });
    expect(progress).toEqual(['saving 0/2', 'saving 1/2']);
    expect((await batch.listSets()).items.map((s) => s.name)).toEqual(['Mine']);
    expect(set.itemCount).toBe(2);
    for (const i of p.images) expect(await records.hasImage(i.ref.sha256)).toBe(true);
  });

  it('cancelled while storing the images: no set, and only the images stored before it stay', async () => {
    const { records, batch } = await open();
    const p = await preview([3, 4, 5]);
    const before = p.images[2]!;
    await records.putImage(before.ref.sha256, before.bytes, before.ref);
    const cancel = new AbortController();
    const stored = storePreview(p, 'Mine', {
      signal: cancel.signal,
      onProgress: (x) => x.done === 2 && cancel.abort(),
    });
    await expect(stored).rejects.toMatchObject({ name: 'AbortError' });
    expect((await batch.listSets()).items).toEqual([]);
    expect(await records.hasImage(p.images[0]!.ref.sha256)).toBe(false);
    expect(await records.hasImage(p.images[1]!.ref.sha256)).toBe(false);
    expect(await records.hasImage(before.ref.sha256)).toBe(true);
  });

  it('a failed write of the set takes its new images back too', async () => {
    const { records, batch } = await open();
    const p = await preview([6]);
    vi.spyOn(batch, 'putSet').mockRejectedValueOnce(new Error('quota'));
    await expect(storePreview(p, 'Mine')).rejects.toThrow('quota');
    expect(await records.hasImage(p.images[0]!.ref.sha256)).toBe(false);
  });

  it('a Cancel once the set is stored changes nothing: the set stays and the signal says Cancel came late', async () => {
    const { batch } = await open();
    const p = await preview([7]);
    const cancel = new AbortController();
    const putSet = batch.putSet.bind(batch);
    vi.spyOn(batch, 'putSet').mockImplementationOnce(async (set, items) => {
      await putSet(set, items);
      cancel.abort();
    });
    const set = await storePreview(p, 'Late', { signal: cancel.signal });
    expect(cancel.signal.aborted).toBe(true);
    expect((await batch.listSets()).items.map((s) => s.id)).toEqual([set.id]);
  });
});
