import { describe, expect, it } from 'vitest';
import { Lane, lanePolicy } from './lanes';

const half = () => 0.5;

describe('Lane', () => {
  it('takes units in order up to its concurrency, and more as they finish', () => {
    const lane = new Lane('a', 2, [0, 1, 2, 3]);
    expect(lane.take(0)).toEqual([0, 1]);
    expect(lane.take(0)).toEqual([]);
    lane.succeed(0);
    expect(lane.take(0)).toEqual([2]);
    lane.succeed(1);
    lane.succeed(2);
    expect(lane.take(0)).toEqual([3]);
    lane.succeed(3);
    expect(lane).toMatchObject({ done: 4, pending: 0, inFlight: 0, finished: true });
  });

  it('one back-off for the whole endpoint: requests in flight when it began count once, and honour Retry-After', () => {
    const lane = new Lane('a', 4, [0, 1, 2, 3, 4, 5]);
    expect(lane.take(0)).toEqual([0, 1, 2, 3]);
    const limited = { code: 'rate-limited', status: 429, retryAfterMs: 3000 };
    expect(lane.fail(0, limited, 100, half)).toEqual({ kind: 'backoff', waitMs: 3000 });
    // The other three were sent before the back-off began: same episode, no extra failure, no longer wait.
    for (const u of [1, 2, 3]) lane.fail(u, limited, 120, half);
    expect(lane.failures).toBe(1);
    expect(lane.gateUntil).toBe(3120);
    expect(lane.take(3000)).toEqual([]);
    expect(lane.wakeAt(3000)).toBe(3120);
    // Then one request probes; the rest wait for it.
    expect(lane.take(3120)).toEqual([0]);
    expect(lane.take(3120)).toEqual([]);
    lane.succeed(0);
    expect(lane.failures).toBe(0);
    expect(lane.take(3200)).toEqual([1, 2, 3, 4]);
  });

  it('backs off exponentially with jitter when the endpoint says nothing', () => {
    const lane = new Lane('a', 1, [0]);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 4; i++) {
      lane.take(now);
      const v = lane.fail(0, { code: 'loading', status: 503 }, now, half);
      if (v.kind === 'backoff') waits.push(v.waitMs);
      now = lane.gateUntil;
    }
    expect(waits).toEqual([750, 1500, 3000, 6000]);
    expect(lane.paused).toBeNull();
  });

  it('pauses an endpoint that keeps failing, keeping its units', () => {
    const lane = new Lane('a', 1, [0, 1]);
    let now = 0;
    for (let i = 0; i < lanePolicy.maxConsecutiveFailures; i++) {
      expect(lane.take(now)).toEqual([0]);
      lane.fail(0, { code: 'rate-limited', status: 429 }, now, half);
      now = lane.gateUntil;
    }
    expect(lane.paused).toEqual({ reason: 'keeps-failing', code: 'rate-limited' });
    expect(lane.take(now + 60_000)).toEqual([]);
    expect(lane.pending).toBe(2);
    lane.resume();
    expect(lane.take(now)).toEqual([0]);
  });

  it('pauses at once on a refused token or a wrong URL, and on a wait longer than the cap', () => {
    const auth = new Lane('a', 2, [0, 1, 2]);
    auth.take(0);
    expect(auth.fail(0, { code: 'auth', status: 401 }, 0, half)).toEqual({ kind: 'requeue' });
    expect(auth.paused).toEqual({ reason: 'auth', code: 'auth' });
    expect(auth.take(10)).toEqual([]);

    const long = new Lane('b', 1, [0]);
    long.take(0);
    long.fail(0, { code: 'rate-limited', retryAfterMs: lanePolicy.maxRetryAfterMs + 1 }, 0, half);
    expect(long.paused).toMatchObject({ reason: 'wait-too-long', waitMs: lanePolicy.maxRetryAfterMs + 1 });
  });

  it('keeps a unit that failed on its own aside for a retry, and puts stopped units back without counting', () => {
    const lane = new Lane('a', 3, [0, 1, 2]);
    lane.take(0);
    expect(lane.fail(0, { code: 'server', status: 500 }, 0, half)).toEqual({ kind: 'failed' });
    expect(lane.fail(1, { code: 'server', status: 200, midStream: true }, 0, half)).toEqual({ kind: 'failed' });
    expect(lane.fail(2, { code: 'aborted' }, 0, half)).toEqual({ kind: 'requeue' });
    expect(lane.failures).toBe(2);
    expect([...lane.failedUnits]).toEqual([0, 1]);
    expect(lane.take(0)).toEqual([2]);
    lane.succeed(2);
    expect(lane.retryFailed()).toBe(2);
    expect(lane.take(0)).toEqual([0, 1]);
  });

  it('treats a gateway error as passing', () => {
    const lane = new Lane('a', 1, [0]);
    lane.take(0);
    expect(lane.fail(0, { code: 'server', status: 502 }, 0, half).kind).toBe('backoff');
  });
});
