// The leaderboard's fit and 1,000 bootstrap rounds take a noticeable fraction of a second on a phone: they
// run here so the main thread keeps answering.
import { leaderboard } from './leaderboard-core';
import type { LeaderboardRequest, LeaderboardResponse } from './leaderboard';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<LeaderboardRequest>) => void): void;
  postMessage(message: LeaderboardResponse): void;
}
const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  const { id, votes, options } = event.data;
  try {
    scope.postMessage({ id, ok: true, result: leaderboard(votes, options) });
  } catch (e) {
    scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
