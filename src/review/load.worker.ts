// Reading ten thousand records means deserialising them and validating every one through the records
// schema (about a second of work on a laptop): done here, off the main thread, so Review stays responsive
// (the first screenful is already shown, see review-data.ts) while the rest loads.
import { openRecords, type RecordsRepo } from '../records';
import type { LoadRequest, LoadResponse } from './load-protocol';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<LoadRequest>) => void): void;
  postMessage(message: LoadResponse): void;
}
const scope = self as unknown as WorkerScope;

let repo: Promise<RecordsRepo> | null = null;

scope.addEventListener('message', (event) => {
  const { id, metaKeys } = event.data;
  void (async () => {
    try {
      repo ??= openRecords();
      const r = await repo;
      const [records, ratings, ...meta] = await Promise.all([r.listRecords(), r.listRatings(), ...metaKeys.map((k) => r.getMeta(k))]);
      scope.postMessage({ id, ok: true, records: records.items.reverse(), ratings: ratings.items, meta });
    } catch (e) {
      repo = null;
      scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
