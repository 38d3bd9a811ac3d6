import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { openTestRepo } from '../../test-support/records-repo';
import type { RecordsRepo } from '../records';
import { useReviewStore } from './review-store';
import { collector, ReviewSync, type SyncMessage } from './review-sync';

/** One read, as review-data.ts takes it: its messages gathered, then laid over the store. */
async function read(sync: ReviewSync, repo: RecordsRepo, fresh: boolean): Promise<SyncMessage[]> {
  const messages: SyncMessage[] = [];
  for await (const m of sync.read(repo, ['some-meta'], fresh)) messages.push(m);
  const take = collector(fresh);
  const done = messages.map(take).at(-1);
  if (!done) throw new Error('the read did not end with its last message');
  useReviewStore.getState().loaded(done.changes, []);
  return messages;
}

const sent = (messages: SyncMessage[]) =>
  messages.flatMap((m) =>
    m.type === 'records' ? m.records.map((r) => r.id) : m.type === 'ratings' ? m.ratings.map(([id]) => `ratings:${id}`) : [],
  );

const day = (d: number) => `2025-03-${String(d).padStart(2, '0')}T00:00:00.000Z`;

describe('review sync', () => {
  it('sends everything once, then only what changed, and the store ends up as stored', async () => {
    const repo = await openTestRepo();
    const [a, b, c] = [1, 2, 3].map((d) => makeRecord({ createdAt: day(d) })) as [
      ReturnType<typeof makeRecord>,
      ReturnType<typeof makeRecord>,
      ReturnType<typeof makeRecord>,
    ];
    for (const r of [a, b, c]) await repo.putRecord(r);
    await repo.upsertRating({ recordId: a.id, annotator: 'ann', score: 4 });
    await repo.setMeta('some-meta', ['x']);
    const sync = new ReviewSync();

    const first = await read(sync, repo, true);
    expect(sent(first).sort()).toEqual([a.id, b.id, c.id, `ratings:${a.id}`].sort());
    expect(first.at(-1)).toMatchObject({ type: 'done', removed: [], meta: [['x']] });
    let s = useReviewStore.getState();
    expect(s.records.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(s.ratings.get(a.id)?.map((r) => r.score)).toEqual([4]);
    expect(s.facets.endpoints.map((e) => e.count)).toEqual([3]);

    // Nothing changed: nothing is sent, and the list the screen shows is the same array.
    const held = s.records;
    const again = await read(sync, repo, false);
    expect(sent(again)).toEqual([]);
    expect(again).toEqual([expect.objectContaining({ type: 'done', order: null, removed: [] })]);
    expect(useReviewStore.getState().records).toBe(held);

    // A finished answer, a new one, a deleted one and a rating elsewhere: just those travel.
    const finished = { ...b, output: 'a longer answer' };
    const d = makeRecord({ createdAt: day(4) });
    await repo.putRecord(finished);
    await repo.putRecord(d);
    await repo.deleteRecord(a.id);
    await repo.upsertRating({ recordId: c.id, annotator: 'bob', score: 2 });
    const changes = await read(sync, repo, false);
    expect(sent(changes).sort()).toEqual([b.id, d.id, `ratings:${a.id}`, `ratings:${c.id}`].sort());
    expect(changes.at(-1)).toMatchObject({ type: 'done', removed: [a.id] });
    s = useReviewStore.getState();
    expect(s.records.map((r) => r.id)).toEqual([d.id, c.id, b.id]);
    expect(s.byId.get(b.id)?.output).toBe('a longer answer');
    expect(s.byId.has(a.id)).toBe(false);
    expect(s.ratings.has(a.id)).toBe(false);
    expect(s.ratings.get(c.id)?.map((r) => r.annotator)).toEqual(['bob']);
    // An unchanged record keeps its object (its row does not re-render).
    expect(s.byId.get(c.id)).toBe(held[0]);

    // More new records than the page holds (an import): laid in all the same.
    const imported = [5, 6, 7, 8].map((d) => makeRecord({ createdAt: day(d) }));
    await repo.mergeImport({ records: imported, ratings: [], votes: [], images: [] });
    expect(sent(await read(sync, repo, false)).sort()).toEqual(imported.map((r) => r.id).sort());
    expect(useReviewStore.getState().records.map((r) => r.id)).toEqual([...imported.reverse(), d, c, b].map((r) => r.id));
    expect(useReviewStore.getState().byId.size).toBe(7);

    // A fresh read (a new page, or after a failure) sends everything again.
    expect(sent(await read(sync, repo, true)).sort()).toEqual([b.id, c.id, d.id, ...imported.map((r) => r.id), `ratings:${c.id}`].sort());
  });

  it('keeps each message to a page: so many records, or about so many characters', async () => {
    const repo = await openTestRepo();
    const long = 'x'.repeat(30_000);
    const records = [...Array.from({ length: 3 }, () => makeRecord({ output: long })), ...Array.from({ length: 25 }, () => makeRecord())];
    await repo.mergeImport({ records, ratings: [], votes: [], images: [] });
    const messages = await read(new ReviewSync({ chars: 20_000, items: 10 }), repo, true);
    const pages = messages.flatMap((m) => (m.type === 'records' ? [m.records] : []));
    expect(
      pages
        .flat()
        .map((r) => r.id)
        .sort(),
    ).toEqual(records.map((r) => r.id).sort());
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(10);
      // A page closes once it passes the size: only its last record takes it beyond.
      expect(JSON.stringify(page.slice(0, -1)).length).toBeLessThan(20_000);
    }
    expect(useReviewStore.getState().records).toHaveLength(28);
  });
});
