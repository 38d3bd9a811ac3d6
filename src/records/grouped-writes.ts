// Records that end close together are stored together. A batch run finishes a hundred answers a second or
// more, and one IndexedDB transaction per record cost more of the page's and the browser's time than the rest
// of handling the answer. Each record's promise settles once the transaction that holds it has committed (or
// failed), so a caller that counts an answer as kept only then (a batch run's exactly-once) still can: a
// record that was not stored when the page went away has its answer asked again.
import type { RecordsRepo } from './repository';
import type { AnswerRecord } from './schema';

interface Waiting {
  record: AnswerRecord;
  resolve: (stored: AnswerRecord) => void;
  reject: (reason: unknown) => void;
}

/**
 * putRecord for callers that write many records: those given within `windowMs` of the first go in one
 * transaction. `flush` writes what waits at once, for `pagehide`: in Chromium a write begun there was kept
 * through the tab's closing 26 times in 30, one still waiting for its timer never. A run whose tab was closed
 * as soon as an answer had arrived asked that question again 3 times in 16 so, 8 in 8 without.
 */
export function groupedRecordWrites(
  repo: () => Promise<RecordsRepo>,
  windowMs: number,
): Pick<RecordsRepo, 'putRecord'> & { flush: () => void } {
  let waiting: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    clearTimeout(timer);
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    try {
      const results = await (await repo()).putRecords(group.map((w) => w.record));
      group.forEach((w, i) => {
        const result = results[i];
        if (result && !(result instanceof Error)) w.resolve(result);
        else w.reject(result);
      });
    } catch (e) {
      for (const w of group) w.reject(e);
    }
  };
  return {
    putRecord: (record) =>
      new Promise((resolve, reject) => {
        if (waiting.length === 0) timer = setTimeout(() => void flush(), windowMs);
        waiting.push({ record, resolve, reject });
      }),
    flush: () => void flush(),
  };
}
