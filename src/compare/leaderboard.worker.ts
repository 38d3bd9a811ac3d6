// The leaderboard's fit and 1,000 bootstrap rounds take a noticeable fraction of a second on a phone, and
// reading and checking 20,000 stored votes about as long: both run here so the main thread keeps answering.
import { openRecords, type RecordsRepo } from '../records';
import { leaderboard } from './leaderboard-core';
import { readVotes } from './leaderboard-votes';
import type { LeaderboardRequest, LeaderboardResponse } from './leaderboard';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<LeaderboardRequest>) => void): void;
  postMessage(message: LeaderboardResponse): void;
}
const scope = self as unknown as WorkerScope;

let repo: Promise<RecordsRepo> | null = null;

scope.addEventListener('message', (event) => {
  const { id, votes, options } = event.data;
  void (async () => {
    try {
      const list = await readVotes(votes, () => (repo ??= openRecords()));
      scope.postMessage({ id, ok: true, result: leaderboard(list, options) });
    } catch (e) {
      repo = null;
      scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
