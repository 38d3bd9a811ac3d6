// Works through a run's lanes: starts units as lanes allow, hands each result back to its lane, wakes up
// when a back-off ends, and ends when nothing is in flight and nothing can start. What a unit does (ask an
// endpoint, or a judge) and where outcomes are kept are the caller's: this holds only the order of things.
import { Lane, type FailureInfo, type Verdict } from './lanes';

/**
 * `stored`: the answer has arrived and its record is being written; the unit frees its place for the next
 * request at once, and counts as done (or fails with `storage`) when this settles.
 */
export type UnitResult = { ok: true; stored?: Promise<boolean> } | { ok: false; error: FailureInfo };

/** finished: every unit done or failed; stalled: what is left waits on paused lanes; paused/cancelled: asked to. */
export type ExecutorEnd = 'finished' | 'stalled' | 'paused' | 'cancelled';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ExecutorOptions {
  lanes: readonly Lane[];
  /** Never throws; `signal` aborts on cancel. */
  work: (lane: Lane, unit: number, signal: AbortSignal) => Promise<UnitResult>;
  /** A unit reached an end of its own (not requeued): keep it. */
  onSettled?: (lane: Lane, unit: number, result: 'done' | 'failed', error: FailureInfo | null) => void;
  /** Anything changed (a unit started or ended, a lane paused): redraw, at most as often as it likes. */
  onChange?: (lane: Lane, verdict: Verdict | null) => void;
  clock?: Clock;
  random?: () => number;
}

export class Executor {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly controllers = new Map<string, AbortController>();
  /** Answers whose records are still being written: the run ends only once they are kept. */
  private storing = 0;
  private stopping: 'pause' | 'cancel' | null = null;
  private timer: unknown = null;
  private ending: ((end: ExecutorEnd) => void) | null = null;

  constructor(private readonly options: ExecutorOptions) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
  }

  get lanes(): readonly Lane[] {
    return this.options.lanes;
  }

  get inFlight(): number {
    return this.controllers.size;
  }

  /** Runs until it ends; one run at a time. */
  run(): Promise<ExecutorEnd> {
    if (this.ending) throw new Error('executor already running');
    this.stopping = null;
    return new Promise<ExecutorEnd>((resolve) => {
      this.ending = resolve;
      this.pump();
    });
  }

  /** No new units; those in flight finish (their answers are worth keeping). */
  pause(): void {
    this.stopping ??= 'pause';
    this.pump();
  }

  /** No new units, and those in flight are stopped. */
  cancel(): void {
    this.stopping = 'cancel';
    for (const c of this.controllers.values()) c.abort();
    this.pump();
  }

  /** After a lane was resumed or failed units were put back: start what can start. */
  poke(): void {
    this.pump();
  }

  private pump(): void {
    if (!this.ending) return;
    const now = this.clock.now();
    if (!this.stopping) {
      for (const lane of this.options.lanes) for (const unit of lane.take(now)) this.start(lane, unit);
    }
    if (this.controllers.size > 0 || this.storing > 0) return this.arm(now);
    this.disarm();
    if (this.stopping) return this.end(this.stopping === 'pause' ? 'paused' : 'cancelled');
    if (this.options.lanes.every((l) => l.finished)) return this.end('finished');
    // Left: lanes that wait for a back-off (wake up then), or paused ones (stalled).
    if (this.wakeAt(now) !== null) return this.arm(now);
    this.end('stalled');
  }

  private wakeAt(now: number): number | null {
    let at: number | null = null;
    for (const lane of this.options.lanes) {
      const w = lane.wakeAt(now);
      if (w !== null && (at === null || w < at)) at = w;
    }
    return at;
  }

  private arm(now: number): void {
    this.disarm();
    if (this.stopping) return;
    const at = this.wakeAt(now);
    if (at === null) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(0, at - now),
    );
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private end(end: ExecutorEnd): void {
    const resolve = this.ending;
    this.ending = null;
    resolve?.(end);
  }

  private kept(lane: Lane, unit: number, kept: boolean): void {
    this.storing -= 1;
    if (kept) {
      lane.succeed(unit);
      this.options.onSettled?.(lane, unit, 'done', null);
    } else {
      const error = { code: 'storage' };
      lane.notKept(unit, error);
      this.options.onSettled?.(lane, unit, 'failed', error);
    }
    this.options.onChange?.(lane, null);
    this.pump();
  }

  private start(lane: Lane, unit: number): void {
    const key = `${lane.id}\u0000${unit}`;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    const settle = (result: UnitResult) => {
      this.controllers.delete(key);
      let verdict: Verdict | null = null;
      if (result.ok && result.stored) {
        lane.answered(unit);
        this.storing += 1;
        void result.stored.then(
          (kept) => this.kept(lane, unit, kept),
          () => this.kept(lane, unit, false),
        );
      } else if (result.ok) {
        lane.succeed(unit);
        this.options.onSettled?.(lane, unit, 'done', null);
      } else {
        verdict = lane.fail(unit, result.error, this.clock.now(), this.random);
        if (verdict.kind === 'failed') this.options.onSettled?.(lane, unit, 'failed', result.error);
      }
      this.options.onChange?.(lane, verdict);
      this.pump();
    };
    this.options.onChange?.(lane, null);
    // `work` promises never to throw; if it does anyway, the unit fails rather than hang the run.
    this.options.work(lane, unit, controller.signal).then(settle, () => settle({ ok: false, error: { code: 'internal' } }));
  }
}
