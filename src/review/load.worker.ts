// Reading ten thousand records means deserialising them and validating every one through the records
// schema (about a second of work on a laptop): done here, off the main thread, so Review stays responsive
// (the first screenful is already shown, see review-data.ts) while the rest loads. What the page already
// holds is not sent again (review-sync.ts).
import { openRecords, type RecordsRepo } from '../records';
import type { LoadRequest, LoadResponse } from './load-protocol';
import { ReviewSync } from './review-sync';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<LoadRequest>) => void): void;
  postMessage(message: LoadResponse): void;
}
const scope = self as unknown as WorkerScope;

let repo: Promise<RecordsRepo> | null = null;
const sync = new ReviewSync();

scope.addEventListener('message', (event) => {
  const { id, metaKeys, fresh } = event.data;
  void (async () => {
    try {
      repo ??= openRecords();
      for await (const message of sync.read(await repo, metaKeys, fresh)) scope.postMessage({ id, ...message });
    } catch (e) {
      repo = null;
      scope.postMessage({ id, type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
