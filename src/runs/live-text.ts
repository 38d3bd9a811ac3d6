// Streaming text lives here, outside the persisted store. Deltas are appended to a plain buffer and
// reach React in an animation frame at most every RENDER_INTERVAL_MS, whatever the token rate. Each render
// of a growing answer costs a frame (React and the answer's last Markdown block, style, layout, paint, the
// compositor's commit, and the frame after it in which the chat's scroll follows: 4-6 ms on the bench
// machine), and renders were most of the main thread's work while an answer streams. At 12 renders a second
// instead of 20 the main thread's CPU time while a 2,000-chunk answer streams with its end in view fell by
// about a third (bench/speed.ts, A/B), and a chunk's arrival -> paint went from about 32 to 51 ms (median);
// at 10 a second it passed 60 ms. While the growing end of every streaming answer is out of view (a long
// answer that went past the bottom of its scroll box, and the person did not scroll down), nobody sees a
// render but for the scroll bar: it then comes every OUT_OF_VIEW_INTERVAL_MS (measured: about 40 % less
// main-thread CPU time while a 2,000-chunk answer streams). An answer's first text, a retry notice, an end
// coming into view and the end of the answer are shown at the next frame.
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

export interface LiveAnswer {
  text: string;
  /** Set while the app waits before a retry (before the first token only). */
  retry: { until: number; attempt: number } | null;
}

export const useLiveText = create<{ answers: Record<string, LiveAnswer> }>(() => ({ answers: {} }));

/** Growth of an answer already on screen is shown at most this often. */
export const RENDER_INTERVAL_MS = 80;
/** ... and this often while no streaming answer has its end in view. */
export const OUT_OF_VIEW_INTERVAL_MS = 250;

const buffer = new Map<string, LiveAnswer>();
/** Answers whose end is out of view (useLiveAnswer says so); any other answer counts as seen. */
const outOfView = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;
let frameAsked = false;
let lastFlush = -Infinity;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(() => fn()) : (fn) => setTimeout(fn, 16);

const now = () => performance.now();

function flush() {
  frameAsked = false;
  lastFlush = now();
  useLiveText.setState({ answers: Object.fromEntries(buffer) });
}

function askFrame() {
  frameAsked = true;
  nextFrame(flush);
}

function interval(): number {
  for (const id of buffer.keys()) if (!outOfView.has(id)) return RENDER_INTERVAL_MS;
  return OUT_OF_VIEW_INTERVAL_MS;
}

/** `soon`: at the next frame (also cutting a wait short), else once the interval has passed since the last render. */
function schedule(soon: boolean) {
  if (frameAsked || (timer !== undefined && !soon)) return;
  clearTimeout(timer);
  timer = undefined;
  // The timer ends half a frame early: the frame after it comes close to the interval.
  const wait = soon ? 0 : lastFlush + interval() - now() - 8;
  if (wait > 0)
    timer = setTimeout(() => {
      timer = undefined;
      askFrame();
    }, wait);
  else askFrame();
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
  outOfView.delete(id);
  flush();
}

/** Whether the end of an answer is in view; one coming into view is shown at the next frame. */
export function setEndInView(id: string, inView: boolean) {
  if (inView === !outOfView.has(id)) return;
  if (inView) outOfView.delete(id);
  else outOfView.add(id);
  if (inView && buffer.has(id)) schedule(true);
}

/**
 * An answer's live text (undefined once it is not streaming), and a ref for an element at the end of the
 * answer: while that element is out of view, the answer's growth is shown less often (see above).
 */
export function useLiveAnswer(id: string) {
  const live = useLiveText((s) => s.answers[id]);
  const endRef = useRef<HTMLDivElement>(null);
  const streaming = live !== undefined;
  useEffect(() => {
    const end = endRef.current;
    if (!streaming || !end || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) setEndInView(id, last.isIntersecting);
    });
    observer.observe(end);
    return () => {
      observer.disconnect();
      setEndInView(id, true);
    };
  }, [id, streaming]);
  return { live, endRef };
}

/** Every answer still streaming, for the synchronous checkpoint taken when the page goes away. */
export function liveSnapshot(): Record<string, string> {
  return Object.fromEntries([...buffer].map(([id, a]) => [id, a.text]));
}
