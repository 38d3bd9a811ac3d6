// What the bench measures inside the page. Everything is timed with the page's own clock
// (performance.now()), so Playwright's round trips never enter a figure.
//
// The script is a string, not a function: tsx compiles with keepNames, which wraps inner functions in
// a `__name(...)` helper that does not exist in the page.
import type { Page, Worker } from '@playwright/test';

/**
 * Streamed chat responses pass through a TransformStream that notes when each network chunk reaches the
 * script that reads it (the page, or the app's stream worker), and whether it carries answer text (not the
 * role-only, usage or [DONE] events). `scope` is 'window' or 'self'; the records go to `${scope}.__bench`.
 */
const fetchTap = (scope: string) => String.raw`
  const fetch0 = ${scope}.fetch;
  ${scope}.fetch = async function (input, init) {
    const b = ${scope}.__bench;
    const url = input instanceof Request ? input.url : String(input);
    const calledAt = performance.now();
    const response = await fetch0.call(this, input, init);
    if (!/\/chat\/completions/.test(url) || !response.body) return response;
    const body = init && typeof init.body === 'string' ? new TextEncoder().encode(init.body).length : null;
    b.requests.push({ url, bodyBytes: body, calledAt, at: performance.now() });
    const decoder = new TextDecoder();
    const tap = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        b.chunks.push({ t: performance.now(), bytes: chunk.byteLength, hasText: /"content":"[^"]/.test(text) });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tap), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
`;

export const metricsScript = String.raw`
(() => {
  const b = (window.__bench = { longTasks: [], frames: [], chunks: [], requests: [], renders: [], frameWork: [], prep: null, sends: [] });
  // Resolves once check() holds, checked every frame. (Playwright's waitForFunction with a string would
  // need eval, which the app's Content-Security-Policy forbids.)
  b.until = (check) =>
    new Promise((resolve) => {
      const poll = () => (check() ? resolve(true) : requestAnimationFrame(poll));
      poll();
    });

  // Main-thread tasks over 50 ms (the browser reports nothing shorter).
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}

  // Every frame's timestamp: gaps show jank shorter than a long task, and count the frames available.
  // While this loop's callback has run and the frame's paint has not, inFrame is true: the loop
  // re-registers during each frame, so it runs before callbacks the app registers between frames,
  // and a message posted from it is handled only after that frame's paint.
  let inFrame = false;
  const afterPaint = new MessageChannel();
  const postPaint = [];
  let frameStart = 0;
  afterPaint.port1.onmessage = () => {
    inFrame = false;
    const now = performance.now();
    // The frame's main-thread work: rAF callbacks (the app's flush and React's render), style, layout, paint.
    b.frameWork.push({ t: frameStart, duration: now - frameStart });
    for (const fn of postPaint.splice(0)) fn(now);
  };
  const frame = (t) => {
    b.frames.push(t);
    frameStart = performance.now();
    inFrame = true;
    afterPaint.port2.postMessage(0);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // Calls fn with the time just after the next paint that can show what the DOM holds now.
  const whenPainted = (fn) => {
    if (inFrame) postPaint.push(fn);
    else requestAnimationFrame(() => postPaint.push(fn));
  };

${fetchTap('window')}
  // Renders of the newest answer: each time its text grows, and when that growth was painted.
  let answerEl = null;
  let answerLen = 0;
  const onMutations = () => {
    const all = document.querySelectorAll('[data-testid="answer-text"]');
    const el = all[all.length - 1];
    if (el) {
      if (el !== answerEl) (answerEl = el), (answerLen = 0);
      const len = el.textContent.length;
      if (len > answerLen) {
        const render = { t: performance.now(), len, paint: null };
        b.renders.push(render);
        whenPainted((t) => (render.paint = t));
      }
      answerLen = len;
    }
    if (b.prep && b.prep.start !== null && b.prep.ready === null && document.querySelector('[data-testid="attachment"][data-state="ready"]'))
      b.prep.ready = performance.now();
  };
  new MutationObserver(onMutations).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'] });

  // Clicks on Send, in the page clock (the event's own time stamp) and on the machine's wall clock, which
  // the demo endpoint also reads (Date.now() in Chromium and in Node are the same system clock, to 1 ms;
  // performance.timeOrigin + now() would not be: it drifts from the wall clock over a page's life).
  document.addEventListener(
    'click',
    (e) => {
      if (!(e.target instanceof Element) || !e.target.closest('[data-testid="send-button"]')) return;
      const sinceEvent = performance.now() - e.timeStamp;
      b.sends.push({ t: e.timeStamp, wall: Date.now() - sinceEvent });
    },
    true,
  );

  // Preparation starts when the file input fires (setInputFiles dispatches input, then change).
  const fileEvent = (e) => {
    if (b.prep && b.prep.start === null && e.target instanceof HTMLInputElement && e.target.type === 'file') b.prep.start = performance.now();
  };
  document.addEventListener('input', fileEvent, true);
  document.addEventListener('change', fileEvent, true);
})();
`;

