import { describe, expect, it } from 'vitest';
import { votePairKey, type AnswerRecord } from '../records';
import { makeRecord, makeVote } from '../../test-support/records';
import { buildPairQueue, pairingKey, resumeIndex, type QueuePair } from './pairs';

const IMG = { sha256: 'a'.repeat(64), mime: 'image/jpeg', width: 1, height: 1, bytes: 1 };
const endpoint = (id: string) => ({ id, label: id, url: '/demo/v1', model: id, protocol: 'openai-chat' as const });
const answer = (id: string, endpointId: string, over: Partial<AnswerRecord> = {}) =>
  makeRecord({ id, endpoint: endpoint(endpointId), messages: [{ role: 'user', text: 'What is this?', images: [IMG] }], ...over });

describe('pairingKey', () => {
  it('groups the sides of a comparison turn, and single-turn answers by question and images', () => {
    expect(pairingKey(answer('r', 'x', { source: 'compare', groupId: 'g1' }))).toBe('compare:g1');
    expect(pairingKey(answer('r1', 'x'))).toBe(pairingKey(answer('r2', 'y')));
    expect(pairingKey(answer('r1', 'x'))).not.toBe(
      pairingKey(answer('r2', 'y', { messages: [{ role: 'user', text: 'Other?', images: [IMG] }] })),
    );
  });

  it('leaves out unfinished and empty answers and follow-ups outside comparisons', () => {
    expect(pairingKey(answer('r', 'x', { status: 'error' }))).toBeNull();
    expect(pairingKey(answer('r', 'x', { output: ' ' }))).toBeNull();
    const followUp = answer('r', 'x', {
      messages: [
        { role: 'user', text: 'a', images: [] },
        { role: 'assistant', text: 'b', images: [] },
        { role: 'user', text: 'c', images: [] },
      ],
    });
    expect(pairingKey(followUp)).toBeNull();
  });

  it('uses the source images a batch run names, whatever each endpoint was sent', () => {
    const batch = (id: string, e: string, sha: string) =>
      answer(id, e, {
        messages: [{ role: 'user', text: 'q', images: [{ ...IMG, sha256: sha }] }],
        batch: {
          runId: 'run',
          setId: 'set',
          setName: 's',
          itemId: '1',
          itemIndex: 0,
          category: null,
          reference: null,
          context: null,
          repeat: 0,
          sourceImages: ['c'.repeat(64)],
        },
      });
    expect(pairingKey(batch('r1', 'x', 'd'.repeat(64)))).toBe(pairingKey(batch('r2', 'y', 'e'.repeat(64))));
  });
});

describe('buildPairQueue', () => {
  const records = [
    answer('c1', 'x', { source: 'compare', groupId: 'g1' }),
    answer('c2', 'y', { source: 'compare', groupId: 'g1' }),
    answer('c3', 'z', { source: 'compare', groupId: 'g1' }),
    answer('q1', 'x', { createdAt: '2025-03-01T10:00:00.000Z' }),
    answer('q1-newer', 'x', { createdAt: '2025-03-02T10:00:00.000Z' }),
    answer('q2', 'y'),
    answer('lonely', 'x', { messages: [{ role: 'user', text: 'Nobody else asked', images: [] }] }),
  ];

  it('pairs every two endpoints of a group, with each endpoint’s newest answer, never an endpoint with itself', () => {
    const queue = buildPairQueue(records, [], 'alice');
    const sets = queue.map((p) => [...p.recordIds].sort().join('+')).sort();
    expect(sets).toEqual(['c1+c2', 'c1+c3', 'c2+c3', 'q1-newer+q2']);
    expect(queue.find((p) => p.recordIds.includes('c1'))?.groupId).toBe('g1');
    expect(queue.find((p) => p.recordIds.includes('q2'))?.groupId).toMatch(/^pair-[0-9a-f]{8}$/);
  });

  it('is the same queue, sides included, for the same annotator whatever the records’ order; another annotator gets another order', () => {
    const a = buildPairQueue(records, [], 'alice');
    expect(buildPairQueue([...records].reverse(), [], 'alice')).toEqual(a);
    const orders = ['bob', 'carol', 'dave', 'erin'].map((n) =>
      buildPairQueue(records, [], n)
        .map((p) => p.recordIds.join())
        .join('|'),
    );
    expect(new Set([a.map((p) => p.recordIds.join()).join('|'), ...orders]).size).toBeGreaterThan(1);
  });

  it('puts the pairs this annotator voted on first, in the order voted, with the sides voted; the others keep their order', () => {
    const before = buildPairQueue(records, [], 'alice');
    const later = makeVote(['c3', 'c1'], { annotator: 'alice', groupId: 'g1', createdAt: '2025-03-05T00:00:00.000Z' });
    const earlier = makeVote(['q2', 'q1-newer'], { annotator: 'alice', groupId: 'pair-x', createdAt: '2025-03-04T00:00:00.000Z' });
    const others = makeVote(['c2', 'c1'], { annotator: 'bob' });
    const queue = buildPairQueue(records, [later, others, earlier], 'alice');
    expect(queue.slice(0, 2).map((p) => p.recordIds)).toEqual([
      ['q2', 'q1-newer'],
      ['c3', 'c1'],
    ]);
    expect(queue[0]!.groupId).toBe('pair-x');
    const rest = (q: QueuePair[]) => q.map((p) => p.key).filter((k) => k !== votePairKey(later) && k !== votePairKey(earlier));
    expect(rest(queue.slice(2))).toEqual(rest(before));
    expect(queue.slice(2)).toEqual(before.filter((p) => rest(queue.slice(2)).includes(p.key)));
  });
});

describe('resumeIndex', () => {
  const pairs = buildPairQueue(
    [
      answer('x1', 'x', { source: 'compare', groupId: 'g' }),
      answer('y1', 'y', { source: 'compare', groupId: 'g' }),
      answer('z1', 'z', { source: 'compare', groupId: 'g' }),
    ],
    [],
    'alice',
  );
  const keys = pairs.map((p) => p.key);

  it('comes back to the stored pair, voted on or not', () => {
    expect(resumeIndex(pairs, () => true, keys[1]!)).toBe(1);
    expect(resumeIndex(pairs, () => false, keys[2]!)).toBe(2);
  });

  it('without a stored pair (or one that is gone), opens on the first pair not voted on, or past the end', () => {
    expect(resumeIndex(pairs, (k) => k === keys[0], null)).toBe(1);
    expect(resumeIndex(pairs, (k) => k === keys[0], '')).toBe(1);
    expect(resumeIndex(pairs, () => false, 'gone')).toBe(0);
    expect(resumeIndex(pairs, () => true, '')).toBe(3);
  });
});
