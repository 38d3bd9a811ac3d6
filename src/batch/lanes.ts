// One lane per endpoint of a run: the units still to ask, the requests in flight, and one back-off shared by
// the whole endpoint. Pure (the clock and the random source are passed in), so the policy is tested without
// a network: a rate limit or a loading model slows its own endpoint down, never the others, and an endpoint
// that keeps failing is paused with a reason while its units wait for a retry.

/** How a unit's request failed, as the inference module reports it. */
export interface FailureInfo {
  code: string;
  status?: number;
  retryAfterMs?: number;
  midStream?: boolean;
}

/** Why a lane stopped taking units on its own; the words are `batch.pause.<reason>` in src/i18n/{en,ja}/batch.ts. */
export type PauseReason = 'auth' | 'not-found' | 'config' | 'keeps-failing' | 'wait-too-long';

export interface LanePause {
  reason: PauseReason;
  /** The error code of the failure that paused it. */
  code: string;
  /** For wait-too-long: what the endpoint asked for. */
  waitMs?: number;
}

export const lanePolicy = {
  /** Failures in a row (a back-off counts once, however many requests were in flight) before a pause. */
  maxConsecutiveFailures: 5,
  baseMs: 1000,
  maxBackoffMs: 60_000,
  /** A Retry-After longer than this pauses the lane (with the wait in words) instead of holding a run open. */
  maxRetryAfterMs: 10 * 60_000,
} as const;

export type Verdict =
  /** Stopped by pause or cancel: back in the queue, not counted. */
  | { kind: 'requeue' }
  /** Worth another try later: back at the front of the queue; the lane waits. */
  | { kind: 'backoff'; waitMs: number }
  /** The unit ended with an error of its own; kept aside for "retry failed". */
  | { kind: 'failed' };

/** Gateways answer these when the model server behind them is restarting or unreachable. */
const GATEWAY_STATUSES = new Set([502, 504, 520, 521, 522, 523, 524]);

/**
 * aborted: stopped by the person; fatal: the endpoint cannot be used as configured; transient: worth another
 * try later; unit: this unit's own failure (the same request would likely fail again).
 */
export function classify(info: FailureInfo): 'aborted' | 'fatal' | 'transient' | 'unit' {
  switch (info.code) {
    case 'aborted':
      return 'aborted';
    case 'auth':
    case 'not-found':
    case 'config':
      // Every other unit of this endpoint would fail the same way.
      return 'fatal';
    case 'rate-limited':
    case 'loading':
    case 'network':
    case 'timeout':
      return 'transient';
    case 'server':
      return !info.midStream && info.status !== undefined && GATEWAY_STATUSES.has(info.status) ? 'transient' : 'unit';
    default:
      return 'unit';
  }
}

export class Lane {
  /** Pending units in descending order, so that pop() gives the next one (the lowest). */
  private readonly stack: number[];
  /** Unit → the back-off epoch it started in. */
  private readonly running = new Map<number, number>();
  /** Answered units whose answers are being stored: out of the way of the next requests, not done yet. */
  private readonly storing = new Set<number>();
  readonly failedUnits = new Set<number>();
  done = 0;
  /** No new request before this time (ms, the caller's clock). */
  gateUntil = 0;
  /** Bumped by every counted back-off: failures of requests sent before it are part of the same episode. */
  private epoch = 0;
  failures = 0;
  /** After a back-off, one request goes first; the lane opens up again once it succeeds. */
  probing = false;
  paused: LanePause | null = null;
  lastError: FailureInfo | null = null;

  constructor(
    readonly id: string,
    readonly concurrency: number,
    pending: readonly number[],
    failed: readonly number[] = [],
    done = 0,
  ) {
    this.stack = [...pending].sort((a, b) => b - a);
    for (const u of failed) this.failedUnits.add(u);
    this.done = done;
  }

  get pending(): number {
    return this.stack.length;
  }

  get inFlight(): number {
    return this.running.size;
  }

  get beingStored(): number {
    return this.storing.size;
  }

  /** Nothing left to ask, nothing in flight, nothing being stored (failed units may remain). */
  get finished(): boolean {
    return this.stack.length === 0 && this.running.size === 0 && this.storing.size === 0;
  }

