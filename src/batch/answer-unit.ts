// One unit of an answer run: one item asked of one endpoint once. Its record id is fixed by the run, the lane,
// the item and the repeat, so a unit is found again after a reload and a finished one is never asked again.
// The request goes through src/runs (which keeps the record) with the retries left to the lane.
import type { Endpoint } from '../config/schema';
import type { ChatTurn } from '../inference';
import type { RecordsRepo } from '../records';
import { runAnswer } from '../runs/run-answer';
import type { UnitResult } from './executor';
import type { AnswerRun, QuestionItem } from './model';
import { ImageUnavailable, type PreparedImages } from './prepared-images';

export interface UnitPosition {
  lane: number;
  item: number;
  repeat: number;
}

/** Units are numbered lane by lane, item by item, repeat by repeat. */
export function unitPosition(run: Pick<AnswerRun, 'itemCount' | 'repeats'>, unit: number): UnitPosition {
  const perLane = run.itemCount * run.repeats;
  const lane = Math.floor(unit / perLane);
  const rest = unit - lane * perLane;
  return { lane, item: Math.floor(rest / run.repeats), repeat: rest % run.repeats };
}

export function unitNumber(run: Pick<AnswerRun, 'itemCount' | 'repeats'>, p: UnitPosition): number {
  return (p.lane * run.itemCount + p.item) * run.repeats + p.repeat;
}

/** What every record id of the run starts with. */
export function answerRecordPrefix(runId: string): string {
  return `b.${runId}.`;
}

export function answerRecordId(runId: string, p: UnitPosition): string {
  return `${answerRecordPrefix(runId)}${p.lane}.${p.item}.${p.repeat}`;
}

export interface AnswerUnitContext {
  run: AnswerRun;
  items: readonly QuestionItem[];
  /** The endpoint as configured now (a URL fixed in Settings after a pause is used), else the run's snapshot. */
  endpointOf: (lane: number) => Endpoint;
  tokenOf: (endpointId: string) => string | undefined;
  images: PreparedImages;
  /** Where the answers' records go: the run's grouped writes (groupedRecordWrites), settled once committed. */
  repo: () => Promise<Pick<RecordsRepo, 'putRecord'>>;
  onStorageError: (error: unknown) => void;
}

export async function askUnit(ctx: AnswerUnitContext, unit: number, signal: AbortSignal): Promise<UnitResult> {
  const { run } = ctx;
  const p = unitPosition(run, unit);
  const item = ctx.items[p.item];
  const lane = run.lanes[p.lane];
  if (!item || !lane) return { ok: false, error: { code: 'internal' } };
  const endpoint = ctx.endpointOf(p.lane);

  let images;
  try {
    images = await Promise.all(item.images.map((i) => ctx.images.get(i, endpoint.imagePolicy)));
  } catch (e) {
    return { ok: false, error: { code: e instanceof ImageUnavailable ? e.code : 'image-unusable' } };
  }
  if (signal.aborted) return { ok: false, error: { code: 'aborted' } };

  const turns: ChatTurn[] = [];
  if (lane.systemPrompt.trim()) turns.push({ role: 'system', parts: [{ type: 'text', text: lane.systemPrompt }] });
  turns.push({
    role: 'user',
    parts: [
      ...images.map((image) => ({
        type: 'image' as const,
        image: { sha256: image.ref.sha256, blob: image.blob, dataUrl: image.dataUrl, width: image.ref.width, height: image.ref.height },
      })),
      { type: 'text', text: item.question },
    ],
  });

  const answer = runAnswer({
    record: {
      id: answerRecordId(run.id, p),
      source: 'batch',
      groupId: run.id,
      endpoint,
      params: lane.params,
      systemPrompt: lane.systemPrompt,
      history: [{ role: 'user', text: item.question, images: images.map((i) => i.ref) }],
      batch: {
        runId: run.id,
        setId: run.setId,
        setName: run.setName,
        itemId: item.id,
        itemIndex: p.item,
        category: item.category,
        reference: item.reference,
        context: item.context,
        repeat: p.repeat,
        sourceImages: item.images.map((i) => i.sha256),
      },
    },
    endpoint,
    token: ctx.tokenOf(endpoint.id),
    turns,
    sentBytes: images.reduce((n, i) => n + i.ref.bytes, 0),
    signal,
    repo: ctx.repo,
    onStorageError: ctx.onStorageError,
    // Answers of a run are short and many: a pending record or a checkpoint per answer would double the writes
    // for nothing (a unit without a finished record is asked again, whether a pending one was written or not).
    writePending: false,
    checkpointMs: 10_000,
    maxRetries: 0,
    // Nobody watches a batch answer come in: asked for whole, it costs the page and the browser less per
    // request than a stream read chunk by chunk. Its record says time to first token was not measured.
    stream: false,
    // The next question goes out while this answer's record is written (a write waits for the storage
    // process: tens of ms on a busy machine, longer than the demo endpoint's whole answer). The unit counts
    // as done, and its outcome is kept, only once the record is stored: a reload before then asks it again.
    awaitRecord: false,
  });
  let step = await answer.next();
  while (!step.done) step = await answer.next();
  const result = step.value;
  if (result.status === 'ok') {
    // An answer that could not be kept is not done: it stays to be asked again.
    return { ok: true, stored: result.stored.then((record) => record !== null) };
  }
  // A failure's record is kept before the lane decides what follows (failures are few).
  await result.stored;
  if (result.status === 'aborted') return { ok: false, error: { code: 'aborted' } };
  const e = result.error;
  return {
    ok: false,
    error: { code: e?.code ?? 'protocol', status: e?.status, retryAfterMs: e?.retryAfterMs, midStream: e?.midStream },
  };
}
