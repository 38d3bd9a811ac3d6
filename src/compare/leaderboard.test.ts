import { describe, expect, it } from 'vitest';
import { leaderboard, type LeaderboardVote } from './leaderboard-core';
import type { ConnectWorker } from '../ui/worker-queue';
import { computeLeaderboard, createLeaderboardRunner, type LeaderboardRequest, type LeaderboardResponse } from './leaderboard';

/** Fake workers: each records what it was sent and lets the test answer or crash it. */
function fakeWorkers() {
  const workers: Array<{
    sent: LeaderboardRequest[];
    reply: (r: LeaderboardResponse) => void;
    crash: (reason: string) => void;
    terminated: boolean;
  }> = [];
  const connect: ConnectWorker<LeaderboardRequest, LeaderboardResponse> = (onMessage, onCrash) => {
    const worker = { sent: [] as LeaderboardRequest[], reply: onMessage, crash: onCrash, terminated: false };
    workers.push(worker);
    return { post: (request) => worker.sent.push(request), terminate: () => (worker.terminated = true) };
  };
  /** Answers a request the way leaderboard.worker.ts does. */
  const answer = (w: (typeof workers)[number], i: number) => {
    const { id, votes, options } = w.sent[i]!;
    w.reply({ id, ok: true, result: leaderboard('stored' in votes ? [] : votes, options) });
  };
  return { workers, connect, answer };
}

const votes: LeaderboardVote[] = [
  { annotator: 'a', createdAt: '2025-01-01T00:00:00Z', endpointIds: ['x', 'y'], choice: 'a' },
  { annotator: 'a', createdAt: '2025-01-01T00:00:00Z', endpointIds: ['y', 'x'], choice: 'b' },
];

describe('createLeaderboardRunner', () => {
  it('starts no worker until asked, then computes one leaderboard at a time', async () => {
    const { workers, connect, answer } = fakeWorkers();
    const runner = createLeaderboardRunner(connect);
    expect(workers).toHaveLength(0);
    const first = runner.compute(votes, { rounds: 0, subject: 'endpoint' });
    const second = runner.compute(votes, { rounds: 0, subject: 'endpoint', blindOnly: true });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.sent).toHaveLength(1);
    answer(workers[0]!, 0);
    expect((await first).models.map((m) => m.model)).toEqual(['x', 'y']);
    expect(workers[0]!.sent).toHaveLength(2);
    answer(workers[0]!, 1);
    expect((await second).filter).toMatchObject({ kept: 0, notBlind: 2 });
  });

  it('drops an aborted job: a queued one is never sent, a running one ends with its worker', async () => {
    const { workers, connect, answer } = fakeWorkers();
    const runner = createLeaderboardRunner(connect);
    const running = new AbortController();
    const queued = new AbortController();
    const a = runner.compute(votes, { rounds: 0 }, running.signal);
    const b = runner.compute(votes, { rounds: 0 }, queued.signal);
    const c = runner.compute(votes, { rounds: 0, subject: 'endpoint' });
    queued.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    running.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
    // The next job went to a fresh worker; the aborted queued one was never sent anywhere.
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.map((r) => r.options.subject)).toEqual(['endpoint']);
    answer(workers[1]!, 0);
    await expect(c).resolves.toMatchObject({ subject: 'endpoint' });
  });

  it('fails the job in hand when the worker dies or reports an error, and carries on', async () => {
    const { workers, connect, answer } = fakeWorkers();
    const runner = createLeaderboardRunner(connect);
    const a = runner.compute(votes, { rounds: 0 });
    const b = runner.compute(votes, { rounds: 0 });
    workers[0]!.crash('out of memory');
    await expect(a).rejects.toThrow('out of memory');
    workers[1]!.reply({ id: workers[1]!.sent[0]!.id, ok: false, message: 'bad input' });
    await expect(b).rejects.toThrow('bad input');
    const c = runner.compute(votes, { rounds: 0 });
    answer(workers[1]!, 1);
    await expect(c).resolves.toMatchObject({ filter: { kept: 2 } });
  });

  it('rejects at once when already aborted, and everything pending on dispose', async () => {
    const { connect } = fakeWorkers();
    const runner = createLeaderboardRunner(connect);
    await expect(runner.compute(votes, {}, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    const a = runner.compute(votes);
    const b = runner.compute(votes);
    runner.dispose();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('computeLeaderboard', () => {
  it('computes on this thread where there is no Worker (as in Node)', async () => {
    expect(typeof Worker).toBe('undefined');
    const board = await computeLeaderboard(votes, { rounds: 10, subject: 'endpoint' });
    expect(board.models.map((m) => m.model)).toEqual(['x', 'y']);
    expect(board.rounds).toBe(10);
  });
});
