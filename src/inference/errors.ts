// One error type for everything that can go wrong between the app and a model, and the one function that
// turns whatever was thrown (by @huggingface/inference, fetch, or a stream) into it.
import { redactText } from '../config/secrets';

export const ERROR_CODES = [
  'auth',
  'not-found',
  'rate-limited',
  'loading',
  'too-large',
  'network',
  'timeout',
  'aborted',
  'protocol',
  'server',
  'config',
  /** The app itself failed around the request (its storage, a bug): never produced by the adapters. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Stored errors keep their code as a string (newer versions may add codes): is it one this version knows? */
export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** Why a request could not be made at all (code `config`). */
export type ConfigIssue = 'no-url' | 'invalid-url' | 'needs-image';

export interface InferenceErrorLike {
  code: ErrorCode;
  status?: number;
  retryAfterMs?: number;
  message: string;
  /** The server's own words, trimmed, never containing the token. */
  detail?: string;
  requestId?: string;
  /** Size of the request body that was sent, for 413 words. */
  sentBytes?: number;
  /** The server reported an error after the stream had started (HTTP 200). */
  midStream?: boolean;
  configIssue?: ConfigIssue;
}

export interface InferenceErrorInit {
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  detail?: string;
  sentBytes?: number;
  midStream?: boolean;
  configIssue?: ConfigIssue;
  cause?: unknown;
}

export class InferenceError extends Error implements InferenceErrorLike {
  code: ErrorCode;
  // `declare`: absent keys stay absent (no own `undefined` properties in spreads, JSON or test diffs).
  declare status?: number;
  declare retryAfterMs?: number;
  declare requestId?: string;
  declare detail?: string;
  declare sentBytes?: number;
  declare midStream?: boolean;
  declare configIssue?: ConfigIssue;

  constructor(code: ErrorCode, message: string, init: InferenceErrorInit = {}) {
    const { cause, ...rest } = init;
    // `cause` goes through Error's own option (ES2022), which keeps it non-enumerable like the platform's.
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'InferenceError';
    this.code = code;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) Object.assign(this, { [k]: v });
  }

  /** What records and logs keep: no cause, because a library error's cause holds the whole request body. */
  toJSON(): InferenceErrorLike {
    const { code, status, retryAfterMs, message, detail, requestId, sentBytes, midStream, configIssue } = this;
    const all = { code, status, retryAfterMs, message, detail, requestId, sentBytes, midStream, configIssue };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as unknown as InferenceErrorLike;
  }
}

export interface ErrorContext {
  /** From the response's Retry-After header (the library does not expose it). */
  retryAfterMs?: number;
  sentBytes?: number;
  /** From the response's x-request-id header, for errors that carry no response of their own. */
  requestId?: string;
  /** Strings that must never appear in messages (the token). */
  secrets?: readonly string[];
}

const DETAIL_MAX = 300;

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status === 503) return 'loading';
  if (status === 408 || status === 504) return 'timeout';
  // Other 4xx (400 and 422: a parameter or an image the server refuses) are the server's verdict on this
  // request, worded as a failure with its detail; there is no better code for them.
  return 'server';
}

/** Removes secrets, URL credentials of every form and anything token-shaped, then trims, so server text can be shown and stored. */
export function cleanText(text: string, secrets: readonly string[] = [], max = DETAIL_MAX): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  out = redactText(out)
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/\bhf_[A-Za-z0-9]{8,}\b/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null;

/** The server's own error text from a JSON or text body, in the shapes TGI, vLLM, OpenAI and HF use. */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined;
  if (!isRec(body)) return undefined;
  const { error, message, detail } = body;
  if (typeof error === 'string') return error;
  if (isRec(error) && typeof error.message === 'string') return error.message;
  if (typeof message === 'string') return message;
  if (typeof detail === 'string') return detail;
  return JSON.stringify(body);
}

/**
 * A loading model's own estimate (Hugging Face's `estimated_time`) is a hint, not a Retry-After: the wait it
 * sets is capped so that two retries do not keep a user (or a smoke test) waiting most of a minute.
 */
const ESTIMATED_TIME_CAP_MS = 10_000;

