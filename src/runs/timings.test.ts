import { describe, expect, it } from 'vitest';
import { answerTimings } from './timings';

describe('answerTimings', () => {
  it('rates the streaming part by the server count, else by deltas; one delta has no rate', () => {
    expect(answerTimings({ started: 0, firstTokenAt: 500, ended: 2500, deltas: 40, completionTokens: 50 })).toEqual({
      ttftMs: 500,
      totalMs: 2500,
      outputTokens: 50,
      tokensPerSecond: 25,
    });
    expect(answerTimings({ started: 0, firstTokenAt: 500, ended: 2500, deltas: 40 }).tokensPerSecond).toBe(20);
    expect(answerTimings({ started: 0, firstTokenAt: 500, ended: 2500, deltas: 1 }).tokensPerSecond).toBeNull();
    // A whole answer written at once: the deltas arrive within a few milliseconds of each other.
    expect(answerTimings({ started: 0, firstTokenAt: 500, ended: 504, deltas: 400 }).tokensPerSecond).toBeNull();
    expect(answerTimings({ started: 0, firstTokenAt: 500, ended: 600, deltas: 40 }).tokensPerSecond).toBe(400);
    expect(answerTimings({ started: 0, firstTokenAt: null, ended: 100, deltas: 0 })).toEqual({
      ttftMs: null,
      totalMs: 100,
      outputTokens: null,
      tokensPerSecond: null,
    });
  });
});
