import { describe, expect, it } from 'vitest';
import { InferenceError } from './errors';
import { nextRetryDelay, retryPolicy } from './retry';
import type { ErrorCode } from './errors';

const err = (code: ErrorCode, init: ConstructorParameters<typeof InferenceError>[2] = {}) => new InferenceError(code, code, init);
const delay = (error: InferenceError, attempt = 0, random = () => 0.5, receivedFirstToken = false) =>
  nextRetryDelay({ attempt, error, receivedFirstToken, random });

describe('nextRetryDelay', () => {
  it.each<ErrorCode>(['rate-limited', 'loading', 'network', 'timeout'])('retries %s before the first token', (code) => {
    expect(delay(err(code))).not.toBeNull();
  });

  it.each<ErrorCode>(['auth', 'not-found', 'too-large', 'protocol', 'aborted', 'config'])('never retries %s', (code) => {
    expect(delay(err(code))).toBeNull();
  });

  it('retries gateway failures but not a 500 or an error inside the stream', () => {
    expect(delay(err('server', { status: 502 }))).not.toBeNull();
    expect(delay(err('server', { status: 504 }))).not.toBeNull();
    expect(delay(err('server', { status: 500 }))).toBeNull();
    expect(delay(err('server', { status: 200, midStream: true }))).toBeNull();
    expect(delay(err('server'))).toBeNull();
  });

  it('never retries after the first token', () => {
    expect(delay(err('network'), 0, () => 0.5, true)).toBeNull();
  });

  it('stops after maxRetries', () => {
    expect(delay(err('loading'), retryPolicy.maxRetries - 1)).not.toBeNull();
    expect(delay(err('loading'), retryPolicy.maxRetries)).toBeNull();
  });

  it('backs off exponentially with equal jitter: [exp/2, exp]', () => {
    for (const attempt of [0, 1]) {
      const exp = retryPolicy.baseMs * 2 ** attempt;
      expect(delay(err('network'), attempt, () => 0)).toBe(exp / 2);
      expect(delay(err('network'), attempt, () => 0.999999)).toBe(exp);
      expect(delay(err('network'), attempt, () => 0.5)).toBe(Math.round(exp * 0.75));
    }
  });

  it('clamps a misbehaving random source', () => {
    expect(delay(err('network'), 0, () => -3)).toBe(500);
    expect(delay(err('network'), 0, () => 7)).toBe(1000);
  });

  it('waits at least Retry-After', () => {
    expect(delay(err('rate-limited', { retryAfterMs: 7000 }))).toBe(7000);
    // A Retry-After shorter than the backoff does not shorten it.
    expect(delay(err('rate-limited', { retryAfterMs: 10 }), 1, () => 0)).toBe(1000);
  });

  it('does not retry when Retry-After is over the cap, so the UI can say "try again in N s"', () => {
    expect(delay(err('rate-limited', { retryAfterMs: retryPolicy.maxRetryAfterMs }))).toBe(60_000);
    expect(delay(err('rate-limited', { retryAfterMs: retryPolicy.maxRetryAfterMs + 1 }))).toBeNull();
    expect(delay(err('loading', { retryAfterMs: 300_000 }))).toBeNull();
  });
});