function estimatedTimeMs(body: unknown): number | undefined {
  const t = isRec(body) ? body.estimated_time : undefined;
  return typeof t === 'number' && Number.isFinite(t) && t >= 0 ? Math.min(Math.round(t * 1000), ESTIMATED_TIME_CAP_MS) : undefined;
}

const NETWORK_WORDS =
  /failed to fetch|fetch failed|networkerror|network error|network|load failed|terminated|socket|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|dynamically imported module/i;

/**
 * Maps anything thrown into an InferenceError.
 *
 * The library's errors are recognised by shape (`name`, `httpResponse.status`, message text) and not with
 * `instanceof`: the library is loaded lazily, so a static import of its classes would put it back into the
 * first-load bundle, and this function must stay synchronous. Shape also survives two copies of the
 * library (ESM and CJS in Node), where `instanceof` silently fails.
 */
export function toInferenceError(e: unknown, ctx: ErrorContext = {}): InferenceError {
  if (e instanceof InferenceError) return e;
  const secrets = ctx.secrets ?? [];
  const name = isRec(e) && typeof e.name === 'string' ? e.name : '';
  const rawMessage = e instanceof Error ? e.message : isRec(e) && typeof e.message === 'string' ? e.message : String(e);
  const message = cleanText(rawMessage, secrets, 500);
  const base = { cause: e, sentBytes: ctx.sentBytes, requestId: ctx.requestId || undefined };

  if (name === 'AbortError') return new InferenceError('aborted', 'The request was stopped.', base);
  if (name === 'TimeoutError') return new InferenceError('timeout', message, base);

  const httpResponse = isRec(e) && isRec(e.httpResponse) ? e.httpResponse : undefined;
  if (httpResponse && typeof httpResponse.status === 'number') {
    const status = httpResponse.status;
    const requestId = (typeof httpResponse.requestId === 'string' && httpResponse.requestId) || ctx.requestId || undefined;
    const serverText = bodyText(httpResponse.body);
    const detail = serverText ? cleanText(serverText, secrets) : undefined;
    const init = { ...base, status, requestId, detail };
    if (/does not support event stream content type/i.test(rawMessage)) {
      return new InferenceError('protocol', message, {
        ...init,
        detail: cleanText(rawMessage.replace(/^.*?content type,\s*/i, ''), secrets),
      });
    }
    if (status >= 200 && status < 300) {
      // The stream had started (HTTP 200) when the server put an `error` into it.
      return new InferenceError('server', message, { ...init, midStream: true });
    }
    const code = codeForStatus(status);
    const retryAfterMs = ctx.retryAfterMs ?? (code === 'loading' ? estimatedTimeMs(httpResponse.body) : undefined);
    return new InferenceError(code, message, { ...init, retryAfterMs });
  }

  if (name === 'InputError' || name === 'RoutingError') return new InferenceError('config', message, base);
  if (name === 'ProviderOutputError') return new InferenceError('protocol', message, { ...base, detail: message });
  // JSON.parse of a `data:` line that is not JSON: the library lets the raw SyntaxError through.
  if (e instanceof SyntaxError || name === 'SyntaxError') {
    return new InferenceError('protocol', message, { ...base, detail: message });
  }
  if (e instanceof TypeError || name === 'TypeError') {
    if (/invalid url/i.test(rawMessage)) return new InferenceError('config', message, { ...base, configIssue: 'invalid-url' });
    const causeCode = isRec(e) && isRec(e.cause) && typeof e.cause.code === 'string' ? e.cause.code : '';
    if (NETWORK_WORDS.test(rawMessage) || NETWORK_WORDS.test(causeCode)) {
      return new InferenceError('network', message, { ...base, detail: causeCode || undefined });
    }
  }
  if (NETWORK_WORDS.test(name) || (isRec(e) && typeof e.code === 'string' && NETWORK_WORDS.test(e.code))) {
    return new InferenceError('network', message, base);
  }
  // Anything else came from reading a response we did not expect (or from a bug): say what it was rather
  // than guess a cause.
  return new InferenceError('protocol', message, { ...base, detail: message });
}
