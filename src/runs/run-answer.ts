// Runs one answer against an endpoint and keeps its record: written when the request starts (pending), at
// checkpoints while it streams, and when it ends. Domain-neutral (no chat, no store): chat uses it, and so can
// comparisons and batch runs. It never throws: a failure anywhere ends in a result (and a record) with an error.
import type { Endpoint } from '../config/schema';
import { streamChat, type ChatTurn, type ErrorCode, type StreamEvent, type Usage } from '../inference';
import { buildRecord, finishRecord } from '../records/from-answer';
import type { AnswerRecord, RecordsRepo } from '../records';
import { answerTimings } from './timings';
import { nextTask } from '../ui/next-task';

/** Why an answer failed, as messages and records keep it. */
export interface RunError {
  code: ErrorCode;
  status?: number;
  retryAfterMs?: number;
  detail?: string;
  sentBytes?: number;
  /** The stream had started: the text before the error is kept. */
  midStream?: boolean;
  /** How many times the app retried before giving up. */
  retries?: number;
}

export type RunStatus = 'ok' | 'error' | 'aborted';

export interface AnswerRun {
  /** What the record says about the request (id, source, endpoint, params, system prompt, history, …). */
  record: Parameters<typeof buildRecord>[0];
  endpoint: Endpoint;
  token?: string;
  turns: ChatTurn[];
  /** Bytes of the images sent, for the words of a 413. */
  sentBytes?: number;
  signal?: AbortSignal;
  /**
   * Where the record goes (the records repository, or a caller's grouped writes); when it cannot be had, the
   * answer still runs and onStorageError is told.
   */
  repo: () => Promise<Pick<RecordsRepo, 'putRecord'>>;
  onStorageError: (error: unknown) => void;
  checkpointMs?: number;
  /**
   * False: the answer is asked for whole, not streamed (streamChat's `stream`), for a caller that shows no
   * text as it comes: a batch run. Cheaper per request; the record's time to first token and rate are then
   * null (not measured), and its output tokens are the endpoint's count or null, never a count of deltas.
   */
  stream?: boolean;
  /** Retries before the first token (default: the inference retry policy's); batch runs own theirs (0). */
  maxRetries?: number;
  /**
   * False for a call whose answer is kept elsewhere: an LLM judge's text is kept in the rating it becomes,
   * so no record is written (and it never shows up in Review as an answer to rate).
   */
  keepRecord?: boolean;
  /**
   * False: the record is first written when the answer ends (or at a checkpoint), not when the request starts.
   * For a caller that treats a unit without a finished record as not asked (a batch run), the pending record
   * is a write per answer that nothing reads.
   */
  writePending?: boolean;
  /**
   * False: the answer is returned as soon as it has ended, while its record is still being written (`stored`
   * says when it is, and `record` is null). For a caller that has other requests to send meanwhile (a batch
   * run) and counts an answer as kept only once it is stored.
   */
  awaitRecord?: boolean;
}

export type RunProgress =
  | { type: 'delta'; text: string; total: string }
  | { type: 'retry'; attempt: number; waitMs: number }
  /** The text so far was written to the record (about once a second while streaming). */
  | { type: 'checkpoint'; text: string };

export interface RunResult {
  output: string;
  status: RunStatus;
  finishReason: string | null;
  error: RunError | null;
  timings: AnswerRecord['timings'];
  usage: Usage | null;
  /** The finished record as stored; null when it could not be stored (or, with awaitRecord false, always). */
  record: AnswerRecord | null;
  /** Resolves to the record once stored, or null when it could not be stored. */
  stored: Promise<AnswerRecord | null>;
}

const CHECKPOINT_MS = 1000;

export async function* runAnswer(run: AnswerRun): AsyncGenerator<RunProgress, RunResult> {
  const started = performance.now();
  const streamed = run.stream !== false;
  let output = '';
  let firstTokenAt: number | null = null;
  let deltas = 0;
  let retries = 0;
  let usage: Usage | null = null;
  let final: StreamEvent | null = null;
  let thrown: unknown = null;
  let repo: Pick<RecordsRepo, 'putRecord'> | null = null;
  const pending = buildRecord(run.record);
  const put = async (record: AnswerRecord): Promise<AnswerRecord | null> => {
    if (run.keepRecord === false) return null;
    try {
      repo ??= await run.repo();
      return await repo.putRecord(record);
    } catch (e) {
      run.onStorageError(e);
      return null;
    }
  };
  // The request leaves first: the pending record is written from the next task on (the request goes out in
  // this one), not before it, where opening the store, validating and the transaction delayed every answer.
  // Writes are chained, so the pending record, the checkpoints and the final record land in that order,
  // whatever each one costs.
  let writes: Promise<AnswerRecord | null> = run.writePending === false ? Promise.resolve(null) : nextTask().then(() => put(pending));
  const store = (record: AnswerRecord) => (writes = writes.then(() => put(record)));
  try {
    let lastCheckpoint = started;
    const { endpoint } = run;
    for await (const event of streamChat(
      { endpoint, token: run.token, messages: run.turns, params: run.record.params },
      {
        signal: run.signal,
        firstByteTimeoutMs: endpoint.timeouts?.firstByteMs,
        idleTimeoutMs: endpoint.timeouts?.idleMs,
        maxRetries: run.maxRetries,
        stream: streamed,
      },
    )) {
      if (event.type === 'delta') {
        if (streamed) {
          firstTokenAt ??= performance.now();
          deltas += event.deltas ?? 1;
        }
        output += event.text;
        yield { type: 'delta', text: event.text, total: output };
        const now = performance.now();
        if (now - lastCheckpoint > (run.checkpointMs ?? CHECKPOINT_MS)) {
          lastCheckpoint = now;
          void store({ ...pending, output });
          yield { type: 'checkpoint', text: output };
        }
      } else if (event.type === 'retry') {
        retries = event.attempt;
        yield { type: 'retry', attempt: event.attempt, waitMs: event.waitMs };
      } else if (event.type === 'usage') {
        usage = event.usage;
      } else {
        final = event;
      }
    }
  } catch (e) {
    // streamChat never throws; this is the guard for a bug or a consumer that broke off.
    thrown = e;
  }

  const timings = answerTimings({ started, firstTokenAt, ended: performance.now(), deltas, completionTokens: usage?.completionTokens });
  let error: RunError | null = null;
  let status: RunStatus = 'ok';
  let finishReason: string | null = null;
  if (final?.type === 'done' && thrown === null) {
    finishReason = final.finishReason;
  } else {
    const e = final?.type === 'error' ? final.error : null;
    status = e?.code === 'aborted' ? 'aborted' : 'error';
    error = e
      ? {
          code: e.code,
          status: e.status,
          retryAfterMs: e.retryAfterMs,
          detail: e.detail ?? e.message,
          sentBytes: run.sentBytes,
          midStream: e.midStream,
          retries,
        }
      : {
          code: 'protocol',
          detail: thrown === null ? 'the stream ended without an event' : String(thrown),
          sentBytes: run.sentBytes,
        };
  }
  const stored = store(finishRecord(pending, { output, status, finishReason, error, timings, usage }));
  const record = run.awaitRecord === false ? null : await stored;
  return { output, status, finishReason, error, timings, usage, record, stored };
}
