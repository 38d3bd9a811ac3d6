import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { recordsRepo } from '../records/instance';
import { toggleTag } from './queue';
import { changeRating } from './review-data';
import { useReviewStore } from './review-store';

it('a rating change starts from the stored rating, not the one this tab read before: a tag flipped here keeps what another tab added', async () => {
  const repo = await recordsRepo();
  const record = makeRecord();
  await repo.putRecord(record);
  // Another tab's rating, which this tab has never read.
  await repo.upsertRating({ recordId: record.id, annotator: 'Sato', score: 4, tags: ['hallucination'], note: 'from the other tab' });
  expect(useReviewStore.getState().ratings.get(record.id)).toBeUndefined();

  const change = await changeRating(record.id, 'Sato', (current) => ({ tags: toggleTag(current?.tags ?? [], 'wrong-object') }));

  expect(await repo.ratingsFor(record.id)).toEqual([
    expect.objectContaining({ score: 4, tags: ['hallucination', 'wrong-object'], note: 'from the other tab' }),
  ]);
  // Undo puts back what was stored.
  expect(change?.before).toMatchObject({ score: 4, tags: ['hallucination'] });
  expect(useReviewStore.getState().ratings.get(record.id)).toEqual([expect.objectContaining({ tags: ['hallucination', 'wrong-object'] })]);
});
