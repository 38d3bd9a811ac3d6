// Runs in this tab: takes a run's lock (two tabs never work on one run), rebuilds where it stands, works
// through it, keeps each unit's outcome, and publishes its progress (to this tab's store and, through a
// BroadcastChannel, to other tabs). The person's commands (pause, cancel, resume an endpoint, retry the
// failed units) are written to the stored run first, then applied to the run wherever it is worked on.
//
// Exactly once: every unit has a fixed record id. When a run (re)starts, a unit whose record finished ok is
// done and never asked again; a unit that was in flight when its tab went away has no finished record, so it
// is asked again (the endpoint's answer to the first request never arrived). Nothing else is ever re-sent.
import { own } from '../config/own';
import { preloadInference } from '../inference';
import { findEndpoint } from '../store/endpoints';
import { groupedRecordWrites } from '../records';
import { recordsRepo } from '../records/instance';
import { reportStorageError, useAppStore } from '../store';
import { askUnit } from './answer-unit';
import { rebuildAnswerLanes } from './answer-lanes';
import type { BatchRepo } from './batch-repo';
import { Executor, type ExecutorEnd, type UnitResult } from './executor';
import { batchRepo } from './instance';
import { judgeUnit, rebuildJudgeLane } from './judge-unit';
import type { Lane } from './lanes';
import type { Run, UnitOutcome } from './model';
import { PreparedImages } from './prepared-images';
import { etaOf, Pace, useRunProgress, type LaneProgress, type RunProgress } from './progress';

const CHANNEL = 'tanuki-batch';
const PROGRESS_MS = 250;
const OUTCOMES_MS = 500;
/** Answers' records that end within this of each other are stored in one transaction (see grouped-writes.ts). */
const RECORD_GROUP_MS = 100;

type Command = { kind: 'pause' } | { kind: 'cancel' } | { kind: 'resume-lane'; lane: number } | { kind: 'retry-failed' };
type Message =
  | { type: 'progress'; progress: RunProgress }
  /** The tab that worked on the run stopped (the run ended, paused or stalled). */
  | { type: 'ended'; runId: string }
  | { type: 'command'; runId: string; command: Command }
  | { type: 'changed' };

let channel: BroadcastChannel | null = null;
const listeners = new Set<() => void>();

function bus(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel !== 'function') return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<Message>) => {
    const m = event.data;
    if (m.type === 'progress') {
      if (!executions.has(m.progress.runId)) useRunProgress.getState().set({ ...m.progress, where: 'elsewhere' });
    } else if (m.type === 'ended') {
      if (!executions.has(m.runId)) useRunProgress.getState().clear(m.runId);
    } else if (m.type === 'command') {
      executions.get(m.runId)?.apply(m.command);
    } else {
      for (const l of listeners) l();
    }
  };
  return channel;
}

/**
 * The outcomes of a run this tab works on, as of now (the same object until one changes), or null when no tab
 * here works on it: then the results read what is stored.
 */
export function outcomesHere(runId: string): ReadonlyMap<number, UnitOutcome> | null {
  return executions.get(runId)?.outcomesNow() ?? null;
}

