// Reading ten thousand records and every vote, validating them and pairing the answers: done here, off the
// main thread, so the pairwise queue opens without freezing the page.
import { openRecords, type RecordsRepo } from '../records';
import { readPairQueue, type PairRequest, type PairResponse } from './pair-data';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<PairRequest>) => void): void;
  postMessage(message: PairResponse): void;
}
const scope = self as unknown as WorkerScope;

let repo: Promise<RecordsRepo> | null = null;

scope.addEventListener('message', (event) => {
  const { id, annotator } = event.data;
  void (async () => {
    try {
      repo ??= openRecords();
      scope.postMessage({ id, ok: true, data: await readPairQueue(await repo, annotator) });
    } catch (e) {
      repo = null;
      scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
