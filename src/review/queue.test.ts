import { describe, expect, it } from 'vitest';
import {
  buildQueue,
  currentId,
  goTo,
  isDone,
  medianTimePerItem,
  next,
  popChange,
  prev,
  pushChange,
  type QueueState,
  ratedCount,
  refreshQueue,
  timeOnCurrent,
  toggleTag,
  UNDO_LIMIT,
} from './queue';

const recs = ['a', 'b', 'c', 'd'].map((id) => ({ id }));

describe('buildQueue', () => {
  it('takes the unrated records in order', () => {
    const q = buildQueue(recs, (id) => id === 'b', null, 0);
    expect(q.ids).toEqual(['a', 'c', 'd']);
    expect(currentId(q)).toBe('a');
  });

  it('resumes on the saved record, even when it was rated just before the reload', () => {
    const q = buildQueue(recs, (id) => id === 'a' || id === 'b', 'b', 0);
    expect(q.ids).toEqual(['b', 'c', 'd']);
    expect(currentId(q)).toBe('b');
  });

  it('starts at the beginning when the saved record is gone', () => {
    expect(currentId(buildQueue(recs, () => false, 'zzz', 0))).toBe('a');
  });

  it('is done at once when everything is rated', () => {
    const q = buildQueue(recs, () => true, null, 0);
    expect(q.ids).toEqual([]);
    expect(isDone(q)).toBe(true);
    expect(currentId(q)).toBeNull();
  });
});

describe('moving', () => {
  it('goes forward to done and back, clamped', () => {
    let q = buildQueue(recs.slice(0, 2), () => false, null, 0);
    q = next(q, 10);
    expect(currentId(q)).toBe('b');
    q = next(q, 20);
    expect(isDone(q)).toBe(true);
    expect(next(q, 30)).toBe(q);
    q = prev(q, 40);
    expect(currentId(q)).toBe('b');
    expect(prev(prev(prev(q, 50), 60), 70).index).toBe(0);
  });

  it('keeps rated items in the snapshot, so going back finds them', () => {
    let rated = new Set<string>();
    let q = buildQueue(recs, (id) => rated.has(id), null, 0);
    rated = new Set(['a']);
    q = next(q, 1);
    expect(q.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(currentId(prev(q, 2))).toBe('a');
    expect(ratedCount(q, (id) => rated.has(id))).toBe(1);
  });

  it('sums the time per item over visits', () => {
    let q = buildQueue(recs, () => false, null, 1000);
    q = next(q, 4000); // 3 s on a
    q = prev(q, 5000); // 1 s on b
    expect(timeOnCurrent(q, 7000)).toBe(5000); // 3 s before + 2 s now on a
    q = goTo(q, 2, 9000); // a: 3 + 4 = 7 s
    expect(q.spent).toEqual({ a: 7000, b: 1000 });
    expect(medianTimePerItem(q)).toBe(4000);
    expect(medianTimePerItem(buildQueue(recs, () => false, null, 0))).toBeNull();
  });
});

describe('undo', () => {
  const change = (recordId: string, score: 1 | 2 | 3 | 4 | 5) => ({
    recordId,
    before: null,
    after: { score, thumb: null, tags: [], note: '' },
  });

  it('pops the last change and goes to its record', () => {
    let q = buildQueue(recs, () => false, null, 0);
    q = pushChange(q, change('a', 3));
    q = next(next(q, 1), 2);
    const { queue, change: undone } = popChange(q, 3);
    expect(undone?.recordId).toBe('a');
    expect(currentId(queue)).toBe('a');
    expect(queue.undo).toEqual([]);
    expect(popChange(queue, 4).change).toBeNull();
  });

  it('keeps at most UNDO_LIMIT changes', () => {
    let q = buildQueue(recs, () => false, null, 0);
    for (let i = 0; i < UNDO_LIMIT + 5; i++) q = pushChange(q, change('a', 1));
    expect(q.undo).toHaveLength(UNDO_LIMIT);
  });
});

describe('toggleTag', () => {
  it('adds at the end and removes wherever it is', () => {
    expect(toggleTag(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleTag(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });
});

describe('records whose ids name what every object inherits', () => {
  it('counts time on a record called constructor from zero', () => {
    let q = buildQueue([{ id: 'constructor' }, { id: 'toString' }], () => false, null, 0);
    expect(timeOnCurrent(q, 1000)).toBe(1000);
    q = next(q, 1000);
    q = prev(q, 1500);
    expect(timeOnCurrent(q, 1500)).toBe(1000);
  });
});

describe('refreshQueue', () => {
  const stored = (ids: string[]) => (id: string) => ids.includes(id);
  const on = (q: QueueState, id: string) => goTo(q, q.ids.indexOf(id), 100);

  it('keeps the item shown, its time and undo; new records join at the end', () => {
    const q = pushChange(
      on(
        buildQueue(recs, () => false, null, 0),
        'b',
      ),
      { recordId: 'a', before: null, after: null },
    );
    const fresh = [{ id: 'new' }, ...recs];
    const r = refreshQueue(q, fresh, () => false, stored(['new', 'a', 'b', 'c', 'd']));
    expect(r.ids).toEqual(['a', 'b', 'c', 'd', 'new']);
    expect(currentId(r)).toBe('b');
    expect(r.shownAt).toBe(q.shownAt);
    expect(r.spent).toBe(q.spent);
    expect(r.undo).toBe(q.undo);
  });

  it('drops records no longer stored; when the one shown went, the next one is shown', () => {
    const q = on(
      buildQueue(recs, () => false, null, 0),
      'b',
    );
    const r = refreshQueue(q, [{ id: 'c' }, { id: 'd' }], () => false, stored(['c', 'd']));
    expect(r.ids).toEqual(['c', 'd']);
    expect(currentId(r)).toBe('c');
  });

  it('leaves out new records this annotator has rated (in another tab), and keeps rated ones already in it', () => {
    const q = buildQueue(recs, () => false, null, 0);
    const r = refreshQueue(
      q,
      [{ id: 'x' }, { id: 'y' }, ...recs],
      (id) => id === 'x' || id === 'a',
      stored(['x', 'y', 'a', 'b', 'c', 'd']),
    );
    expect(r.ids).toEqual(['a', 'b', 'c', 'd', 'y']);
  });

  it('a queue that was done goes on with what arrived', () => {
    const q = goTo(
      buildQueue(recs, () => false, null, 0),
      recs.length,
      100,
    );
    expect(isDone(q)).toBe(true);
    const r = refreshQueue(q, [{ id: 'new' }, ...recs], (id) => id !== 'new', stored(['new', 'a', 'b', 'c', 'd']));
    expect(currentId(r)).toBe('new');
  });

  it('is the same queue when nothing changed', () => {
    const q = buildQueue(recs, () => false, null, 0);
    expect(refreshQueue(q, recs, () => false, stored(['a', 'b', 'c', 'd']))).toBe(q);
  });
});
