// What the progress view shows of a run being worked on: per endpoint done / total, failures, requests in
// flight, the back-off or pause, throughput and the time left. Kept outside the stored run (it changes many
// times a second) in a small store of its own, updated at most a few times a second.
import { create } from 'zustand';
import type { LanePause } from './lanes';

export interface LaneProgress {
  endpointId: string;
  label: string;
  total: number;
  done: number;
  failed: number;
  inFlight: number;
  /** Not asked yet (or put back after a failure to be asked again). */
  pending: number;
  paused: LanePause | null;
  /** Epoch ms until which the endpoint backs off; null when it does not. */
  waitingUntil: number | null;
  /** Code of the last failure, while the lane is in trouble. */
  lastError: string | null;
  /** Units done per second over the last while; null until there is something to measure. */
  perSecond: number | null;
}

export interface RunProgress {
  runId: string;
  /** here: this tab works on it; elsewhere: another tab does (seen through a BroadcastChannel). */
  where: 'here' | 'elsewhere';
  /** Set while pause or cancel waits for the requests in flight. */
  stopping: 'pause' | 'cancel' | null;
  lanes: LaneProgress[];
  /** Time left at the current pace (the slowest endpoint's); null when unknown. */
  etaMs: number | null;
  perSecond: number | null;
}

interface ProgressState {
  runs: Readonly<Record<string, RunProgress>>;
  set: (progress: RunProgress) => void;
  clear: (runId: string) => void;
}

export const useRunProgress = create<ProgressState>()((set) => ({
  runs: {},
  set: (progress) => set((s) => ({ runs: { ...s.runs, [progress.runId]: progress } })),
  clear: (runId) =>
    set((s) => {
      const { [runId]: _gone, ...runs } = s.runs;
      return { runs };
    }),
}));

/** Completions per second over a sliding window, from their times (ms). */
export class Pace {
  private readonly times: number[] = [];

  constructor(private readonly windowMs = 20_000) {}

  note(at: number): void {
    this.times.push(at);
    const from = at - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! < from) drop += 1;
    if (drop > 0) this.times.splice(0, drop);
  }

  /** Null until two completions span some time. */
  perSecond(now: number): number | null {
    const inWindow = this.times.filter((t) => t >= now - this.windowMs);
    if (inWindow.length < 2) return null;
    const span = now - inWindow[0]!;
    return span > 0 ? ((inWindow.length - 1) * 1000) / span : null;
  }
}

/** The run's time left: lanes work in parallel, so it is the slowest lane's. */
export function etaOf(lanes: readonly LaneProgress[]): number | null {
  let eta = 0;
  for (const l of lanes) {
    const left = l.pending + l.inFlight;
    if (left === 0) continue;
    if (l.paused || !l.perSecond) return null;
    eta = Math.max(eta, (left / l.perSecond) * 1000);
  }
  return eta;
}
