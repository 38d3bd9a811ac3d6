// Streaming text lives here, outside the persisted store. Deltas are appended to a plain buffer and
// reach React at most once per animation frame, whatever the token rate.
import { create } from 'zustand';

export interface LiveAnswer {
  text: string;
  /** Set while the app waits before a retry (before the first token only). */
  retry: { until: number; attempt: number } | null;
}

export const useLiveText = create<{ answers: Record<string, LiveAnswer> }>(() => ({ answers: {} }));

const buffer = new Map<string, LiveAnswer>();
let scheduled = false;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(() => fn()) : (fn) => setTimeout(fn, 16);

function flush() {
  scheduled = false;
  useLiveText.setState({ answers: Object.fromEntries(buffer) });
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  nextFrame(flush);
}

export function startLive(id: string) {
  buffer.set(id, { text: '', retry: null });
  schedule();
}

export function appendLive(id: string, text: string) {
  const entry = buffer.get(id);
  if (!entry) return;
  buffer.set(id, { text: entry.text + text, retry: null });
  schedule();
}

export function setLiveRetry(id: string, retry: LiveAnswer['retry']) {
  const entry = buffer.get(id);
  if (!entry) return;
  buffer.set(id, { ...entry, retry });
  schedule();
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
