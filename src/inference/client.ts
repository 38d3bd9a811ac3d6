// The one way the app (and the Node CLI) talks to a model: pick the adapter for the endpoint's protocol,
// own the retry policy and the timeouts, and end every stream with exactly one `done` or `error` event.
import type { Protocol } from '../config/schema';
import { InferenceError, toInferenceError } from './errors';
import { hfVqaAdapter } from './hf-vqa';
import { openAIChatAdapter } from './openai-chat';
import { nextRetryDelay } from './retry';
import { recordingFetch, resolveEndpointUrl, splitQuery, type Adapter } from './transport';
import type { ChatRequest, StreamEvent } from './types';

const adapters: Record<Protocol, Adapter> = {
  'openai-chat': openAIChatAdapter,
  'hf-vqa': hfVqaAdapter,
};

export interface StreamChatOptions {
  /** Stop: aborts the request (the signal reaches fetch, so the connection closes) and any retry wait. */
  signal?: AbortSignal;
  /** From sending until the first chunk (a model that is still loading may hold the request open). */
  firstByteTimeoutMs?: number;
  /** Longest silence between chunks once the stream has started. */
  idleTimeoutMs?: number;
  /**
   * False: the answer is asked for whole, in one response, not streamed (a caller that shows no text as it
   * comes: a batch run). Its first byte is then its last, so the first-byte limit is stretched by
   * SLOWEST_TOKEN_MS per token asked for: a long answer is not cut for taking as long as it is long.
   */
  stream?: boolean;
  /** Retries before the first token (default: the retry policy's); 0 hands every failure to the caller. */
  maxRetries?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The platform's fetch unless given (tests, a proxy in the Node CLI). */
  fetch?: typeof fetch;
}

const defaultTimeouts = { firstByteTimeoutMs: 60_000, idleTimeoutMs: 60_000 } as const;

/** How long a whole (non-streamed) answer may take per token asked for: 2 tokens a second, slower than any model served to be used. */
const SLOWEST_TOKEN_MS = 500;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const stopped = (cause?: unknown, sentBytes?: number) => new InferenceError('aborted', 'Stopped.', { cause, sentBytes });
const noop = () => {};

type Outcome = { ok: true; finishReason: string | null } | { ok: false; error: InferenceError };

/** One request. Yields deltas and usage; returns how it ended instead of throwing. */
async function* attemptOnce(
  adapter: Adapter,
  req: ChatRequest,
  url: string,
  opts: StreamChatOptions,
  progress: { receivedFirstToken: boolean },
): AsyncGenerator<StreamEvent, Outcome> {
  const caller = opts.signal;
  const stream = opts.stream !== false;
  const firstByteMs =
    (opts.firstByteTimeoutMs ?? defaultTimeouts.firstByteTimeoutMs) + (stream ? 0 : req.params.maxTokens * SLOWEST_TOKEN_MS);
  const idleMs = opts.idleTimeoutMs ?? defaultTimeouts.idleTimeoutMs;
  // Our own controller, so that a timeout can close the connection too; the caller's Stop is linked into it.
  const ctrl = new AbortController();
  const onCallerAbort = () => ctrl.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  if (caller?.aborted) ctrl.abort(caller.reason);

  let timedOut: 'first-byte' | 'idle' | null = null;
  let gotChunk = false;
  // One watchdog timer, moved only when it fires or its limit shrinks: arming and clearing a timer for every
  // chunk cost more main-thread time than handling the chunk. It times the waits for the adapter (from the
  // wait's start or its latest chunk), never the time the consumer holds an event.
  let waitingSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = Infinity;
  const limit = () => (gotChunk ? idleMs : firstByteMs);
  const arm = (at: number) => {
    clearTimeout(timer);
    timerDue = at;
    timer = setTimeout(check, Math.max(0, at - Date.now()));
  };
  const check = () => {
    timer = undefined;
    timerDue = Infinity;
    if (waitingSince === null) return; // re-armed when the next wait starts
    const due = waitingSince + limit();
    if (Date.now() < due) return arm(due);
    timedOut = gotChunk ? 'idle' : 'first-byte';
    ctrl.abort(new InferenceError('timeout', `timed out (${timedOut})`));
  };
  const waitFrom = (t: number) => {
    waitingSince = t;
    if (t + limit() < timerDue) arm(t + limit());
  };
  // Every read is also ended by an abort: a stream that ignores its signal still cannot keep Stop waiting.
  let rejectRead: ((reason: unknown) => void) | null = null;
  ctrl.signal.addEventListener('abort', () => rejectRead?.(ctrl.signal.reason), { once: true });

  const { base, query } = splitQuery(url);
  const rec = recordingFetch(opts.fetch, query);
  const it = adapter(req, {
    url: base,
    signal: ctrl.signal,
    fetch: rec.fetch,
    stream,
    onChunk: () => {
      gotChunk = true;
      if (waitingSince !== null) waitFrom(Date.now());
    },
  });
  const read = () =>
    new Promise<IteratorResult<StreamEvent>>((resolve, reject) => {
      if (ctrl.signal.aborted) return reject(ctrl.signal.reason);
      rejectRead = reject;
      it.next().then(resolve, reject);
    });

  const fail = (e: unknown): Outcome => {
    const sentBytes = rec.meta.sentBytes();
    if (caller?.aborted) return { ok: false, error: stopped(e, sentBytes) };
    if (timedOut) {
      const s = Math.round((timedOut === 'first-byte' ? firstByteMs : idleMs) / 1000);
      const message = timedOut === 'first-byte' ? `No answer within ${s} s.` : `The stream stalled for ${s} s.`;
      return { ok: false, error: new InferenceError('timeout', message, { cause: e, sentBytes, requestId: rec.meta.requestId }) };
    }
    const secrets = req.token ? [req.token] : [];
    const error = toInferenceError(e, { retryAfterMs: rec.meta.retryAfterMs, sentBytes, requestId: rec.meta.requestId, secrets });
    // The stream had started: a lost connection now is a broken answer, not an endpoint that cannot be reached.
    if (gotChunk && error.code === 'network') {
      error.midStream = true;
      error.status ??= rec.meta.status;
    }
    return { ok: false, error };
  };

  try {
    while (true) {
      waitFrom(Date.now());
      let r: IteratorResult<StreamEvent>;
      try {
        r = await read();
      } catch (e) {
        return fail(e);
      } finally {
        waitingSince = null;
      }
      if (r.done) return { ok: true, finishReason: null };
      const event = r.value;
      if (event.type === 'done') return { ok: true, finishReason: event.finishReason };
      if (event.type === 'error') return fail(event.error);
      if (event.type === 'retry') continue;
      if (event.type === 'delta') progress.receivedFirstToken = true;
      yield event;
    }
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
    // Closes the connection whatever happened: the library leaves the body open after an error and when
    // its consumer breaks out of the loop.
    ctrl.abort();
    it.return(undefined).catch(noop);
  }
}

