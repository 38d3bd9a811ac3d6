// Streaming text lives here, outside the persisted store. Deltas are appended to a plain buffer and
// reach React in an animation frame at most every RENDER_INTERVAL_MS, whatever the token rate. Each render
// of a growing answer costs a frame (style, layout, paint, the compositor's commit: measured at 3-5 ms on
// the bench machine), and at 60 renders a second that alone kept the main thread busy about a quarter of the
// time; at 20 a second a chunk waits at most about 50 ms more to be shown. An answer's first text, a retry
// notice and the end are shown at the next frame.
import { create } from 'zustand';

export interface LiveAnswer {
  text: string;
  /** Set while the app waits before a retry (before the first token only). */
  retry: { until: number; attempt: number } | null;
}

export const useLiveText = create<{ answers: Record<string, LiveAnswer> }>(() => ({ answers: {} }));

/** Growth of an answer already on screen is shown at most this often. */
export const RENDER_INTERVAL_MS = 50;

const buffer = new Map<string, LiveAnswer>();
let scheduled = false;
let lastFlush = -Infinity;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(() => fn()) : (fn) => setTimeout(fn, 16);

const now = () => performance.now();

function flush() {
  scheduled = false;
  lastFlush = now();
  useLiveText.setState({ answers: Object.fromEntries(buffer) });
}

/** `soon`: at the next frame, else once RENDER_INTERVAL_MS have passed since the last render. */
function schedule(soon: boolean) {
  if (scheduled) return;
  scheduled = true;
  // The timer ends half a frame early: the frame after it comes close to the interval.
  const wait = soon ? 0 : lastFlush + RENDER_INTERVAL_MS - now() - 8;
  if (wait > 0) setTimeout(() => nextFrame(flush), wait);
  else nextFrame(flush);
}

export function startLive(id: string) {
  buffer.set(id, { text: '', retry: null });
  schedule(true);
}

export function appendLive(id: string, text: string) {
  const entry = buffer.get(id);
  if (!entry) return;
  buffer.set(id, { text: entry.text + text, retry: null });
  schedule(entry.text === '');
}

export function setLiveRetry(id: string, retry: LiveAnswer['retry']) {
  const entry = buffer.get(id);
  if (!entry) return;
  buffer.set(id, { ...entry, retry });
  schedule(true);
}

export function liveText(id: string): string | undefined {
  return buffer.get(id)?.text;
}

export function endLive(id: string) {
  buffer.delete(id);
  flush();
}

/** Every answer still streaming, for the synchronous checkpoint taken when the page goes away. */
export function liveSnapshot(): Record<string, string> {
  return Object.fromEntries([...buffer].map(([id, a]) => [id, a.text]));
}