  /** Units to start now. */
  take(now: number): number[] {
    if (this.paused || now < this.gateUntil) return [];
    const limit = this.probing ? 1 : this.concurrency;
    const out: number[] = [];
    while (this.running.size < limit && this.stack.length > 0) {
      const unit = this.stack.pop()!;
      this.running.set(unit, this.epoch);
      out.push(unit);
    }
    return out;
  }

  /** When the lane can take units again, if it is only waiting for its back-off; null otherwise. */
  wakeAt(now: number): number | null {
    return !this.paused && this.stack.length > 0 && now < this.gateUntil ? this.gateUntil : null;
  }

  /** The endpoint answered: the unit frees its place for the next request while its answer is stored. */
  answered(unit: number): void {
    this.running.delete(unit);
    this.storing.add(unit);
    this.failures = 0;
    this.probing = false;
  }

  succeed(unit: number): void {
    this.running.delete(unit);
    this.storing.delete(unit);
    this.done += 1;
    this.failures = 0;
    this.probing = false;
  }

  /** An answered unit whose answer could not be stored: failed, for "retry failed". */
  notKept(unit: number, info: FailureInfo): void {
    this.storing.delete(unit);
    this.failedUnits.add(unit);
    this.lastError = info;
  }

  fail(unit: number, info: FailureInfo, now: number, random: () => number): Verdict {
    const startedIn = this.running.get(unit) ?? this.epoch;
    this.running.delete(unit);
    const kind = classify(info);
    if (kind === 'aborted') {
      this.putBack(unit);
      return { kind: 'requeue' };
    }
    this.lastError = info;
    if (kind === 'fatal') {
      this.putBack(unit);
      this.paused ??= { reason: info.code as PauseReason, code: info.code };
      return { kind: 'requeue' };
    }
    if (kind === 'unit') {
      this.failedUnits.add(unit);
      this.countFailure(info);
      return { kind: 'failed' };
    }
    this.putBack(unit);
    const retryAfter = info.retryAfterMs ?? 0;
    if (retryAfter > lanePolicy.maxRetryAfterMs) {
      this.paused ??= { reason: 'wait-too-long', code: info.code, waitMs: retryAfter };
      return { kind: 'backoff', waitMs: retryAfter };
    }
    if (startedIn < this.epoch) {
      // Sent before the current back-off began: the same episode. Its Retry-After still holds.
      this.gateUntil = Math.max(this.gateUntil, now + retryAfter);
      return { kind: 'backoff', waitMs: Math.max(0, this.gateUntil - now) };
    }
    this.epoch += 1;
    this.probing = true;
    this.countFailure(info);
    const exp = Math.min(lanePolicy.maxBackoffMs, lanePolicy.baseMs * 2 ** (this.failures - 1));
    const r = Math.min(Math.max(random(), 0), 1);
    const wait = Math.max(retryAfter, Math.round(exp / 2 + (r * exp) / 2));
    this.gateUntil = Math.max(this.gateUntil, now + wait);
    return { kind: 'backoff', waitMs: this.gateUntil - now };
  }

  private countFailure(info: FailureInfo): void {
    this.failures += 1;
    if (this.failures >= lanePolicy.maxConsecutiveFailures) this.paused ??= { reason: 'keeps-failing', code: info.code };
  }

  /** The person resumes a paused lane: it starts afresh (no back-off, no failure count). */
  resume(): void {
    this.paused = null;
    this.failures = 0;
    this.gateUntil = 0;
    this.probing = false;
  }

  /** Failed units go back into the queue, in order; resolves to how many. */
  retryFailed(): number {
    const units = [...this.failedUnits];
    this.failedUnits.clear();
    for (const u of units) this.putBack(u);
    return units.length;
  }

  /** Back into the queue in order: a unit taken again goes before the ones never taken. */
  private putBack(unit: number): void {
    let lo = 0;
    let hi = this.stack.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stack[mid]! > unit) lo = mid + 1;
      else hi = mid;
    }
    this.stack.splice(lo, 0, unit);
  }
}