/** Called when another tab changed stored runs or sets (the screen reloads its lists). */
export function onStoredChange(listener: () => void): () => void {
  bus();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells this tab's screens and other tabs that stored runs or sets changed. */
export function announceChange(): void {
  for (const l of listeners) l();
  bus()?.postMessage({ type: 'changed' } satisfies Message);
}

const lockName = (runId: string) => `tanuki-batch-run:${runId}`;

class Execution {
  readonly executor: Executor;
  private readonly paces: Pace[];
  private readonly labels: { endpointId: string; label: string }[];
  /**
   * Every unit's outcome as this tab knows it (stored ones, then each as it settles): what the results show
   * while the run is worked on here, in step with the progress counters (storage gets them in batches).
   */
  private readonly outcomes: Map<number, UnitOutcome>;
  /**
   * A copy of `outcomes` for the screen, made again when progress is published after they changed: the results'
   * counts are then those of the progress counters, never ahead of them.
   */
  private shown: ReadonlyMap<number, UnitOutcome>;
  private shownStale = false;
  private buffer: UnitOutcome[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private stopping: 'pause' | 'cancel' | null = null;
  private pausesSaved: (string | null)[];
  private closed = false;

  constructor(
    private run: Run,
    private readonly repo: BatchRepo,
    readonly lanes: Lane[],
    work: ConstructorParameters<typeof Executor>[0]['work'],
    known: readonly UnitOutcome[],
  ) {
    this.outcomes = new Map(known.map((o) => [o.unit, o]));
    this.shown = new Map(this.outcomes);
    this.paces = lanes.map(() => new Pace());
    this.labels = run.lanes.map((l) => ({ endpointId: l.endpoint.id, label: l.endpoint.label }));
    this.pausesSaved = lanes.map((l) => l.paused?.reason ?? null);
    this.executor = new Executor({
      lanes,
      work,
      onSettled: (lane, unit, result, error) => {
        const index = lanes.indexOf(lane);
        if (result === 'done') this.paces[index]?.note(performance.now());
        const outcome: UnitOutcome = { runId: run.id, unit, state: result, code: error?.code ?? null, at: new Date().toISOString() };
        this.setOutcome(outcome);
        this.buffer.push(outcome);
        this.flushTimer ??= setTimeout(() => void this.flush(), OUTCOMES_MS);
      },
      onChange: () => {
        if (this.closed) return;
        this.progressTimer ??= setTimeout(() => this.publish(), PROGRESS_MS);
        if (lanes.some((l, i) => (l.paused?.reason ?? null) !== this.pausesSaved[i])) void this.saveLanePauses();
      },
    });
  }

  apply(command: Command): void {
    if (command.kind === 'pause') {
      this.stopping ??= 'pause';
      this.executor.pause();
    } else if (command.kind === 'cancel') {
      this.stopping = 'cancel';
      this.executor.cancel();
    } else if (command.kind === 'resume-lane') {
      this.lanes[command.lane]?.resume();
      this.pausesSaved[command.lane] = null;
      this.executor.poke();
    } else {
      const at = new Date().toISOString();
      for (const l of this.lanes) {
        for (const unit of l.failedUnits) this.setOutcome({ runId: this.run.id, unit, state: 'retry', code: null, at });
        l.retryFailed();
      }
      this.executor.poke();
    }
    this.publish();
  }

  private setOutcome(outcome: UnitOutcome): void {
    this.outcomes.set(outcome.unit, outcome);
    this.shownStale = true;
  }

  outcomesNow(): ReadonlyMap<number, UnitOutcome> {
    return this.shown;
  }

  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.buffer;
    this.buffer = [];
    // In order, so a later flush never overtakes an earlier one.
    this.flushing = this.flushing.then(() => this.repo.putOutcomes(batch).catch(reportStorageError));
    await this.flushing;
  }

  private async saveLanePauses(): Promise<void> {
    this.pausesSaved = this.lanes.map((l) => l.paused?.reason ?? null);
    const stored = (await this.repo.getRun(this.run.id)) ?? this.run;
    const next: Run = {
      ...stored,
      updatedAt: new Date().toISOString(),
      lanes: stored.lanes.map((l, i) => ({ ...l, paused: this.lanes[i]?.paused ?? null })),
    };
    this.run = await this.repo.putRun(next).catch((e: unknown) => {
      reportStorageError(e);
      return next;
    });
    announceChange();
  }

  progress(): RunProgress {
    const now = performance.now();
    const lanes: LaneProgress[] = this.lanes.map((l, i) => ({
      ...this.labels[i]!,
      total: l.done + l.failedUnits.size + l.pending + l.inFlight + l.beingStored,
      done: l.done,
      failed: l.failedUnits.size,
      inFlight: l.inFlight,
      pending: l.pending,
      paused: l.paused,
      waitingUntil: l.gateUntil > now && !l.paused ? Date.now() + (l.gateUntil - now) : null,
      lastError: l.failures > 0 || l.paused ? (l.lastError?.code ?? null) : null,
      perSecond: this.paces[i]!.perSecond(now),
    }));
    const perSecond = lanes.reduce<number | null>((sum, l) => (l.perSecond === null ? sum : (sum ?? 0) + l.perSecond), null);
    return { runId: this.run.id, where: 'here', stopping: this.stopping, lanes, etaMs: etaOf(lanes), perSecond };
  }

  /** Stops publishing: what the screen shows of a run nobody works on comes from storage. */
  close(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    this.closed = true;
    useRunProgress.getState().clear(this.run.id);
    bus()?.postMessage({ type: 'ended', runId: this.run.id } satisfies Message);
  }

  publish(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    if (this.closed) return;
    if (this.shownStale) {
      this.shown = new Map(this.outcomes);
      this.shownStale = false;
    }
    const p = this.progress();
    useRunProgress.getState().set(p);
    bus()?.postMessage({ type: 'progress', progress: p } satisfies Message);
  }
}

const executions = new Map<string, Execution>();
const starting = new Set<string>();

async function execute(runId: string): Promise<void> {
  // The inference library (its own chunk) loads while the run is read: loaded on the first unit's request, it
  // let every unit that had started meanwhile build and send its request in the one task that saw it arrive.
  // A failed load is left to the units (each words it as its request's failure).
  const library = preloadInference().catch(() => undefined);
  const repo = await batchRepo();
  const run = await repo.getRun(runId);
  if (!run || run.state !== 'running') return;
  const payload = await repo.getPayload(runId);
  if (!payload) return;
  const records = await recordsRepo();
  const outcomes = await repo.outcomes(runId);
  const endpointOf = (lane: number) => {
    const snapshot = run.lanes[lane]!.endpoint;
    return findEndpoint(useAppStore.getState(), snapshot.id) ?? snapshot;
  };
  const tokenOf = (id: string) => own(useAppStore.getState().tokens, id);
  let lanes: Lane[];
  let found: UnitOutcome[];
  let work: (lane: Lane, unit: number, signal: AbortSignal) => Promise<UnitResult>;
  /** Answers that arrived and wait to be stored are written when the tab goes away: else asked again. */
  let onPageHide = () => {};
  if (run.kind === 'answer' && payload.kind === 'answer') {
    const rebuilt = await rebuildAnswerLanes(run, outcomes, records);
    await repo.putOutcomes(rebuilt.found).catch(reportStorageError);
    lanes = rebuilt.lanes;
    found = rebuilt.found;
    const writes = groupedRecordWrites(recordsRepo, RECORD_GROUP_MS);
    onPageHide = writes.flush;
    const ctx = {
      run,
      items: payload.items,
      endpointOf,
      tokenOf,
      images: new PreparedImages(recordsRepo),
      repo: () => Promise.resolve(writes),
      onStorageError: reportStorageError,
    };
    work = (_lane, unit, signal) => askUnit(ctx, unit, signal);
  } else if (run.kind === 'judge' && payload.kind === 'judge') {
    const rebuilt = await rebuildJudgeLane(run, payload.recordIds, outcomes, records);
    await repo.putOutcomes(rebuilt.found).catch(reportStorageError);
    lanes = rebuilt.lanes;
    found = rebuilt.found;
    const ctx = {
      run,
      recordIds: payload.recordIds,
      endpoint: () => endpointOf(0),
      token: tokenOf,
      repo: () => recordsRepo(),
      onStorageError: reportStorageError,
    };
    work = (_lane, unit, signal) => judgeUnit(ctx, unit, signal);
  } else {
    return;
  }
  await library;
  const execution = new Execution(run, repo, lanes, work, [...outcomes, ...found]);
  executions.set(runId, execution);
  let end: ExecutorEnd;
  addEventListener('pagehide', onPageHide);
  try {
    execution.publish();
    end = await execution.executor.run();
  } finally {
    removeEventListener('pagehide', onPageHide);
    await execution.flush();
    executions.delete(runId);
    execution.close();
  }
  if (end === 'finished') {
    const stored = await repo.getRun(runId);
    if (stored?.state === 'running') {
      await repo.putRun({ ...stored, state: 'done', updatedAt: new Date().toISOString() }).catch(reportStorageError);
    }
  }
  announceChange();
}

/**
 * Works on the run in this tab if no other tab does (its lock is free). With `wait`, a tab whose run is
 * worked on elsewhere queues for the lock, and takes the run over if that tab goes away.
 */
export async function runHere(runId: string, options: { wait?: boolean } = {}): Promise<void> {
  if (executions.has(runId) || starting.has(runId)) return;
  starting.add(runId);
  bus();
  try {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) {
      await execute(runId);
      return;
    }
    if (options.wait) {
      const held = await locks.query();
      if (held.held?.some((l) => l.name === lockName(runId))) markElsewhere(runId);
    }
    await locks.request(lockName(runId), options.wait ? {} : { ifAvailable: true }, async (lock) => {
      starting.delete(runId);
      if (!lock) {
        markElsewhere(runId);
        return;
      }
      await execute(runId);
    });
  } catch (e) {
    reportStorageError(e);
  } finally {
    starting.delete(runId);
  }
}

