import { describe, expect, it } from 'vitest';
import { makeRating, makeRecord } from '../../test-support/records';
import { indexRatings } from '../records';
import { EMPTY_FILTER, endpointKey, facetsOf, filterRecords, isEmptyFilter, knownTags, readFilter, toRecordFilter } from './filters';

describe('toRecordFilter', () => {
  it('leaves out what the form leaves empty', () => {
    expect(toRecordFilter(EMPTY_FILTER, 'ann')).toEqual({ rated: 'any' });
    expect(toRecordFilter({ ...EMPTY_FILTER, group: 'r1' }, 'ann')).toEqual({ rated: 'any', groupIds: ['r1'] });
  });

  it('includes both days of a date range (local days)', () => {
    const f = toRecordFilter({ ...EMPTY_FILTER, from: '2025-03-01', to: '2025-03-01' }, '');
    expect(f.from).toBe(new Date(2025, 2, 1).getTime());
    expect(f.to).toBe(new Date(2025, 2, 2).getTime());
  });

  it('narrows to the annotator only in "mine" scope, and only with a name', () => {
    expect(toRecordFilter({ ...EMPTY_FILTER, scope: 'mine' }, 'ann').annotator).toBe('ann');
    expect(toRecordFilter({ ...EMPTY_FILTER, scope: 'mine' }, ' ').annotator).toBeUndefined();
    expect(toRecordFilter({ ...EMPTY_FILTER, scope: 'all' }, 'ann').annotator).toBeUndefined();
  });
});

describe('filterRecords', () => {
  const a = makeRecord({ endpoint: { id: 'e1', label: 'E1', url: '', model: 'm1', protocol: 'openai-chat' } });
  const b = makeRecord({ endpoint: { id: 'e1', label: 'E1', url: '', model: 'm2', protocol: 'openai-chat' }, status: 'error' });
  const c = makeRecord({ endpoint: { id: 'e2', label: 'E2', url: '', model: 'm1', protocol: 'openai-chat' }, output: 'カレーライス' });
  const ratings = indexRatings([makeRating(a.id, 'ann', { score: 5, tags: ['good'] }), makeRating(c.id, 'bob', { score: 2 })]);

  it('filters by endpoint and model together', () => {
    expect(filterRecords([a, b, c], ratings, { ...EMPTY_FILTER, endpoint: endpointKey('e1', 'm2') }, '')).toEqual([b]);
  });

  it('filters by status, text, tag and score, rated/unrated per scope', () => {
    const run = (patch: object, who = 'ann') => filterRecords([a, b, c], ratings, { ...EMPTY_FILTER, ...patch }, who).map((r) => r.id);
    expect(run({ status: 'error' })).toEqual([b.id]);
    expect(run({ text: 'ｶﾚｰ' })).toEqual([c.id]);
    expect(run({ tag: 'good' })).toEqual([a.id]);
    expect(run({ minScore: 3 })).toEqual([a.id]);
    expect(run({ rated: 'unrated' })).toEqual([b.id]);
    expect(run({ rated: 'unrated', scope: 'mine' })).toEqual([b.id, c.id]);
  });
});

describe('options and saved filters', () => {
  it('offers endpoint/model pairs by count with the newest label, and the sources present', () => {
    const old = makeRecord({
      createdAt: '2025-01-01T00:00:00.000Z',
      endpoint: { id: 'e1', label: 'Old', url: '', model: 'm', protocol: 'openai-chat' },
    });
    const recent = makeRecord({
      createdAt: '2025-02-01T00:00:00.000Z',
      endpoint: { id: 'e1', label: 'New', url: '', model: 'm', protocol: 'openai-chat' },
    });
    const other = makeRecord({ source: 'batch', endpoint: { id: 'e2', label: 'Other', url: '', model: 'x', protocol: 'openai-chat' } });
    expect(facetsOf([old, recent, other])).toEqual({
      endpoints: [
        { key: endpointKey('e1', 'm'), label: 'New', model: 'm', count: 2 },
        { key: endpointKey('e2', 'x'), label: 'Other', model: 'x', count: 1 },
      ],
      sources: ['chat', 'batch'],
    });
  });

  it('reads a saved filter field by field, dropping what does not fit', () => {
    expect(readFilter(null)).toEqual(EMPTY_FILTER);
    expect(readFilter({ status: 'error', minScore: 9, text: 42, from: '2025-01-01' })).toEqual({
      ...EMPTY_FILTER,
      status: 'error',
      from: '2025-01-01',
    });
    expect(isEmptyFilter(readFilter({}))).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, tag: 'good' })).toBe(false);
    expect(readFilter({ group: 'r1' })).toEqual({ ...EMPTY_FILTER, group: 'r1' });
    expect(readFilter({ group: 'x'.repeat(201) }).group).toBe('');
  });

  it('knows default, custom and seen tags, in that order', () => {
    const idx = indexRatings([makeRating('r', 'a', { tags: ['zeta', 'good', 'alpha'] })]);
    expect(knownTags(['good', 'refused'], ['mine'], idx)).toEqual(['good', 'refused', 'mine', 'alpha', 'zeta']);
  });
});