export interface PageMetrics {
  longTasks: { start: number; duration: number }[];
  frames: number[];
  frameWork: { t: number; duration: number }[];
  chunks: { t: number; bytes: number; hasText: boolean }[];
  /** `calledAt`: when the app called fetch; `at`: when the response headers arrived. */
  requests: { url: string; bodyBytes: number | null; calledAt: number; at: number }[];
  renders: { t: number; len: number; paint: number | null }[];
  prep: { start: number | null; ready: number | null } | null;
  /** Clicks on Send: `t` in the page clock, `wall` the same moment as Date.now(). */
  sends: { t: number; wall: number }[];
}

/** Evaluated in the page (as strings, for the same reason as above). */
export const armPreparation = 'window.__bench.prep = { start: null, ready: null }';
export const untilPrepared = 'window.__bench.until(() => window.__bench.prep.ready !== null)';
export const untilRendersPainted = 'window.__bench.until(() => window.__bench.renders.every((r) => r.paint !== null))';
export const readMetrics = 'JSON.parse(JSON.stringify(window.__bench))';

/** The same fetch tap in the app's stream worker (src/inference/stream.worker.ts), which makes the requests. */
const workerScript = String.raw`(() => {
  if (self.__bench) return;
  self.__bench = { chunks: [], requests: [] };
${fetchTap('self')}
})()`;
const readWorker = 'self.__bench ? JSON.parse(JSON.stringify({ ...self.__bench, timeOrigin: performance.timeOrigin })) : null';

const isStreamWorker = (worker: Worker) => /stream\.worker/.test(worker.url());

/**
 * Taps the stream worker's fetch before Send: the app starts that worker on the composer's first move (focus,
 * typing), and its fetch is looked up at each request, so a tap installed before the click sees the request.
 */
export async function tapStreamWorker(page: Page): Promise<void> {
  const worker = page.workers().find(isStreamWorker) ?? (await page.waitForEvent('worker', { predicate: isStreamWorker }));
  await worker.evaluate(workerScript);
}

/**
 * What the page and the stream worker noted, on the page's clock: the worker's times are moved by the
 * difference of the two clocks' origins (performance.timeOrigin, the same monotonic clock in one renderer).
 */
export async function readPageMetrics(page: Page): Promise<PageMetrics> {
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  const worker = page.workers().find(isStreamWorker);
  const seen =
    worker && ((await worker.evaluate(readWorker)) as (Pick<PageMetrics, 'chunks' | 'requests'> & { timeOrigin: number }) | null);
  if (!seen) return m;
  const shift = seen.timeOrigin - ((await page.evaluate('performance.timeOrigin')) as number);
  m.requests = [...m.requests, ...seen.requests.map((r) => ({ ...r, calledAt: r.calledAt + shift, at: r.at + shift }))].sort(
    (a, b) => a.calledAt - b.calledAt,
  );
  m.chunks = [...m.chunks, ...seen.chunks.map((c) => ({ ...c, t: c.t + shift }))].sort((a, b) => a.t - b.t);
  return m;
}

/** Longest long task that overlaps [from, to], in ms; 0 when there was none over 50 ms. */
export function longestTask(m: PageMetrics, from: number, to: number): number {
  return Math.max(0, ...m.longTasks.filter((l) => l.start < to && l.start + l.duration > from).map((l) => l.duration));
}

/** Longest gap between consecutive frames that ends inside [from, to], and the frames in it. */
export function frameGaps(m: PageMetrics, from: number, to: number): { maxGap: number; frames: number } {
  let maxGap = 0;
  let frames = 0;
  m.frames.forEach((t, i) => {
    if (i === 0 || t < from || t > to) return;
    frames++;
    maxGap = Math.max(maxGap, t - m.frames[i - 1]!);
  });
  return { maxGap, frames };
}
