// The batch screen's edge: lists of question sets and runs (a small store of their own, loaded with the
// screen), creating runs from a set, and reading a run's standing and its records. Storage goes through the
// batch repository and the records repository; the stores hold what the screen shows.
import { create } from 'zustand';
import type { Endpoint, GenerationParams } from '../config/schema';
import { applyFilter, isJudgeAnnotator, type AnswerRecord, type Rating, type RecordFilter } from '../records';
import { recordsRepo } from '../records/instance';
import { reportStorageError } from '../store';
import { download, stampedName } from '../ui/download';
import { answerRecordId, answerRecordPrefix, unitPosition } from './answer-unit';
import { batchRepo } from './instance';
import { rubricVersion, type JudgeRubric } from './judge/rubric';
import { judgeable, judgeAnnotator, judgeParams } from './judge-unit';
import type { AnswerRun, JudgeRun, QuestionItem, QuestionSet, Run, RunLane, StoredRubric, UnitOutcome } from './model';
import { announceChange, onStoredChange, runHere } from './run-controller';

interface Lists {
  load: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the lists could not be read (the exception, shown as a detail under words). */
  error: unknown;
  sets: QuestionSet[];
  runs: Run[];
}

export const useBatchLists = create<Lists>()(() => ({ load: 'idle', error: null, sets: [], runs: [] }));

let reading: Promise<void> | null = null;

export function reloadLists(): Promise<void> {
  reading ??= (async () => {
    if (useBatchLists.getState().load !== 'ready') useBatchLists.setState({ load: 'loading' });
    try {
      const repo = await batchRepo();
      const [sets, runs] = await Promise.all([repo.listSets(), repo.listRuns()]);
      useBatchLists.setState({ load: 'ready', error: null, sets: sets.items, runs: runs.items });
    } catch (e) {
      useBatchLists.setState({ load: 'error', error: e });
    } finally {
      reading = null;
    }
  })();
  return reading;
}

onStoredChange(() => void reloadLists());

export async function renameSet(id: string, name: string): Promise<void> {
  try {
    await (await batchRepo()).renameSet(id, name);
  } catch (e) {
    reportStorageError(e);
  }
  announceChange();
}

export async function deleteSet(id: string): Promise<void> {
  try {
    await (await batchRepo()).deleteSet(id);
  } catch (e) {
    reportStorageError(e);
  }
  announceChange();
}

export async function deleteRun(id: string): Promise<void> {
  try {
    await (await batchRepo()).deleteRun(id);
  } catch (e) {
    reportStorageError(e);
  }
  announceChange();
}

export function setItems(id: string): Promise<QuestionItem[] | undefined> {
  return batchRepo().then((r) => r.getSetItems(id));
}

/** The part of a set a run asks: the chosen categories (all when none), then the first N. */
export function selectItems(items: readonly QuestionItem[], selection: AnswerRun['selection']): QuestionItem[] {
  const categories = selection.categories ? new Set(selection.categories) : null;
  const chosen = categories ? items.filter((i) => categories.has(i.category ?? '')) : [...items];
  return selection.firstN === null ? chosen : chosen.slice(0, selection.firstN);
}

export interface RunEndpointChoice {
  endpoint: Endpoint;
  params: GenerationParams;
  systemPrompt: string;
  concurrency: number;
}

function newRunId(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `r${Date.now().toString(36)}${Array.from(b, (x) => x.toString(36).padStart(2, '0')).join('')}`;
}

/** Stores a new run over the chosen items and starts working on it in this tab; resolves to its id. */
export async function startAnswerRun(input: {
  set: QuestionSet;
  selection: AnswerRun['selection'];
  endpoints: readonly RunEndpointChoice[];
  repeats: number;
}): Promise<string> {
  const repo = await batchRepo();
  const all = (await repo.getSetItems(input.set.id)) ?? [];
  const items = selectItems(all, input.selection);
  const now = new Date().toISOString();
  const lanes: RunLane[] = input.endpoints.map((e) => ({ ...e, paused: null }));
  const run: AnswerRun = {
    schema: 1,
    id: newRunId(),
    kind: 'answer',
    name: input.set.name,
    createdAt: now,
    updatedAt: now,
    state: 'running',
    lanes,
    unitCount: items.length * lanes.length * input.repeats,
    setId: input.set.id,
    setName: input.set.name,
    selection: input.selection,
    repeats: input.repeats,
    itemCount: items.length,
  };
  await repo.createRun(run, { runId: run.id, kind: 'answer', items });
  announceChange();
  void runHere(run.id);
  return run.id;
}

