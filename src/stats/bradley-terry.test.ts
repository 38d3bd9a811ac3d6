import { describe, expect, it } from 'vitest';
import { bradleyTerry, type PairVote } from './bradley-terry';

function vote(a: string, b: string, choice: PairVote['choice']): PairVote {
  return { endpointIds: [a, b], choice };
}

describe('bradleyTerry', () => {
  it('ranks a model that wins 3 of 4 first, with intervals', () => {
    const votes = [vote('x', 'y', 'a'), vote('x', 'y', 'a'), vote('y', 'x', 'b'), vote('x', 'y', 'b')];
    const board = bradleyTerry(votes);
    expect(board.map((e) => e.endpointId)).toEqual(['x', 'y']);
    expect(board[0]).toMatchObject({ rank: 1, wins: 3, losses: 1, ties: 0, games: 4 });
    expect(board[0]!.score).toBeGreaterThan(1000);
    expect(board[0]!.score + board[1]!.score).toBeCloseTo(2000, 6);
    // With one virtual tie as prior the odds are 3.5 : 1.5.
    expect(board[0]!.strength / board[1]!.strength).toBeCloseTo(3.5 / 1.5, 6);
    expect(board[0]!.ci95!.low).toBeLessThanOrEqual(board[0]!.score);
    expect(board[0]!.ci95!.high).toBeGreaterThanOrEqual(board[0]!.score);
  });

  it('matches the maximum-likelihood odds without a prior', () => {
    const votes = [vote('x', 'y', 'a'), vote('x', 'y', 'a'), vote('x', 'y', 'a'), vote('x', 'y', 'b')];
    const board = bradleyTerry(votes, { prior: 0, bootstrap: 0 });
    expect(board[0]!.strength / board[1]!.strength).toBeCloseTo(3, 6);
    expect(board[0]!.ci95).toBeNull();
  });

  it('is deterministic for a seed, and independent of vote order', () => {
    const votes = Array.from({ length: 40 }, (_, i) =>
      vote(['x', 'y', 'z'][i % 3]!, ['y', 'z', 'x'][i % 3]!, i % 4 === 0 ? 'b' : i % 5 === 0 ? 'tie' : 'a'),
    );
    expect(bradleyTerry(votes, { seed: 7 })).toEqual(bradleyTerry(votes, { seed: 7 }));
    const reversed = bradleyTerry([...votes].reverse(), { bootstrap: 0 });
    const forward = bradleyTerry(votes, { bootstrap: 0 });
    forward.forEach((e, i) => expect(e.score).toBeCloseTo(reversed[i]!.score, 9));
  });

  it('counts both-bad as a tie unless told to ignore it', () => {
    const votes = [vote('x', 'y', 'a'), vote('x', 'y', 'both-bad')];
    expect(bradleyTerry(votes).find((e) => e.endpointId === 'x')).toMatchObject({ wins: 1, ties: 1 });
    expect(bradleyTerry(votes, { bothBad: 'ignore' }).find((e) => e.endpointId === 'x')).toMatchObject({ wins: 1, ties: 0 });
    expect(bradleyTerry([])).toEqual([]);
  });
});
