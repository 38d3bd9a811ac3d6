import { describe, expect, it } from 'vitest';
import { makeVote } from '../../test-support/records';
import { filterVotes, leaderboard, subjectKey, type LeaderboardVote } from './leaderboard-core';

function vote(over: Partial<LeaderboardVote> & Pick<LeaderboardVote, 'choice'>): LeaderboardVote {
  return {
    annotator: 'alice',
    createdAt: '2025-03-01T10:00:00.000Z',
    endpointIds: ['tanuki-8b', 'tanuki-8x8b'],
    models: ['Tanuki-8B-vision', 'Tanuki-8x8B-vision-exp'],
    blind: true,
    flagged: false,
    ...over,
  };
}

describe('filterVotes', () => {
  const votes: LeaderboardVote[] = [
    vote({ choice: 'a' }),
    vote({ choice: 'b', annotator: 'bob' }),
    vote({ choice: 'tie', createdAt: '2025-02-01T00:00:00.000Z' }),
    vote({ choice: 'a', blind: false }),
    // Stored before blind voting and flags existed.
    { annotator: 'alice', createdAt: '2025-03-02T00:00:00.000Z', endpointIds: ['tanuki-8b', 'tanuki-8x8b'], choice: 'b' },
    vote({ choice: 'a', flagged: true }),
    vote({ choice: 'a', endpointIds: ['x', 'y', 'z'], models: ['x', 'y', 'z'] }),
  ];

  it('keeps everything pairwise without filters', () => {
    const { kept, counts } = filterVotes(votes, {});
    expect(kept).toHaveLength(6);
    expect(counts).toEqual({ total: 7, kept: 6, notPairwise: 1, annotator: 0, date: 0, notBlind: 0, flagged: 0 });
  });

  it('filters by annotator, date, blind and flag, before anything is fitted', () => {
    const { kept, counts } = filterVotes(votes, {
      annotators: ['alice'],
      from: Date.parse('2025-03-01T00:00:00Z'),
      to: Date.parse('2025-04-01T00:00:00Z'),
      blindOnly: true,
      unflaggedOnly: true,
    });
    expect(kept.map((v) => v.choice)).toEqual(['a']);
    expect(counts).toEqual({ total: 7, kept: 1, notPairwise: 1, annotator: 1, date: 1, notBlind: 2, flagged: 1 });
  });

  it('treats an unreadable date as outside any date range', () => {
    const { kept } = filterVotes([vote({ choice: 'a', createdAt: 'yesterday' })], { from: 0 });
    expect(kept).toHaveLength(0);
  });
});

describe('leaderboard', () => {
  it('ranks endpoint and model together by default, and says what each key stands for', () => {
    const votes = [...Array.from({ length: 8 }, () => vote({ choice: 'b' })), vote({ choice: 'a' }), vote({ choice: 'tie' })];
    const board = leaderboard(votes, { rounds: 50 });
    const top = board.models[0]!;
    expect(board.subjects[top.model]).toEqual({ endpointId: 'tanuki-8x8b', model: 'Tanuki-8x8B-vision-exp' });
    expect(top).toMatchObject({ wins: 8, losses: 1, ties: 1, votes: 10 });
    expect(board.positionBias).toMatchObject({ leftWins: 1, rightWins: 8, n: 9 });
    expect(board.filter.kept).toBe(10);
    expect(board.subject).toBe('endpoint-model');
  });

  it('separates two models behind one endpoint, or merges them when ranking endpoints', () => {
    const votes = [
      vote({ choice: 'b', endpointIds: ['e1', 'e2'], models: ['m-old', 'm'] }),
      vote({ choice: 'b', endpointIds: ['e1', 'e2'], models: ['m-new', 'm'] }),
    ];
    expect(leaderboard(votes, { rounds: 0 }).models).toHaveLength(3);
    expect(leaderboard(votes, { rounds: 0, subject: 'endpoint' }).models.map((m) => m.model)).toEqual(['e2', 'e1']);
    expect(
      leaderboard(votes, { rounds: 0, subject: 'model' })
        .models.map((m) => m.model)
        .sort(),
    ).toEqual(['m', 'm-new', 'm-old']);
  });

  it('ranks a side of unknown model under its endpoint, never under a model of the same name', () => {
    expect(subjectKey('demo', null, 'model')).toBe('["endpoint","demo"]');
    expect(subjectKey('demo', 'demo', 'model')).toBe('demo');
    expect(subjectKey('demo', undefined, 'endpoint-model')).toBe('["demo",null]');
  });

  it('passes the fit options through: anchor, rounds, seed', () => {
    const votes = Array.from({ length: 12 }, (_, i) => vote({ choice: i % 3 === 0 ? 'a' : 'b' }));
    const anchor = subjectKey('tanuki-8b', 'Tanuki-8B-vision', 'endpoint-model');
    const board = leaderboard(votes, { anchor, rounds: 20, seed: 5 });
    expect(board.anchor).toBe(anchor);
    expect(board.models.find((m) => m.model === anchor)!.rating).toBe(1000);
    expect(board.rounds).toBe(20);
    expect(leaderboard(votes, { anchor, rounds: 20, seed: 5 })).toEqual(board);
  });

  it('takes the stored votes as they are (records Vote, version 2)', () => {
    const stored = [makeVote(['r1', 'r2'], { choice: 'b' }), makeVote(['r3', 'r4'], { choice: 'b', flagged: true })];
    const board = leaderboard(stored, { rounds: 0, unflaggedOnly: true });
    expect(board.filter).toMatchObject({ kept: 1, flagged: 1 });
    expect(board.models[0]!.model).toBe(subjectKey('endpoint-2', 'model-2', 'endpoint-model'));
  });
});

describe('subjects named like what every object inherits', () => {
  it('lists endpoints called constructor and toString as themselves', () => {
    const board = leaderboard([vote({ choice: 'a', endpointIds: ['constructor', 'toString'] })], { subject: 'endpoint' });
    expect(board.subjects).toEqual({
      constructor: { endpointId: 'constructor', model: null },
      toString: { endpointId: 'toString', model: null },
    });
  });
});
