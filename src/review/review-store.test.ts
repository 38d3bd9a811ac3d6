import { beforeEach, describe, expect, it } from 'vitest';
import { makeRating, makeRecord } from '../../test-support/records';
import { EMPTY_FILTER, facetsOf } from './filters';
import { currentId } from './queue';
import { myRating, scoredBy, selectFiltered, selectTags, useReviewStore } from './review-store';

const a = makeRecord({ output: 'alpha' });
const b = makeRecord({ output: 'beta' });
const c = makeRecord({ output: 'gamma' });

beforeEach(() => {
  useReviewStore.setState({ filter: EMPTY_FILTER, queue: null, queueResume: {}, customTags: [] });
  const records = [c, b, a];
  useReviewStore.getState().loaded(
    {
      fresh: true,
      records: new Map(records.map((r) => [r.id, r])),
      ratings: new Map([[b.id, [makeRating(b.id, 'ann', { score: 3 })]]]),
      removed: [],
      order: records.map((r) => r.id).join('\n'),
      whole: false,
      facets: facetsOf(records),
    },
    [],
  );
});

describe('review store', () => {
  it('replaces one annotator’s rating and keeps the others', () => {
    const s = useReviewStore.getState();
    s.ratingSaved(makeRating(b.id, 'bob', { score: 5 }));
    s.ratingSaved(makeRating(b.id, 'ann', { score: 1 }));
    const next = useReviewStore.getState();
    expect(next.ratings.get(b.id)?.map((r) => [r.annotator, r.score])).toEqual([
      ['bob', 5],
      ['ann', 1],
    ]);
    next.ratingDeleted(b.id, 'bob');
    expect(myRating(useReviewStore.getState(), b.id, 'bob')).toBeNull();
  });

  it('keeps a record in "unrated" while it is rated, until the filter or selection moves on', () => {
    useReviewStore.getState().setFilter({ rated: 'unrated' });
    const before = selectFiltered(useReviewStore.getState(), 'ann');
    expect(before.map((r) => r.id)).toEqual([c.id, a.id]);
    useReviewStore.getState().ratingSaved(makeRating(c.id, 'ann', { score: 4 }));
    expect(selectFiltered(useReviewStore.getState(), 'ann')).toBe(before);
    useReviewStore.getState().refreshFilterRatings();
    expect(selectFiltered(useReviewStore.getState(), 'ann').map((r) => r.id)).toEqual([a.id]);
  });

  it('queues what this annotator has not scored, resuming on the saved record', () => {
    useReviewStore.getState().ratingSaved(makeRating(c.id, 'ann', { score: null, thumb: 'up' }));
    useReviewStore.getState().openQueue('ann', 0);
    // A thumb alone is not a score: c stays in the queue; b (scored) does not.
    expect(useReviewStore.getState().queue?.ids).toEqual([c.id, a.id]);
    useReviewStore.getState().setQueueResume('ann', a.id);
    useReviewStore.getState().openQueue('ann', 0);
    expect(currentId(useReviewStore.getState().queue!)).toBe(a.id);
    expect(scoredBy(useReviewStore.getState(), b.id, 'ann')).toBe(true);
    expect(scoredBy(useReviewStore.getState(), c.id, 'ann')).toBe(false);
  });

  it('offers default, custom and imported tags, as a stable array', () => {
    useReviewStore.getState().setCustomTags(['blurry']);
    useReviewStore.getState().ratingSaved(makeRating(a.id, 'x', { tags: ['from-import'] }));
    const tags = selectTags(useReviewStore.getState());
    expect(tags.slice(-2)).toEqual(['blurry', 'from-import']);
    expect(tags[0]).toBe('hallucination');
    useReviewStore.getState().ratingSaved(makeRating(a.id, 'y', { tags: ['good'] }));
    expect(selectTags(useReviewStore.getState())).toBe(tags);
  });
});