function markElsewhere(runId: string): void {
  const current = useRunProgress.getState().runs[runId];
  if (!current || current.where !== 'elsewhere') {
    useRunProgress.getState().set({ runId, where: 'elsewhere', stopping: null, lanes: current?.lanes ?? [], etaMs: null, perSecond: null });
  }
}

async function updateRun(runId: string, change: (run: Run) => Run): Promise<Run | undefined> {
  const repo = await batchRepo();
  const run = await repo.getRun(runId);
  if (!run) return undefined;
  const next = await repo.putRun({ ...change(run), updatedAt: new Date().toISOString() });
  announceChange();
  return next;
}

function send(runId: string, command: Command): void {
  const here = executions.get(runId);
  if (here) here.apply(command);
  else bus()?.postMessage({ type: 'command', runId, command } satisfies Message);
}

export async function pauseRun(runId: string): Promise<void> {
  await updateRun(runId, (r) => (r.state === 'running' ? { ...r, state: 'paused' } : r));
  send(runId, { kind: 'pause' });
}

export async function cancelRun(runId: string): Promise<void> {
  await updateRun(runId, (r) => (r.state === 'done' ? r : { ...r, state: 'cancelled' }));
  send(runId, { kind: 'cancel' });
}

export async function resumeRun(runId: string): Promise<void> {
  const run = await updateRun(runId, (r) => (r.state === 'paused' || r.state === 'running' ? { ...r, state: 'running' } : r));
  if (run?.state === 'running') await runHere(runId);
}