/** Counts per lane from the stored outcomes: what a run nobody works on right now shows. */
export interface StoredCounts {
  done: number;
  failed: number;
  total: number;
}

export interface RunDetail {
  run: Run;
  /** An answer run's items. */
  items: QuestionItem[];
  /** A judge run's records, by unit. */
  recordIds: string[];
  outcomes: Map<number, UnitOutcome>;
  lanes: StoredCounts[];
}

export async function loadRunDetail(runId: string): Promise<RunDetail | null> {
  const repo = await batchRepo();
  const [run, payload, outcomes] = await Promise.all([repo.getRun(runId), repo.getPayload(runId), repo.outcomes(runId)]);
  if (!run || !payload || payload.kind !== run.kind) return null;
  const byUnit = new Map(outcomes.map((o) => [o.unit, o]));
  const perLane = run.kind === 'answer' ? run.itemCount * run.repeats : run.unitCount;
  const laneOf = (unit: number) => (run.kind === 'answer' ? unitPosition(run, unit).lane : 0);
  const lanes = run.lanes.map(() => ({ done: 0, failed: 0, total: perLane }));
  for (const o of outcomes) {
    const lane = lanes[laneOf(o.unit)];
    if (!lane) continue;
    if (o.state === 'done') lane.done += 1;
    else if (o.state === 'failed') lane.failed += 1;
  }
  return {
    run,
    items: payload.kind === 'answer' ? payload.items : [],
    recordIds: payload.kind === 'judge' ? payload.recordIds : [],
    outcomes: byUnit,
    lanes,
  };
}

/** The run's records by unit, for the given units (all by default); units without a record are left out. */
export async function loadRunRecords(run: AnswerRun, units?: readonly number[]): Promise<Map<number, AnswerRecord>> {
  const repo = await recordsRepo();
  const wanted = units ?? Array.from({ length: run.unitCount }, (_, u) => u);
  const ids = wanted.map((u) => answerRecordId(run.id, unitPosition(run, u)));
  let got: (AnswerRecord | undefined)[];
  if (units) got = await repo.getRecords(ids);
  else {
    // All of them: one read of the ids with the run's prefix.
    const byId = new Map((await repo.recordsWithIdPrefix(answerRecordPrefix(run.id))).map((r) => [r.id, r]));
    got = ids.map((id) => byId.get(id));
  }
  const out = new Map<number, AnswerRecord>();
  wanted.forEach((u, k) => {
    const record = got[k];
    if (record) out.set(u, record);
  });
  return out;
}

/** The unit outcomes alone (cheap: re-read while a run goes on). */
export async function loadOutcomes(runId: string): Promise<Map<number, UnitOutcome>> {
  const outcomes = await (await batchRepo()).outcomes(runId);
  return new Map(outcomes.map((o) => [o.unit, o]));
}

/** The newest judge rating of each of the run's records (by record id), for the Heron-Bench figures of its results. */
export async function loadJudgeRatings(run: AnswerRun): Promise<Map<string, Rating>> {
  const ratings = await (await recordsRepo()).ratingsWithRecordIdPrefix(answerRecordPrefix(run.id));
  const judged = new Map<string, Rating>();
  for (const rating of ratings) {
    if (!isJudgeAnnotator(rating.annotator) || !rating.judge) continue;
    const newest = judged.get(rating.recordId);
    if (!newest || rating.updatedAt > newest.updatedAt) judged.set(rating.recordId, rating);
  }
  return judged;
}

/** A run's name as part of a file name: what file systems refuse, and spaces, become '-'. */
const fileNamePart = (name: string): string => name.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 80) || 'run';

/**
 * Downloads an answer run's records with all their ratings (people's and judges'), as the export zip (with the
 * comparison votes between them) or the ratings CSV; the export code loads with the first export.
 */
