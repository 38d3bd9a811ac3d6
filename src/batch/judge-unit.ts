// One unit of a judge run: one answer judged by an LLM (once, or in both orders against position bias),
// kept as a rating by `judge:<model>` with every pass's raw text, the rubric's version and, when the first
// line parsed, both numbers and their ratio. An unparseable answer is kept as such, with its reason and no
// score. The call goes through src/runs (asked for whole, temperature 0, retries left to the lane, no record of
// its own: the rating keeps its text).
import type { Endpoint, GenerationParams } from '../config/schema';
import type { ChatTurn } from '../inference';
import { questionOf, type AnswerRecord, type JudgeVerdict, type RecordsRepo } from '../records';
import { runAnswer } from '../runs/run-answer';
import { relativeToFive } from '../stats/agreement';
import type { UnitResult } from './executor';
import { buildJudgePrompt, type JudgeOrder } from './judge/prompt';
import { combineOrders, readJudgement, type JudgeResult } from './judge/parse';
import { Lane } from './lanes';
import type { JudgeRun, UnitOutcome } from './model';

const MAX_ANNOTATOR = 100;

export function judgeAnnotator(endpoint: Pick<Endpoint, 'model' | 'id'>): string {
  return `judge:${endpoint.model || endpoint.id}`.slice(0, MAX_ANNOTATOR);
}

/** What a judge needs from a record: a question, an answer and a reference to measure it against. */
export function judgeable(record: AnswerRecord): boolean {
  return record.status === 'ok' && record.output.trim() !== '' && Boolean(record.batch?.reference?.trim());
}

export interface JudgeUnitContext {
  run: JudgeRun;
  recordIds: readonly string[];
  endpoint: () => Endpoint;
  token: (endpointId: string) => string | undefined;
  repo: () => Promise<RecordsRepo>;
  onStorageError: (error: unknown) => void;
}

/** The judge's parameters: the endpoint's own, with temperature 0 (the same answer judged twice scores the same). */
export function judgeParams(params: GenerationParams): GenerationParams {
  return { ...params, temperature: 0, topP: 1 };
}

export async function judgeUnit(ctx: JudgeUnitContext, unit: number, signal: AbortSignal): Promise<UnitResult> {
  const repo = await ctx.repo();
  const recordId = ctx.recordIds[unit];
  const record = recordId ? await repo.getRecord(recordId) : undefined;
  if (!record || !judgeable(record)) return { ok: false, error: { code: 'not-judgeable' } };
  const lane = ctx.run.lanes[0]!;
  const endpoint = ctx.endpoint();
  const input = {
    context: record.batch?.context ?? null,
    question: questionOf(record),
    reference: record.batch?.reference ?? '',
    answer: record.output,
    category: record.batch?.category ?? null,
  };
  const orders: JudgeOrder[] = ctx.run.bothOrders ? ['reference-first', 'answer-first'] : ['reference-first'];
  const passes: { order: JudgeOrder; raw: string; result: JudgeResult }[] = [];
  for (const order of orders) {
    const prompt = buildJudgePrompt(ctx.run.rubric, input, order);
    const [system, user] = prompt.messages;
    const turns: ChatTurn[] = [
      { role: 'system', parts: [{ type: 'text', text: system.content }] },
      { role: 'user', parts: [{ type: 'text', text: user.content }] },
    ];
    const call = runAnswer({
      record: {
        id: `j.${ctx.run.id}.${unit}`,
        source: 'batch',
        groupId: ctx.run.id,
        endpoint,
        params: lane.params,
        systemPrompt: system.content,
        history: [{ role: 'user', text: user.content }],
      },
      endpoint,
      token: ctx.token(endpoint.id),
      turns,
      signal,
      repo: ctx.repo,
      onStorageError: ctx.onStorageError,
      maxRetries: 0,
      keepRecord: false,
      // Read whole, never shown as it comes: asked for whole, as a run's answers are (the first-byte limit then
      // grows with max_tokens, so a long verdict is not cut; pause and cancel still abort the request).
      stream: false,
    });
    let step = await call.next();
    while (!step.done) step = await call.next();
    const answer = step.value;
    if (answer.status === 'aborted') return { ok: false, error: { code: 'aborted' } };
    if (answer.status === 'error') {
      const e = answer.error;
      return {
        ok: false,
        error: { code: e?.code ?? 'protocol', status: e?.status, retryAfterMs: e?.retryAfterMs, midStream: e?.midStream },
      };
    }
    passes.push({ order, raw: answer.output, result: readJudgement(answer.output, order) });
  }

  const combined = passes.length === 2 ? combineOrders(passes[0]!.result, passes[1]!.result) : passes[0]!.result;
  const verdict: JudgeVerdict = {
    endpointId: endpoint.id,
    model: endpoint.model,
    runId: ctx.run.id,
    rubricName: ctx.run.rubric.name,
    rubricVersion: ctx.run.rubricVersion,
    bothOrders: ctx.run.bothOrders,
    passes: passes.map((p) => ({
      order: p.order,
      raw: p.raw,
      score1: p.result.ok ? p.result.orders[0]!.score1 : null,
      score2: p.result.ok ? p.result.orders[0]!.score2 : null,
    })),
    parsed: combined.ok,
    reason: combined.ok ? null : combined.reason,
    answerScore: combined.ok ? combined.answer : null,
    referenceScore: combined.ok ? combined.reference : null,
    relative: combined.ok ? Math.min(10, combined.relative) : null,
  };
  try {
    await repo.upsertRating({
      recordId: record.id,
      annotator: judgeAnnotator(endpoint),
      score: combined.ok ? relativeToFive(combined.relative) : null,
      judge: verdict,
    });
  } catch (e) {
    ctx.onStorageError(e);
    return { ok: false, error: { code: 'storage' } };
  }
  return { ok: true };
}

/**
 * Where a judge run stands, from storage: a unit is done when its record carries this run's verdict (the
 * rating is the truth, as records are for answer runs), failed when its outcome says so.
 */
export async function rebuildJudgeLane(
  run: JudgeRun,
  recordIds: readonly string[],
  outcomes: readonly UnitOutcome[],
  repo: RecordsRepo,
): Promise<{ lanes: Lane[]; found: UnitOutcome[] }> {
  const known = new Map(outcomes.map((o) => [o.unit, o]));
  const annotator = judgeAnnotator(run.lanes[0]!.endpoint);
  const found: UnitOutcome[] = [];
  const unknown = recordIds.map((_, u) => u).filter((u) => !known.has(u));
  const ratings = await repo.ratingsForRecords(unknown.map((u) => recordIds[u]!));
  unknown.forEach((u, k) => {
    const mine = ratings[k]!.find((r) => r.annotator === annotator && r.judge?.runId === run.id);
    if (mine) {
      const o: UnitOutcome = { runId: run.id, unit: u, state: 'done', code: null, at: mine.updatedAt };
      found.push(o);
      known.set(u, o);
    }
  });
  const pending: number[] = [];
  const failed: number[] = [];
  let done = 0;
  recordIds.forEach((_, u) => {
    const o = known.get(u);
    if (!o || o.state === 'retry') pending.push(u);
    else if (o.state === 'done') done += 1;
    else failed.push(u);
  });
  const lane = new Lane('0', run.lanes[0]!.concurrency, pending, failed, done);
  lane.paused = run.lanes[0]!.paused;
  return { lanes: [lane], found };
}