/**
 * Streams one answer. Never throws: the last event is exactly one `done` or `error` (Stop gives an
 * `error` with code `aborted`). Before the first token, failures worth another try are retried after a
 * `retry` event that carries the wait.
 */
export async function* streamChat(req: ChatRequest, opts: StreamChatOptions = {}): AsyncGenerator<StreamEvent> {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? abortableSleep;
  if (!req.endpoint.url.trim()) {
    const error = new InferenceError('config', `Endpoint "${req.endpoint.label}" has no URL.`, { configIssue: 'no-url' });
    yield { type: 'error', error };
    return;
  }
  const url = resolveEndpointUrl(req.endpoint.url);
  if (!url) {
    const error = new InferenceError('config', `Endpoint "${req.endpoint.label}" has an invalid URL.`, {
      configIssue: 'invalid-url',
      detail: req.endpoint.url.slice(0, 300),
    });
    yield { type: 'error', error };
    return;
  }
  const adapter = adapters[req.endpoint.protocol];
  const progress = { receivedFirstToken: false };

  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) {
      yield { type: 'error', error: stopped(opts.signal.reason) };
      return;
    }
    const outcome = yield* attemptOnce(adapter, req, url, opts, progress);
    if (outcome.ok) {
      yield { type: 'done', finishReason: outcome.finishReason };
      return;
    }
    const { error } = outcome;
    const waitMs =
      error.code === 'aborted'
        ? null
        : nextRetryDelay({ attempt, error, receivedFirstToken: progress.receivedFirstToken, random, maxRetries: opts.maxRetries });
    if (waitMs === null) {
      yield { type: 'error', error };
      return;
    }
    yield { type: 'retry', attempt: attempt + 1, waitMs, error };
    // A rejected sleep means Stop; the check at the top of the loop turns it into the `aborted` event.
    await sleep(waitMs, opts.signal).catch(noop);
  }
}

/** `<base>/v1/models` for any form of the chat URL (…, …/v1, …/v1/chat/completions). */
export function modelsUrl(endpointUrl: string): string | null {
  const resolved = resolveEndpointUrl(endpointUrl);
  if (!resolved) return null;
  const u = new URL(resolved);
  const path = u.pathname
    .replace(/\/+$/, '')
    .replace(/\/chat\/completions$/, '')
    .replace(/\/v1$/, '');
  u.pathname = `${path}/v1/models`;
  // The query stays: an endpoint keyed by its URL (`?key=…`) needs it for the model list too.
  u.hash = '';
  return u.href;
}

/** The model ids an OpenAI-compatible endpoint serves: Settings' "test connection". Throws InferenceError. */
export async function listModels(
  endpointUrl: string,
  token?: string,
  opts: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<string[]> {
  if (!endpointUrl.trim()) throw new InferenceError('config', 'The endpoint has no URL.', { configIssue: 'no-url' });
  const url = modelsUrl(endpointUrl);
  if (!url) throw new InferenceError('config', 'The endpoint URL is invalid.', { configIssue: 'invalid-url' });
  const rec = recordingFetch(opts.fetch);
  const secrets = token ? [token] : [];
  try {
    const res = await rec.fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new InferenceError('protocol', 'The model list is not JSON.', { status: res.status, detail: text.slice(0, 300) });
    }
    if (!res.ok) {
      // Shaped like the library's HTTP errors, so one mapping (status, estimated_time, detail) serves both.
      const httpResponse = { status: res.status, body, requestId: rec.meta.requestId };
      throw Object.assign(new Error(`HTTP ${res.status}`), { name: 'HttpError', httpResponse });
    }
    const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
    if (!Array.isArray(data)) throw new InferenceError('protocol', 'The model list has no `data` array.', { status: res.status });
    return data.flatMap((m: unknown) =>
      typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : [],
    );
  } catch (e) {
    throw toInferenceError(e, { retryAfterMs: rec.meta.retryAfterMs, requestId: rec.meta.requestId, secrets });
  }
}
