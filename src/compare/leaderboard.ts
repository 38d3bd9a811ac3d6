// The leaderboard as a promise: `computeLeaderboard(votes, options)` hands the votes (or the word to read the
// stored ones itself, see leaderboard-votes.ts) to one lazily started Web Worker (leaderboard.worker.ts), one
// computation at a time (src/ui/worker-queue.ts), and resolves with its result. A caller that
// no longer wants a result (the filters changed) aborts it: a queued job is dropped, a running one ends
// with its worker, and the next job starts a fresh one.
import { recordsRepo } from '../records/instance';
import { createWorkerQueue, workerConnector, type ConnectWorker } from '../ui/worker-queue';
import { leaderboard, type Leaderboard, type LeaderboardOptions } from './leaderboard-core';
import { readVotes, type VoteSource } from './leaderboard-votes';

export type { Leaderboard, LeaderboardOptions } from './leaderboard-core';

export interface LeaderboardRequest {
  id: number;
  votes: VoteSource;
  options: LeaderboardOptions;
}

export type LeaderboardResponse = { id: number; ok: true; result: Leaderboard } | { id: number; ok: false; message: string };

const connectWorker = workerConnector<LeaderboardRequest, LeaderboardResponse>(
  () => new Worker(new URL('./leaderboard.worker.ts', import.meta.url), { type: 'module' }),
  'the leaderboard worker',
);

/** Where workers are unavailable (old browsers, tests without one): the same computation, on this thread. */
const connectInline: ConnectWorker<LeaderboardRequest, LeaderboardResponse> = (onReply) => {
  let alive = true;
  return {
    post(request) {
      setTimeout(() => {
        readVotes(request.votes, recordsRepo)
          .then((votes) => leaderboard(votes, request.options))
          .then(
            (result) => alive && onReply({ id: request.id, ok: true, result }),
            (e: unknown) => alive && onReply({ id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
          );
      }, 0);
    },
    terminate: () => (alive = false),
  };
};

export interface LeaderboardRunner {
  compute(votes: VoteSource, options?: LeaderboardOptions, signal?: AbortSignal): Promise<Leaderboard>;
  dispose(): void;
}

/** `timeoutMs` catches a worker that died without an error event. */
export function createLeaderboardRunner(
  connect: ConnectWorker<LeaderboardRequest, LeaderboardResponse> = connectWorker,
  timeoutMs = 60_000,
): LeaderboardRunner {
  const queue = createWorkerQueue(connect, 'the leaderboard worker', timeoutMs);
  return {
    async compute(votes, options = {}, signal) {
      const reply = await queue.run((id) => ({ id, votes, options }), signal);
      if (!reply.ok) throw new Error(reply.message);
      return reply.result;
    },
    dispose: () => queue.dispose(),
  };
}

let shared: LeaderboardRunner | null = null;

/** Bradley-Terry ratings of the votes that pass the options' filters, computed off the main thread. */
export function computeLeaderboard(votes: VoteSource, options: LeaderboardOptions = {}, signal?: AbortSignal): Promise<Leaderboard> {
  shared ??= createLeaderboardRunner(typeof Worker === 'function' ? connectWorker : connectInline);
  return shared.compute(votes, options, signal);
}
