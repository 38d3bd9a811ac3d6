// A worker's progress reports, thinned: a message per line or image would cost the page more than the work
// it reports. A new phase is always told at once.

/** Where a long job is: its step, and how much of that step is done (0 of 0 when it cannot be counted). */
export interface Progress<P extends string = string> {
  phase: P;
  done: number;
  total: number;
}

/** Passes a report on at most once per `ms` within a phase. */
export function throttleProgress<T extends Progress>(post: (p: T) => void, ms = 100): (p: T) => void {
  let phase: string | null = null;
  let at = 0;
  return (p) => {
    const now = performance.now();
    if (phase === p.phase && now - at < ms) return;
    phase = p.phase;
    at = now;
    post(p);
  };
}
