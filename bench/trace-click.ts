// Where the milliseconds between a click on Send and the first painted token go, from a Chromium
// performance trace (the same data as the DevTools Performance panel), not from guesses.
//
//   npm run bench:trace -- [--no-build] [--follow-up | --stream] [--keep trace.json]
//
// It drops the bench's 12 MP EXIF photo, types a question, traces the click on Send (and, with
// --follow-up, a text follow-up instead), and prints for the renderer's main thread: every task between
// the click and the first painted token (offset from the click, length, what ran in it), the gaps in
// which it waited (storage, the network, a worker), and the JavaScript that took the CPU (self time by
// function, from the trace's CPU profile). With --stream it traces a whole 2,000-chunk answer instead and
// compares its first and last seconds: where each chunk's main-thread time goes, and whether it grows.
import { chromium, type Page } from '@playwright/test';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePhoto } from './images';
import { metricsScript, readPageMetrics, tapStreamWorker, untilRendersPainted, type PageMetrics } from './page-metrics';
import { buildApp, outDir, startPreview } from './server';
import { CATEGORIES, cpuSelfTime, describeTask, shortUrl, startTrace, type Trace } from './trace';

async function prepared(page: Page, photoPath: string, question: string) {
  await page.goto('/');
  await page.locator('.app[data-hydrated="true"]').waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByTestId('file-input').setInputFiles(photoPath);
  await page.locator('[data-testid="attachment"][data-state="ready"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('composer-input').click();
  await page.getByTestId('composer-input').pressSequentially(question, { delay: 100 });
}

// The bench's long answer: 2,000 chunks at 200 per second from the demo endpoint.
const streamConfig = {
  endpoints: [
    {
      id: 'bench',
      label: 'bench',
      protocol: 'openai-chat',
      url: '/demo/v1',
      model: 'demo-long:rate=200,tokens=2000',
      params: { maxTokens: { default: 2000, min: 1, max: 4096, step: 1 } },
    },
  ],
  defaultEndpoint: 'bench',
};

/** Traces a whole 2,000-chunk answer and compares its first and last seconds. */
async function traceStream(page: Page, browser: import('@playwright/test').Browser, keep?: string) {
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(streamConfig) }));
  await page.goto('/');
  await page.locator('.app[data-hydrated="true"]').waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByTestId('composer-input').fill('Describe it at length');
  const stop = await startTrace(browser, page, CATEGORIES);
  await page.getByTestId('send-button').click();
  await page.locator('[data-testid="assistant-message"]:not([data-status="streaming"])').waitFor({ timeout: 60_000 });
  const trace = await stop();
  if (keep) writeFileSync(keep, JSON.stringify({ traceEvents: trace.events }));
  // Chunk arrivals from the trace (no bench code runs in this page), on the page clock.
  const chat = trace.events.find((e) => e.name === 'ResourceSendRequest' && /chat\/completions/.test(String(e.args?.data?.url)));
  const toPage = (ts: number) => (ts - trace.fromPage(0)) / 1000;
  const chunks = trace.events
    .filter((e) => e.name === 'ResourceReceivedData' && e.args?.data?.requestId === chat?.args?.data?.requestId)
    .map((e) => ({ t: toPage(e.ts) }))
    .sort((a, b) => a.t - b.t);
  const m = { chunks };
  const first = m.chunks[0]?.t ?? 0;
  const last = m.chunks.at(-1)?.t ?? first;
  const onMain = trace.events.filter((e) => e.pid === trace.main.pid && e.tid === trace.main.tid && e.ph === 'X');
  const tasks = trace.tasks();
  const windowReport = (label: string, fromMs: number, toMs: number) => {
    const a = trace.fromPage(fromMs);
    const b = trace.fromPage(toMs);
    const chunks = m.chunks.filter((c) => c.t >= fromMs && c.t < toMs).length;
    const busy = tasks.filter((t) => t.ts >= a && t.ts < b).reduce((sum, t) => sum + (t.dur ?? 0), 0) / 1000;
    const longest = Math.max(0, ...tasks.filter((t) => t.ts >= a && t.ts < b).map((t) => (t.dur ?? 0) / 1000));
    console.log(
      `\n  ${label}: ${chunks} chunks; main thread busy ${busy.toFixed(0)} ms of ${(toMs - fromMs).toFixed(0)} ms (${((100 * busy) / (toMs - fromMs)).toFixed(1)} %), ${(busy / Math.max(1, chunks)).toFixed(2)} ms per chunk, longest task ${longest.toFixed(1)} ms`,
    );
    // Which tasks the time went to: renders (a frame with rAF callbacks), other frames (the scroll that follows
    // a render, the scroll event), and the rest (network chunks read by script, timers, storage).
    const groups = new Map<string, { n: number; cpu: number }>();
    for (const t of tasks.filter((t) => t.ts >= a && t.ts < b)) {
      const end = t.ts + (t.dur ?? 0);
      const has = (name: string) => onMain.some((e) => e.name === name && e.ts >= t.ts && e.ts < end);
      const group = has('FireAnimationFrame') ? 'renders' : has('Commit') ? 'other frames' : 'other tasks';
      const g = groups.get(group) ?? { n: 0, cpu: 0 };
      g.n += 1;
      g.cpu += (t.tdur ?? t.dur ?? 0) / 1000;
      groups.set(group, g);
    }
    console.log(
      `  CPU by task: ${[...groups].map(([k, g]) => `${k} ${g.n} × ${(g.cpu / g.n).toFixed(2)} ms = ${g.cpu.toFixed(0)} ms`).join(', ')}`,
    );
    const kinds = new Map<string, number>();
    const kindOf: Record<string, string> = {
      Layout: 'layout',
      UpdateLayoutTree: 'style',
      PrePaint: 'pre-paint',
      Paint: 'paint',
      Layerize: 'layerize',
      Commit: 'commit',
      FireAnimationFrame: 'rAF callbacks (JS)',
      FunctionCall: 'JS called from a task',
      RunMicrotasks: 'microtasks (JS)',
      MajorGC: 'GC',
      MinorGC: 'GC',
      'V8.GC_SCAVENGER': 'GC',
      HitTest: 'hit test',
      ParseHTML: 'parse HTML',
    };
    for (const e of onMain) {
      const kind = kindOf[e.name];
      if (!kind || e.ts < a || e.ts >= b) continue;
      kinds.set(kind, (kinds.get(kind) ?? 0) + (e.dur ?? 0) / 1000);
    }
    console.log(
      `  by kind (inclusive, may nest): ${[...kinds]
        .sort((x, y) => y[1] - x[1])
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}`,
    );
    const self = [...cpuSelfTime(trace.events, trace.main.pid, a, b, trace.main.tid)].sort((x, y) => y[1] - x[1]).slice(0, 18);
    console.log('  JavaScript self time (sampled CPU profile, source-mapped)');
    for (const [fn, us] of self) console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${fn}`);
  };
  console.log(`Trace of a streamed answer: ${m.chunks.length} chunks in ${((last - first) / 1000).toFixed(1)} s`);
  windowReport('whole stream', first, last);
  windowReport('first 2 s', first, first + 2000);
  windowReport('last 2 s', last - 2000, last);
}

async function main() {
  const followUp = process.argv.includes('--follow-up');
  const keepAt = process.argv.indexOf('--keep');
  const keep = keepAt > 0 && !process.argv[keepAt + 1]?.startsWith('-') ? process.argv[keepAt + 1] : undefined;
  if (!process.argv.includes('--no-build')) buildApp();
  else if (!existsSync(path.join(outDir, 'index.html'))) throw new Error('--no-build, but there is no build');
  const photo = ensurePhoto();
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    if (process.argv.includes('--stream')) {
      await traceStream(await context.newPage(), browser, keep);
      return;
    }
    await context.addInitScript({ content: metricsScript });
    const page = await context.newPage();
    await prepared(page, photo.path, 'What is in this photo?');
    if (followUp) {
      await page.getByTestId('send-button').click();
      await page.locator('[data-testid="assistant-message"][data-status="ok"]').waitFor();
      await page.getByTestId('composer-input').click();
      await page.getByTestId('composer-input').pressSequentially('And the colours?', { delay: 100 });
      await page.waitForTimeout(500); // let the previous answer's end-of-stream writes settle, as a reader would
    }
    // The answer to this click, not the follow-up's first answer, which is also the last one until this one appears.
    const answer = page.locator('[data-testid="assistant-message"]').nth(followUp ? 1 : 0);
    await tapStreamWorker(page);
    const stop = await startTrace(browser, page, CATEGORIES);
    await page.getByTestId('send-button').click();
    await answer.locator('[data-testid="answer-text"]:not(:empty)').waitFor();
    await page.evaluate(untilRendersPainted);
    const trace = await stop();
    await answer.and(page.locator(':not([data-status="streaming"])')).waitFor();
    const m = await readPageMetrics(page);
    if (keep) writeFileSync(keep, JSON.stringify({ traceEvents: trace.events }));
    analyse(trace, m);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

function analyse(trace: Trace, m: PageMetrics) {
  const { events, fromPage } = trace;
  const { pid, tid } = trace.main;
  const onMain = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  // Time zero is the click as the bench measures it: the event's own time stamp.
  const send = m.sends.at(-1)!;
  const t0 = fromPage(send.t);
  const firstPaint = m.renders.find((r) => r.t >= send.t && r.len > 0)?.paint ?? NaN;
  const request = m.requests.find((r) => r.calledAt >= send.t);
  const end = fromPage(firstPaint);
  const at = (ts: number) => `${((ts - t0) / 1000).toFixed(1).padStart(7)} ms`;

  const chatSend = events.find(
    (e) => e.name === 'ResourceSendRequest' && e.ts >= t0 && /chat\/completions/.test(String(e.args?.data?.url)),
  );
  const requestId = chatSend?.args?.data?.requestId;
  const response = events.find((e) => e.name === 'ResourceReceiveResponse' && e.args?.data?.requestId === requestId);
  const firstData = events.find((e) => e.name === 'ResourceReceivedData' && e.args?.data?.requestId === requestId);
  const sentAt = chatSend?.ts ?? (request ? fromPage(request.calledAt) : end);

  console.log(`Trace of one click on Send (${process.argv.includes('--follow-up') ? 'text follow-up' : '12 MP EXIF photo'})`);
  const marks: [string, number | undefined][] = [
    ['click', t0],
    ['the app calls fetch', request ? fromPage(request.calledAt) : undefined],
    ['the renderer sends the request', chatSend?.ts],
    ['response headers', response?.ts],
    ['first response data', firstData?.ts],
    ['first token painted', end],
  ];
  for (const [label, ts] of marks) if (ts !== undefined) console.log(`  ${at(ts)}  ${label}`);
  const scripts = events.filter(
    (e) => e.name === 'ResourceSendRequest' && e.ts >= t0 && e.ts <= end && /\.js$/.test(String(e.args?.data?.url)),
  );
  for (const e of scripts) console.log(`  ${at(e.ts)}  script requested: ${shortUrl(e.args?.data?.url)}`);
  // Where storage went: the renderer's side of each IndexedDB request, and the backend's operations.
  const idb = events.filter(
    (e) =>
      e.cat.includes('IndexedDB') &&
      e.ph === 'X' &&
      e.ts >= t0 &&
      e.ts <= sentAt &&
      /Operation|Open|Commit|onSuccess|onComplete/.test(e.name),
  );
  for (const e of idb)
    console.log(
      `  ${at(e.ts)}  IndexedDB ${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)} ms (${e.pid === pid ? 'page' : 'storage backend'})`,
    );

  const tasks = trace.tasks().filter((e) => e.ts + (e.dur ?? 0) >= t0 && e.ts <= end);
  const window = (from: number, to: number, detail: boolean) => {
    let busy = 0;
    let last = from;
    for (const task of tasks) {
      if (task.ts + (task.dur ?? 0) < from || task.ts > to) continue;
      const dur = (Math.min(to, task.ts + (task.dur ?? 0)) - Math.max(from, task.ts)) / 1000;
      busy += dur;
      if (detail) {
        const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts <= task.ts + (task.dur ?? 0));
        if (task.ts - last > 1000) console.log(`  ${at(last)}            waiting ${((task.ts - last) / 1000).toFixed(1)} ms`);
        if (dur >= 0.2) console.log(`  ${at(task.ts)}  ${dur.toFixed(1).padStart(6)} ms  ${describeTask(task, inside)}`);
      }
      last = Math.max(last, task.ts + (task.dur ?? 0));
    }
    return busy;
  };
  console.log('\n  Main-thread tasks from the click until the request is sent (>= 0.2 ms), and the waits between them');
  const before = window(t0, sentAt, true);
  console.log(`  main thread busy ${before.toFixed(1)} ms of ${((sentAt - t0) / 1000).toFixed(1)} ms before the request`);
  const afterBusy = window(sentAt, end, false);
  console.log(`  then busy ${afterBusy.toFixed(1)} ms of ${((end - sentAt) / 1000).toFixed(1)} ms until the first token was painted`);
  if (firstData) {
    console.log('\n  From the first response data to the first painted token');
    window(firstData.ts, end, true);
  }

  const profile = (label: string, from: number, to: number) => {
    const self = [...cpuSelfTime(events, pid, from, to)].sort((a, b) => b[1] - a[1]).slice(0, 20);
    console.log(`\n  JavaScript self time, ${label} (sampled CPU profile, source-mapped)`);
    for (const [fn, us] of self) console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${fn}`);
  };
  profile('click -> request sent', t0, sentAt);
  const longest = tasks
    .filter((t) => t.ts < sentAt)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 3);
  for (const t of longest) profile(`the ${((t.dur ?? 0) / 1000).toFixed(1)} ms task at ${at(t.ts).trim()}`, t.ts, t.ts + (t.dur ?? 0));
  profile('request sent -> first token painted', sentAt, end);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
