// Where an answer run stands, rebuilt from storage when it (re)starts. The stored unit outcomes are an index
// written in small batches; the records are the truth. A unit with no outcome is looked up by its record id:
// a finished ok record means done (the tab went away before the outcome was written) and is never asked again;
// a record that ended in an error of the unit's own means failed; anything else (no record, pending,
// incomplete after a reload, aborted) was never answered, and is asked (again). A unit marked `retry` is asked
// again whatever its record says: the person asked for it.
import type { AnswerRecord, RecordsRepo } from '../records';
import { answerRecordId, answerRecordPrefix, unitPosition } from './answer-unit';
import { classify, Lane } from './lanes';
import type { AnswerRun, UnitOutcome } from './model';

export interface Rebuilt {
  lanes: Lane[];
  /** Outcomes found from records that were not in the index yet (to be written). */
  found: UnitOutcome[];
}

function outcomeFromRecord(runId: string, unit: number, record: AnswerRecord | undefined): UnitOutcome | null {
  if (!record || record.batch?.runId !== runId || record.endedAt === null) return null;
  const at = record.endedAt;
  if (record.status === 'ok') return { runId, unit, state: 'done', code: null, at };
  if (record.status === 'error' && record.error && classify({ code: record.error.code }) === 'unit') {
    return { runId, unit, state: 'failed', code: record.error.code, at };
  }
  return null;
}

export async function rebuildAnswerLanes(
  run: AnswerRun,
  outcomes: readonly UnitOutcome[],
  repo: Pick<RecordsRepo, 'recordsWithIdPrefix'>,
): Promise<Rebuilt> {
  const known = new Map(outcomes.map((o) => [o.unit, o]));
  const unknown: number[] = [];
  for (let u = 0; u < run.unitCount; u++) if (!known.has(u)) unknown.push(u);

  // One read of all the run's records (their ids share the run's prefix), not a lookup per unit: a new run has
  // none, and a thousand lookups held the run's start.
  const records = new Map((await repo.recordsWithIdPrefix(answerRecordPrefix(run.id))).map((r) => [r.id, r]));
  const found: UnitOutcome[] = [];
  for (const u of unknown) {
    const o = outcomeFromRecord(run.id, u, records.get(answerRecordId(run.id, unitPosition(run, u))));
    if (o) {
      found.push(o);
      known.set(u, o);
    }
  }

  const perLane = run.itemCount * run.repeats;
  const lanes = run.lanes.map((lane, index) => {
    const pending: number[] = [];
    const failed: number[] = [];
    let done = 0;
    for (let u = index * perLane; u < (index + 1) * perLane; u++) {
      const o = known.get(u);
      if (!o || o.state === 'retry') pending.push(u);
      else if (o.state === 'done') done += 1;
      else failed.push(u);
    }
    const l = new Lane(String(index), lane.concurrency, pending, failed, done);
    l.paused = lane.paused;
    return l;
  });
  return { lanes, found };
}
