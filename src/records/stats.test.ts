import { describe, expect, it } from 'vitest';
import { indexRatings } from './filter';
import { computeStats } from './stats';
import { makeRating, makeRecord } from '../../test-support/records';

describe('computeStats', () => {
  it('summarizes each endpoint/model group', () => {
    const a1 = makeRecord({ timings: { ttftMs: 100, totalMs: 1000, outputTokens: 10, tokensPerSecond: 10 } });
    const a2 = makeRecord({ timings: { ttftMs: 300, totalMs: 1000, outputTokens: 10, tokensPerSecond: 30 } });
    const a3 = makeRecord({
      status: 'error',
      error: { code: 'server', message: 'x' },
      timings: { ttftMs: null, totalMs: 50, outputTokens: null, tokensPerSecond: null },
    });
    const a4 = makeRecord({
      status: 'pending',
      endedAt: null,
      timings: { ttftMs: 50, totalMs: null, outputTokens: null, tokensPerSecond: null },
    });
    const b1 = makeRecord({ endpoint: { id: 'demo', label: 'Demo', url: '/demo', model: 'demo', protocol: 'openai-chat' } });
    const ratings = [
      makeRating(a1.id, 'alice', { score: 5, tags: ['good'], thumb: 'up' }),
      makeRating(a1.id, 'bob', { score: 3, tags: ['good', 'hallucination'] }),
      makeRating(a2.id, 'alice', { score: 2, tags: ['hallucination'], thumb: 'down' }),
      makeRating(a3.id, 'alice', { score: null, tags: ['refused'] }),
    ];
    const stats = computeStats([a1, a2, a3, a4, b1], indexRatings(ratings));
    const a = stats.find((s) => s.endpointId === 'tanuki-8b');
    expect(a).toMatchObject({
      records: 4,
      rated: 3,
      scored: 2,
      scoreDistribution: { 1: 0, 2: 1, 3: 1, 4: 0, 5: 1 },
      thumbs: { up: 1, down: 1 },
      medianTtftMs: 200,
      medianTokensPerSecond: 20,
      errors: 1,
      finished: 3,
    });
    // Per-record means 4 and 2.
    expect(a?.meanScore).toBe(3);
    expect(a?.ci95?.low).toBeCloseTo(3 - 12.7062, 3);
    expect(a?.errorRate).toBeCloseTo(1 / 3);
    expect(a?.tags).toEqual([
      { tag: 'good', count: 2 },
      { tag: 'hallucination', count: 2 },
      { tag: 'refused', count: 1 },
    ]);
    const b = stats.find((s) => s.endpointId === 'demo');
    expect(b).toMatchObject({ records: 1, rated: 0, meanScore: null, ci95: null, errorRate: 0 });

    const alice = computeStats([a1], indexRatings(ratings), { annotator: 'alice' })[0];
    expect(alice).toMatchObject({ meanScore: 5, ci95: null, scored: 1 });
  });

  it("leaves an LLM judge's scores out of the people's figures", () => {
    const r = makeRecord();
    const ratings = [makeRating(r.id, 'alice', { score: 2 }), makeRating(r.id, 'judge:demo-judge', { score: 5 })];
    expect(computeStats([r], indexRatings(ratings))[0]).toMatchObject({ rated: 1, meanScore: 2 });
    expect(computeStats([r], indexRatings(ratings), { annotator: 'judge:demo-judge' })[0]).toMatchObject({ meanScore: 5 });
  });
});