export async function resumeLane(runId: string, lane: number): Promise<void> {
  const run = await updateRun(runId, (r) => ({
    ...r,
    state: r.state === 'cancelled' ? r.state : 'running',
    lanes: r.lanes.map((l, i) => (i === lane ? { ...l, paused: null } : l)),
  }));
  send(runId, { kind: 'resume-lane', lane });
  if (run?.state === 'running') await runHere(runId);
}

/** The failed units go back to be asked again (once each). */
export async function retryFailed(runId: string): Promise<void> {
  const repo = await batchRepo();
  const at = new Date().toISOString();
  const failed = (await repo.outcomes(runId)).filter((o) => o.state === 'failed').map((o) => ({ ...o, state: 'retry' as const, at }));
  await repo.putOutcomes(failed);
  const run = await updateRun(runId, (r) => (r.state === 'cancelled' ? r : { ...r, state: 'running' }));
  send(runId, { kind: 'retry-failed' });
  if (run?.state === 'running') await runHere(runId);
}

/** At start-up: runs that were being worked on when the page went away carry on (or wait for their tab). */
export async function resumeActiveRuns(): Promise<void> {
  const repo = await batchRepo();
  const runs = (await repo.listRuns()).items.filter((r) => r.state === 'running');
  for (const r of runs) void runHere(r.id, { wait: true });
}
