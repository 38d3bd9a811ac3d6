import { describe, expect, it } from 'vitest';
import { makeVote } from '../../test-support/records';
import { readVotes } from './leaderboard-votes';

describe('readVotes', () => {
  it('takes given votes as they are; reads the stored ones when fresh, and reuses that read when cached', async () => {
    let reads = 0;
    let stored = [makeVote(['r1', 'r2'])];
    const open = async () => ({
      listVotes: async () => {
        reads += 1;
        return { items: stored, invalid: 0 };
      },
    });
    const given = [makeVote(['r3', 'r4'])];
    expect(await readVotes(given, open)).toBe(given);
    expect(reads).toBe(0);
    expect(await readVotes({ stored: 'fresh' }, open)).toEqual(stored);
    const first = stored;
    stored = [...first, makeVote(['r5', 'r6'])];
    expect(await readVotes({ stored: 'cached' }, open)).toEqual(first);
    expect(reads).toBe(1);
    expect(await readVotes({ stored: 'fresh' }, open)).toHaveLength(2);
    expect(reads).toBe(2);
  });
});
