// The leaderboard as a promise: `computeLeaderboard(votes, options)` hands the votes (or the word to read the
// stored ones itself, see leaderboard-votes.ts) to one lazily started Web Worker (leaderboard.worker.ts), one
// computation at a time, and resolves with its result. A caller that
// no longer wants a result (the filters changed) aborts it: a queued job is dropped, a running one ends
// with its worker, and the next job starts a fresh one.
import { recordsRepo } from '../records/instance';
import { leaderboard, type Leaderboard, type LeaderboardOptions } from './leaderboard-core';
import { readVotes, type VoteSource } from './leaderboard-votes';

export type { Leaderboard, LeaderboardOptions } from './leaderboard-core';

export interface LeaderboardRequest {
  id: number;
  votes: VoteSource;
  options: LeaderboardOptions;
}

export type LeaderboardResponse = { id: number; ok: true; result: Leaderboard } | { id: number; ok: false; message: string };

export interface LeaderboardPort {
  post(request: LeaderboardRequest): void;
  terminate(): void;
}

/** Starts a worker and reports its answers, or that it died. */
export type ConnectLeaderboardWorker = (
  onMessage: (response: LeaderboardResponse) => void,
  onCrash: (reason: string) => void,
) => LeaderboardPort;

const connectWorker: ConnectLeaderboardWorker = (onMessage, onCrash) => {
  const worker = new Worker(new URL('./leaderboard.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<LeaderboardResponse>) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onCrash(event.message || 'leaderboard worker failed');
  };
  worker.onmessageerror = () => onCrash('leaderboard worker sent an unreadable message');
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
};

/** Where workers are unavailable (old browsers, tests without one): the same computation, on this thread. */
const connectInline: ConnectLeaderboardWorker = (onMessage) => {
  let alive = true;
  return {
    post(request) {
      setTimeout(() => {
        readVotes(request.votes, recordsRepo)
          .then((votes) => leaderboard(votes, request.options))
          .then(
            (result) => alive && onMessage({ id: request.id, ok: true, result }),
            (e: unknown) => alive && onMessage({ id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
          );
      }, 0);
    },
    terminate: () => (alive = false),
  };
};

interface Job {
  request: LeaderboardRequest;
  resolve: (result: Leaderboard) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface LeaderboardRunner {
  compute(votes: VoteSource, options?: LeaderboardOptions, signal?: AbortSignal): Promise<Leaderboard>;
  dispose(): void;
}

const abortError = () => new DOMException('The leaderboard computation was aborted.', 'AbortError');

/** `timeoutMs` catches a worker that died without an error event. */
export function createLeaderboardRunner(connect: ConnectLeaderboardWorker = connectWorker, timeoutMs = 60_000): LeaderboardRunner {
  let port: LeaderboardPort | null = null;
  let current: Job | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue: Job[] = [];
  let nextId = 1;

  const settle = (job: Job) => {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  };

  const finish = (id: number): Job | null => {
    if (!current || current.request.id !== id) return null; // a late answer for a job given up on
    const job = current;
    current = null;
    clearTimeout(timer);
    settle(job);
    return job;
  };

  const onMessage = (response: LeaderboardResponse) => {
    const job = finish(response.id);
    if (!job) return;
    if (response.ok) job.resolve(response.result);
    else job.reject(new Error(response.message));
    pump();
  };

  const stopWorker = () => {
    port?.terminate();
    port = null;
  };

  const crash = (reason: string) => {
    stopWorker();
    const job = current && finish(current.request.id);
    job?.reject(new Error(reason));
    pump();
  };

  const pump = () => {
    if (current) return;
    const job = queue.shift();
    if (!job) return;
    current = job;
    port ??= connect(onMessage, crash);
    timer = setTimeout(() => crash('the leaderboard worker did not answer in time'), timeoutMs);
    port.post(job.request);
  };

  return {
    compute(votes, options = {}, signal) {
      return new Promise<Leaderboard>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError());
        const job: Job = { request: { id: nextId++, votes, options }, resolve, reject, signal };
        job.onAbort = () => {
          if (current === job) {
            finish(job.request.id);
            stopWorker(); // the fit cannot be interrupted: its worker goes
          } else {
            const at = queue.indexOf(job);
            if (at >= 0) queue.splice(at, 1);
            settle(job);
          }
          reject(abortError());
          pump();
        };
        signal?.addEventListener('abort', job.onAbort, { once: true });
        queue.push(job);
        pump();
      });
    },
    dispose() {
      clearTimeout(timer);
      stopWorker();
      const dropped = current ? [current, ...queue] : [...queue];
      current = null;
      queue.length = 0;
      for (const job of dropped) {
        settle(job);
        job.reject(abortError());
      }
    },
  };
}

let shared: LeaderboardRunner | null = null;

/** Bradley-Terry ratings of the votes that pass the options' filters, computed off the main thread. */
export function computeLeaderboard(votes: VoteSource, options: LeaderboardOptions = {}, signal?: AbortSignal): Promise<Leaderboard> {
  shared ??= createLeaderboardRunner(typeof Worker === 'function' ? connectWorker : connectInline);
  return shared.compute(votes, options, signal);
}
