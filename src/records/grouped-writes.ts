// Records that end close together are stored together. A batch run finishes a hundred answers a second or
// more, and one IndexedDB transaction per record cost more of the page's and the browser's time than the rest
// of handling the answer. Each record's promise settles once the transaction that holds it has committed (or
// failed), so a caller that counts an answer as kept only then (a batch run's exactly-once) still can: a
// record waiting for its group when the page goes away was never stored, and its answer is asked again.
import type { RecordsRepo } from './repository';
import type { AnswerRecord } from './schema';

interface Waiting {
  record: AnswerRecord;
  resolve: (stored: AnswerRecord) => void;
  reject: (reason: unknown) => void;
}

/** putRecord for callers that write many records: those given within `windowMs` of the first go in one transaction. */
export function groupedRecordWrites(repo: () => Promise<RecordsRepo>, windowMs: number): Pick<RecordsRepo, 'putRecord'> {
  let waiting: Waiting[] = [];
  const flush = async () => {
    const group = waiting;
    waiting = [];
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
        if (waiting.length === 0) setTimeout(() => void flush(), windowMs);
        waiting.push({ record, resolve, reject });
      }),
  };
}