export async function exportRun(run: AnswerRun, format: 'zip' | 'csv', onProgress?: (done: number, total: number) => void): Promise<void> {
  const repo = await recordsRepo();
  const [records, ratings, exporter] = await Promise.all([
    loadRunRecords(run).then((byUnit) => [...byUnit.values()]),
    repo.ratingsWithRecordIdPrefix(answerRecordPrefix(run.id)),
    import('../records/export'),
  ]);
  const name = `tanuki-run-${fileNamePart(run.name)}`;
  if (format === 'csv') download(exporter.exportCsvFile(records, ratings), stampedName(name, 'csv'));
  else download(await exporter.exportZipOf(repo, records, ratings, onProgress), stampedName(name, 'zip'));
}

// ---------------------------------------------------------------------------------------------------------
// Judge runs

export interface JudgeTargets {
  recordIds: string[];
  /** Records left out: not answered, no answer text, or no reference answer to judge against. */
  skipped: number;
  /** Left out because this judge already judged them (when asked to skip those). */
  alreadyJudged: number;
}

/** The records of an answer run a judge can score. */
export async function judgeTargetsOfRun(run: AnswerRun, judgeAnnotatorName: string, skipJudged: boolean): Promise<JudgeTargets> {
  const records = [...(await loadRunRecords(run)).values()];
  return pickTargets(records, judgeAnnotatorName, skipJudged);
}

/** The records matching a filter (endpoints, sources) that a judge can score. */
export async function judgeTargetsOfFilter(filter: RecordFilter, judgeAnnotatorName: string, skipJudged: boolean): Promise<JudgeTargets> {
  const repo = await recordsRepo();
  const records = applyFilter((await repo.listRecords()).items, new Map(), filter);
  return pickTargets(records, judgeAnnotatorName, skipJudged);
}

async function pickTargets(records: readonly AnswerRecord[], annotator: string, skipJudged: boolean): Promise<JudgeTargets> {
  const candidates = records.filter(judgeable);
  let alreadyJudged = 0;
  let ids = candidates.map((r) => r.id);
  if (skipJudged) {
    const repo = await recordsRepo();
    const lists = await repo.ratingsForRecords(ids);
    const kept = ids.filter((_, k) => !lists[k]!.some((r) => r.annotator === annotator && r.judge));
    alreadyJudged = ids.length - kept.length;
    ids = kept;
  }
  return { recordIds: ids, skipped: records.length - candidates.length, alreadyJudged };
}

export async function startJudgeRun(input: {
  name: string;
  lane: RunEndpointChoice;
  rubric: JudgeRubric;
  bothOrders: boolean;
  recordIds: readonly string[];
  sourceRunId: string | null;
}): Promise<string> {
  const repo = await batchRepo();
  const now = new Date().toISOString();
  const run: JudgeRun = {
    schema: 1,
    id: newRunId(),
    kind: 'judge',
    name: input.name,
    createdAt: now,
    updatedAt: now,
    state: 'running',
    lanes: [{ ...input.lane, params: judgeParams(input.lane.params), paused: null }],
    unitCount: input.recordIds.length,
    rubric: input.rubric,
    rubricVersion: rubricVersion(input.rubric),
    bothOrders: input.bothOrders,
    sourceRunId: input.sourceRunId,
  };
  await repo.createRun(run, { runId: run.id, kind: 'judge', recordIds: [...input.recordIds] });
  announceChange();
  void runHere(run.id);
  return run.id;
}

export async function listRubrics(): Promise<StoredRubric[]> {
  return (await batchRepo()).listRubrics();
}

/** Keeps an edited rubric under its name (a new name, a new entry); resolves to what was stored. */
export async function saveRubric(rubric: JudgeRubric, id: string | null): Promise<StoredRubric> {
  const stored: StoredRubric = {
    schema: 1,
    id: id ?? `rubric.${newRunId()}`,
    rubric,
    version: rubricVersion(rubric),
    updatedAt: new Date().toISOString(),
  };
  await (await batchRepo()).putRubric(stored);
  return stored;
}

/** A judge run's records and this judge's rating of each (by unit). */
export async function loadJudgeResults(
  run: JudgeRun,
  recordIds: readonly string[],
): Promise<{ record: AnswerRecord | undefined; rating: Rating | undefined }[]> {
  const repo = await recordsRepo();
  const annotator = judgeAnnotator(run.lanes[0]!.endpoint);
  const [records, ratings] = await Promise.all([repo.getRecords(recordIds), repo.ratingsForRecords(recordIds)]);
  return recordIds.map((_, k) => ({
    record: records[k],
    rating: ratings[k]!.find((r) => r.annotator === annotator && r.judge?.runId === run.id),
  }));
}
