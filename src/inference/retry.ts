// When to try a request again, and after how long. Pure, so the policy is tested without a clock.
// The library's own retry (immediate, unbounded re-sends of a 503) is turned off everywhere; this replaces it.
import type { InferenceErrorLike } from './errors';

export const retryPolicy = { maxRetries: 2, baseMs: 1000, maxRetryAfterMs: 60_000 } as const;

/** Gateways answer these when the model server behind them is restarting or unreachable: worth another try. */
const GATEWAY_STATUSES = new Set([502, 504, 520, 521, 522, 523, 524]);

function isRetryable(error: InferenceErrorLike): boolean {
  switch (error.code) {
    case 'rate-limited':
    case 'loading':
    case 'network':
    case 'timeout':
      return true;
    case 'server':
      // A 500 or an error inside the stream usually repeats for the same input: show it instead.
      return !error.midStream && error.status !== undefined && GATEWAY_STATUSES.has(error.status);
    default:
      return false;
  }
}

/**
 * The wait in ms before the next try, or null for "give up and show the error".
 * Backoff uses equal jitter (half fixed, half random) so that a retry never comes almost at once,
 * while clients that failed together still spread out.
 */
export function nextRetryDelay(input: {
  /** Retries already made. */
  attempt: number;
  error: InferenceErrorLike;
  receivedFirstToken: boolean;
  random: () => number;
  /** Fewer (or no) retries for a caller that owns its own policy, as batch runs do per endpoint. */
  maxRetries?: number;
}): number | null {
  const { attempt, error, receivedFirstToken, random, maxRetries = retryPolicy.maxRetries } = input;
  // After the first token a retry would repeat (or contradict) text the user already reads.
  if (receivedFirstToken || attempt >= maxRetries || !isRetryable(error)) return null;
  // A long Retry-After is better told to the person ("try again in N s") than spent behind a spinner.
  if (error.retryAfterMs !== undefined && error.retryAfterMs > retryPolicy.maxRetryAfterMs) return null;
  const exp = retryPolicy.baseMs * 2 ** attempt;
  const r = Math.min(Math.max(random(), 0), 1);
  const backoff = exp / 2 + (r * exp) / 2;
  return Math.round(Math.max(backoff, error.retryAfterMs ?? 0));
}
