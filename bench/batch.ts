// Batch runs at volume (issue 11): 500 questions × 2 endpoints, 8 requests at once per endpoint, against the
// demo endpoint held to a fixed 100 ms per request. Measured in real Chromium through the UI, on the run's
// own page as a person watches it: the set is imported from a folder (the worker reads and checks it), the
// run is started from the form, and the page is left to work.
// The two endpoints are two demo endpoints, each on its own origin over HTTPS (HTTP/2), as two deployments
// are: a browser opens at most 6 connections to one HTTP/1.1 origin, so against the built-in /demo (one
// origin, HTTP/1.1) no more than 6 of the 16 requests were ever at an endpoint at once.
//   - wall time from the click on Start to the run shown done, against the ideal N × latency / concurrency;
//   - the longest main-thread task while the run goes on (PerformanceObserver 'longtask', in the page);
//   - the page's JavaScript heap after the run, and after a garbage collection.
//
// From bench/main.ts:  const batch = await benchBatch(browser, server.url); console.log(reportBatch(batch));
// Alone:               npm run bench:batch [-- --no-build] [--app-only]   (npm run bench -- --no-batch leaves it out;
//                      --app-only leaves out the bare Node client and bare page runs, for A/B runs of the app)
// Behind the wall time: the same requests from a bare Node client and from a bare page (string and Blob bodies),
// where each endpoint's time went (the gaps between requests, from Resource Timing and the endpoints' logs),
// and the CPU time per request of the page, of Chromium's processes and of the endpoints.
// Diagnostics (stderr, not figures): BENCH_PROFILE=1 the page's busiest functions, BENCH_TRACE=1 where its main
// thread went and its longest tasks, with the functions that took their time. Both cost the run itself (V8's
// profiler thread took ~3 s of CPU in a traced run, and the renderer's CPU per request more than doubled): a
// run with either names what took the time, and its figures are not comparable to a run without.
import { chromium, type Browser, type CDPSession } from '@playwright/test';
import jpeg from 'jpeg-js';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { photoPath } from '../test-support/images';
import { mb, median, ms, table } from './figures';
import { localCertificate, startDemoEndpoint, type Preview } from './server';
import { CATEGORIES, cpuSelfTime, describeTask, longestTasks, startTrace, type Trace } from './trace';

export const BATCH_BENCH = { items: 500, endpoints: 2, concurrency: 8, latencyMs: 100 } as const;
const AIM = { wallRatio: 1.15, longestTaskMs: 50, heapBytes: 200e6 } as const;

const photos = ['rocket.jpg', 'chelsea.png', 'coffee.png', 'horse.png', 'text.png'];

/** A Heron-Bench folder with `items` questions over the fixture photos. */
function writeSet(items: number): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-batch-')), 'bench-set');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (const p of photos) copyFileSync(photoPath(p), path.join(dir, 'images', p));
  const categories = ['conv', 'detail', 'complex'];
  const lines = Array.from({ length: items }, (_, i) =>
    JSON.stringify({
      question_id: i,
      image: photos[i % photos.length],
      category: categories[i % 3],
      text: `ベンチ質問 ${i}: 何が写っていますか？`,
    }),
  );
  writeFileSync(path.join(dir, 'questions_ja.jsonl'), lines.join('\n') + '\n');
  const answers = Array.from({ length: items }, (_, i) => JSON.stringify({ question_id: i, text: `参照回答 ${i}` }));
  writeFileSync(path.join(dir, 'answers_gpt4.jsonl'), answers.join('\n') + '\n');
  return dir;
}

// In the page: long tasks from the start, nothing else (the bench must not add work of its own).
const LONG_TASKS = String.raw`
(() => {
  window.__longTasks = [];
  // Every request of the run in Resource Timing (the buffer holds 250 by default): the bench's lane gaps.
  performance.setResourceTimingBufferSize(100000);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;

export interface BatchBenchResult {
  items: number;
  units: number;
  importMs: number;
  wallMs: number;
  idealMs: number;
  /**
   * The same requests sent by a bare Node client, at the same concurrency, to the same servers, just before;
   * and by a bare page in the same browser, with string and with Blob bodies. Null with `floors: false`.
   */
  floors: {
    node: NodeFloor;
    page: Record<'string' | 'blob', PageFloor>;
  } | null;
  longestTaskMs: number;
  longTasks: number;
  heapAfterRun: number;
  heapAfterGc: number;
  done: number;
  failed: number;
  /** Per endpoint: the most requests it had at once during the run (from its request log). */
  mostAtOnce: number[];
  /** The protocols the app used for the endpoints' requests (resource timing: h2, http/1.1). */
  protocols: string[];
  /** Where a lane's time went, per endpoint. */
  lanes: LaneTimes[];
  /** CPU time per request during the run, by process (ms): the page's main thread, Chromium's processes, the endpoints. */
  cpuPerRequest: { label: string; ms: number }[];
}

/** A request as the page saw it (Resource Timing, page clock, ms). */
interface Fetched {
  start: number;
  requestStart: number;
  responseStart: number;
  end: number;
}

/** A request as an endpoint saw it (its request log, epoch ms). */
interface Served {
  at: string;
  lastUserText: string;
  bodyReceivedAtMs: number | null;
  endedAtMs: number | null;
}

export interface LaneTimes {
  requests: number;
  /**
   * What each of the lane's `concurrency` slots spent outside a request, per request: (slots × the lane's
   * span − the time its requests spent in fetch) ÷ requests. The app's own time between one request's end
   * and the next one's start (and any slot left idle).
   */
  gapMs: number;
  /** The same at the endpoint: between a request's end there and the next one's arrival. */
  serverGapMs: number;
  /** Medians: fetch() called -> request sent, sent -> first byte back, first byte -> last. */
  queuedMs: number;
  waitMs: number;
  readMs: number;
  /** Medians at the endpoint: arrival -> body read (the upload), arrival -> answer ended (the hold counts from arrival). */
  uploadMs: number;
  heldMs: number;
}

function slotGap(spans: { from: number; to: number }[], concurrency: number): number {
  if (spans.length === 0) return NaN;
  const from = Math.min(...spans.map((s) => s.from));
  const to = Math.max(...spans.map((s) => s.to));
  const busy = spans.reduce((n, s) => n + (s.to - s.from), 0);
  return (concurrency * (to - from) - busy) / spans.length;
}

export function laneTimes(fetched: Fetched[], served: Served[], concurrency: number): LaneTimes {
  const ended = served.filter(
    (e): e is Served & { bodyReceivedAtMs: number; endedAtMs: number } => e.endedAtMs !== null && e.bodyReceivedAtMs !== null,
  );
  return {
    requests: fetched.length,
    gapMs: slotGap(
      fetched.map((f) => ({ from: f.start, to: f.end })),
      concurrency,
    ),
    serverGapMs: slotGap(
      ended.map((e) => ({ from: Date.parse(e.at), to: e.endedAtMs })),
      concurrency,
    ),
    queuedMs: median(fetched.map((f) => f.requestStart - f.start)),
    waitMs: median(fetched.map((f) => f.responseStart - f.requestStart)),
    readMs: median(fetched.map((f) => f.end - f.responseStart)),
    uploadMs: median(ended.map((e) => e.bodyReceivedAtMs - Date.parse(e.at))),
    heldMs: median(ended.map((e) => e.endedAtMs - Date.parse(e.at))),
  };
}

/** Epoch ms with a fraction: comparable with the endpoints' Date.now() (same machine, same clock). */
const epochNow = (): number => performance.timeOrigin + performance.now();

/** When a request's response began (its headers) and ended (its last byte), epoch ms. */
interface Arrivals {
  headersAt: number;
  endAt: number;
}

/** A request to an HTTP/2 session; resolves to the response's text. `arrivals` is filled in as the response comes. */
function h2(session: ClientHttp2Session, method: 'GET' | 'POST', pathname: string, body?: string, arrivals?: Arrivals): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = session.request({ ':method': method, ':path': pathname, ...(body ? { 'content-type': 'application/json' } : {}) });
    let text = '';
    request.setEncoding('utf8');
    if (arrivals) request.on('response', () => (arrivals.headersAt = epochNow()));
    request.on('data', (d: string) => (text += d));
    request.on('end', () => {
      if (arrivals) arrivals.endAt = epochNow();
      resolve(text);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Each fixture photo as the app sends it: JPEG q90 at its own size (the short side 768 policy never upscales). */
function sentPhotos(): string[] {
  return photos.map((p) => {
    const bytes = readFileSync(photoPath(p));
    const image = p.endsWith('.png') ? PNG.sync.read(bytes) : jpeg.decode(bytes, { useTArray: true });
    const encoded = jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90).data;
    return `data:image/jpeg;base64,${Buffer.from(encoded).toString('base64')}`;
  });
}

/** The bare Node client's run, and what it is made of. */
interface NodeFloor {
  ms: number;
  /** Mean per request as the client saw it (send -> last byte), and the parts it is made of (means, ms). */
  clientMs: number;
  parts: {
    /** The client's send -> the request's arrival at the endpoint (its headers). */
    toEndpoint: number;
    /** Arrival -> answer ended at the endpoint: the hold (which counts from arrival, the upload within it) and any lateness. */
    atEndpoint: number;
    /** Answer ended at the endpoint -> its headers at the client; then -> its last byte. */
    toClient: number;
    body: number;
  };
  /** CPU time per request (ms): of the client's process, and of the endpoint that served it. */
  clientCpuMs: number;
  endpointCpuMs: number;
  /** The client's and the endpoints' CPU time over the run, as a share of all the machine's cores. */
  busyShare: number;
}

/** Each fixture photo's request as the app sends it in a batch run: a whole answer, not streamed. */
function runRequest(model: string, image: string, question: string): string {
  return JSON.stringify({
    model,
    stream: false,
    max_tokens: 200,
    temperature: 0,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: image } },
          { type: 'text', text: question },
        ],
      },
    ],
  });
}

/**
 * A deployed endpoint has been running: before anything is measured each endpoint answers one request per
 * photo, so that its code is compiled (the demo endpoint runs under tsx; its first requests ran several
 * times slower) and these photos measured. The app's own encodings of the photos are still new to it.
 */
async function warmUp(sessions: ClientHttp2Session[], model: string): Promise<void> {
  const images = sentPhotos();
  await Promise.all(
    sessions.map((session) =>
      Promise.all(images.map((image, i) => h2(session, 'POST', '/v1/chat/completions', runRequest(model, image, `warm-up ${i}`)))),
    ),
  );
}

/**
 * What the machine and the demo endpoints allow, without the app: the run's requests (the same photos,
 * encoded as the app sends them, whole answers, the same model) sent by a bare Node client over HTTP/2,
 * `concurrency` at once per endpoint, both endpoints together. Each lane sends its next request as soon as one
 * ends, so the run takes (items / concurrency) × the mean time per request. That time is split by the
 * client's and the endpoint's clocks (one machine, one clock) into: the way to the endpoint, the endpoint's
 * own time (arrival -> end: the 100 ms held, the upload within it, and how late it let go), and the way back;
 * with the CPU both sides spent.
 */
async function floor(sessions: ClientHttp2Session[], servers: Preview[], model: string): Promise<NodeFloor> {
  const { items, concurrency } = BATCH_BENCH;
  const images = sentPhotos();
  const question = (i: number) => `floor ${i}: 何が写っていますか？`;
  for (const session of sessions) await h2(session, 'POST', '/__control/reset');
  const sent: { at: number; arrivals: Arrivals }[][] = sessions.map(() => []);
  const serversBefore = servers.map((x) => x.cpuMs() ?? NaN);
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    sessions.map(async (session, s) => {
      let next = 0;
      const lane = async () => {
        while (next < items) {
          const i = next++;
          const body = runRequest(model, images[i % images.length]!, question(i));
          const request = { at: epochNow(), arrivals: { headersAt: NaN, endAt: NaN } };
          sent[s]![i] = request;
          await h2(session, 'POST', '/v1/chat/completions', body, request.arrivals);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
    }),
  );
  const ms = performance.now() - start;
  const client = process.cpuUsage(clientBefore);
  const serversCpu = servers.reduce((n, x, i) => n + (x.cpuMs() ?? NaN) - (serversBefore[i] ?? NaN), 0);
  const logs = await Promise.all(
    sessions.map(async (session) => (JSON.parse(await h2(session, 'GET', '/__control/log')) as { entries: Served[] }).entries),
  );
  // Each request's parts: the client's times matched with the endpoint's log entry by its question.
  const parts = logs.flatMap((entries, s) =>
    entries.flatMap((e) => {
      const i = Number(/^floor (\d+):/u.exec(e.lastUserText)?.[1]);
      const request = sent[s]?.[i];
      if (!request || e.endedAtMs === null) return [];
      const arrived = Date.parse(e.at);
      return [
        [
          arrived - request.at,
          e.endedAtMs - arrived,
          request.arrivals.headersAt - e.endedAtMs,
          request.arrivals.endAt - request.arrivals.headersAt,
        ],
      ];
    }),
  );
  const mean = (xs: number[]) => xs.reduce((n, x) => n + x, 0) / xs.length;
  const part = (k: number) => mean(parts.map((p) => p[k]!));
  const requests = items * sessions.length;
  const clientCpu = (client.user + client.system) / 1000;
  return {
    ms,
    clientMs: mean(sent.flat().map((r) => r.arrivals.endAt - r.at)),
    parts: { toEndpoint: part(0), atEndpoint: part(1), toClient: part(2), body: part(3) },
    clientCpuMs: clientCpu / requests,
    endpointCpuMs: serversCpu / requests,
    busyShare: (clientCpu + serversCpu) / (ms * os.cpus().length),
  };
}

/**
 * The same requests sent by a bare page in the same browser (no app): fetch() in a loop, `concurrency` at once
 * per endpoint, the body either one string or (as the app sends an image again: src/inference/image-bodies.ts)
 * a Blob around a Blob of the image, made once. What Chromium's own handling of these requests allows.
 */
interface PageFloor {
  ms: number;
  /** CPU time per request (ms): Chromium's processes, and the endpoint that served it. */
  cpuPerRequest: number;
  endpointCpuPerRequest: number;
}

async function pageFloor(browser: Browser, servers: Preview[], model: string, body: 'string' | 'blob'): Promise<PageFloor> {
  const { items, concurrency } = BATCH_BENCH;
  const urls = servers.map((x) => x.url);
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const cdp = await browser.newBrowserCDPSession();
  try {
    const page = await context.newPage();
    const before = await processCpuMs(cdp);
    const serversBefore = servers.map((x) => x.cpuMs() ?? NaN);
    const script = `(async ({ urls, images, model, items, concurrency, body }) => {
      const blobs = images.map((d) => new Blob([d]));
      const make = (i) => {
        const head = '{"model":' + JSON.stringify(model) + ',"stream":false,"max_tokens":200,"temperature":0,"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"';
        const tail = '"}},{"type":"text","text":"page floor ' + i + ': 何が写っていますか？"}]}]}';
        return body === 'blob' ? new Blob([head, blobs[i % blobs.length], tail], { type: 'application/json' }) : head + images[i % images.length] + tail;
      };
      const start = performance.now();
      await Promise.all(urls.map(async (u) => {
        let next = 0;
        const lane = async () => {
          while (next < items) {
            const res = await fetch(u + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: make(next++) });
            await res.text();
          }
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
      }));
      return performance.now() - start;
    })(${JSON.stringify({ urls, images: sentPhotos(), model, items, concurrency, body })})`;
    const ms = (await page.evaluate(script)) as number;
    const after = await processCpuMs(cdp);
    const serversCpu = servers.reduce((n, x, i) => n + (x.cpuMs() ?? NaN) - (serversBefore[i] ?? NaN), 0);
    const cpu = Object.keys(after).reduce((n, k) => n + (after[k] ?? 0) - (before[k] ?? 0), 0);
    return { ms, cpuPerRequest: cpu / (items * urls.length), endpointCpuPerRequest: serversCpu / (items * urls.length) };
  } finally {
    await cdp.detach();
    await context.close();
  }
}

/** The most requests that were open at once, from the request log's arrival and end times. */
function mostAtOnce(entries: { at: string; endedAtMs: number | null }[]): number {
  const edges = entries
    .flatMap((e) => (e.endedAtMs === null ? [] : [[Date.parse(e.at), 1] as const, [e.endedAtMs, -1] as const]))
    // An end and a start at the same millisecond: the end first.
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of edges) most = Math.max(most, (open += change));
  return most;
}

/** The page's main-thread task time so far (ms), from the DevTools performance metrics. */
async function mainThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

/** CPU time so far (ms) of Chromium's processes, summed by type (browser, renderer, GPU, utility: the network service). */
async function processCpuMs(cdp: CDPSession): Promise<Record<string, number>> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  const byType: Record<string, number> = {};
  for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime * 1000;
  return byType;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * BENCH_TRACE=1: where the page's main thread went during the run (layout, style, paint, GC, the rest) and its
 * five longest tasks with the functions that took their time, from a Chromium trace. Diagnostics on stderr.
 */
function printTrace(trace: Trace, from: number, to: number): void {
  const { pid, tid } = trace.main;
  const tasks = trace.tasks().filter((t) => t.ts + (t.dur ?? 0) >= from && t.ts <= to);
  const onMain = trace.events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts);
  const kinds: Record<string, string[]> = {
    style: ['UpdateLayoutTree'],
    layout: ['Layout'],
    paint: ['Paint', 'PrePaint', 'Layerize', 'Commit'],
    GC: ['MinorGC', 'MajorGC'],
  };
  const busy = tasks.reduce((n, t) => n + (t.dur ?? 0), 0);
  const lines = Object.entries(kinds).map(([kind, names]) => {
    const total = onMain.filter((e) => names.includes(e.name)).reduce((n, e) => n + (e.dur ?? 0), 0);
    return `  ${kind.padEnd(8)} ${ms(total / 1000).padStart(9)}`;
  });
  process.stderr.write(`page main thread during the run: ${tasks.length} tasks, ${ms(busy / 1000)} busy, of which\n${lines.join('\n')}\n`);
  // CPU by kind of task (what describeTask names in it), and the functions that took the main thread's CPU.
  const perRequest = (us: number) => (us / 1000 / (BATCH_BENCH.items * BATCH_BENCH.endpoints)).toFixed(3);
  const byKind = new Map<string, { n: number; cpu: number }>();
  let i = 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    while (i < onMain.length && onMain[i]!.ts < task.ts) i += 1;
    const inside: typeof onMain = [];
    for (let j = i; j < onMain.length && onMain[j]!.ts <= end; j += 1) if (onMain[j] !== task) inside.push(onMain[j]!);
    const kind = describeTask(task, inside).replace(/-[\w-]{8}\.js/g, '');
    const k = byKind.get(kind) ?? { n: 0, cpu: 0 };
    k.n += 1;
    k.cpu += task.tdur ?? task.dur ?? 0;
    byKind.set(kind, k);
  }
  const cpu = tasks.reduce((n, t) => n + (t.tdur ?? t.dur ?? 0), 0);
  process.stderr.write(`main-thread CPU in tasks: ${perRequest(cpu)} ms per request; by kind of task (count, CPU ms per request):\n`);
  for (const [kind, k] of [...byKind].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 15))
    process.stderr.write(`  ${String(k.n).padStart(6)}  ${perRequest(k.cpu).padStart(7)}  ${kind}\n`);
  const self = [...cpuSelfTime(trace.events, pid, from, to, tid)].sort((a, b) => b[1] - a[1]).slice(0, 25);
  process.stderr.write(`functions by self time (CPU ms per request):\n`);
  for (const [fn, us] of self) process.stderr.write(`  ${perRequest(us).padStart(7)}  ${fn}\n`);
  // The longest tasks, each with the JavaScript that took its time (from the build's source maps).
  process.stderr.write(`${longestTasks(trace, from, to, 5).join('\n')}\n`);
}

function printProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const key = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  process.stderr.write(`page CPU profile during the run, self time:\n${top.map(([k, t]) => `${ms(t).padStart(10)}  ${k}`).join('\n')}\n`);
}

/** `floors: false` leaves out the bare Node client and bare page runs (A/B runs of the app alone). */
export async function benchBatch(browser: Browser, base: string, options: { floors?: boolean } = {}): Promise<BatchBenchResult> {
  const { items, endpoints, concurrency, latencyMs } = BATCH_BENCH;
  const dir = writeSet(items);
  const tls = localCertificate();
  const servers: Preview[] = [];
  const sessions: ClientHttp2Session[] = [];
  // The page trusts the bench's self-signed certificate; nothing else about it changes.
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
  try {
    for (let i = 0; i < endpoints; i++) servers.push(await startDemoEndpoint(tls));
    for (const server of servers) sessions.push(connect(server.url, { rejectUnauthorized: false }));
    await context.addInitScript({ content: LONG_TASKS });
    const page = await context.newPage();
    // The app's answers are asked for in its stream worker (src/inference/stream.worker.ts): its Resource Timing
    // holds every request of the run too.
    page.on('worker', (worker) => void worker.evaluate('performance.setResourceTimingBufferSize(100000)').catch(() => undefined));
    // Both endpoints are the demo endpoint's latency scenario: each request held 100 ms, then answered at once.
    const model = `demo-latency:ms=${latencyMs}`;
    await warmUp(sessions, model);
    const floors =
      options.floors === false
        ? null
        : {
            node: await floor(sessions, servers, model),
            page: { string: await pageFloor(browser, servers, model, 'string'), blob: await pageFloor(browser, servers, model, 'blob') },
          };
    for (const session of sessions) await h2(session, 'POST', '/__control/reset');
    const config = {
      endpoints: servers.map((server, i) => ({
        id: `bench-${i + 1}`,
        label: `Bench ${i + 1}`,
        protocol: 'openai-chat',
        url: `${server.url}/v1`,
        model,
        imagePolicy: { shortSide: 768 },
      })),
    };
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.goto('/#/batch');
    await page.locator('[data-testid="batch"][data-load="ready"]').waitFor();
    // The app has read config.json: no route may stay, because while one does Playwright intercepts every
    // request of the page (Fetch.enable for '*', each request paused and continued from Node), which cost the
    // browser process and the bench's own Node process several ms per request of the run, a cost no user pays.
    await page.unrouteAll();

    const importStart = Date.now();
    await page.getByTestId('set-folder-input').setInputFiles(dir);
    await page.locator('[data-testid="set-report"][data-ok="true"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('set-import-save').click();
    await page.getByTestId('set-stored').waitFor();
    const importMs = Date.now() - importStart;

    await page.getByTestId('set-run').first().click();
    await page.getByTestId('run-form').waitFor();
    for (let i = 1; i <= endpoints; i++) {
      await page.getByTestId(`run-endpoint-bench-${i}`).check();
      await page.getByTestId(`run-concurrency-bench-${i}`).fill(String(concurrency));
    }
    const demo = page.getByTestId('run-endpoint-demo');
    if (await demo.isChecked()) await demo.uncheck();

    // The start is the click's own time stamp; the end, the first frame that shows the run done, noted in the
    // page: Playwright's waitFor asks from Node, every 500 ms once a wait is long, so a time taken after it
    // came back was up to half a second late.
    await page.evaluate(`(() => {
      document.addEventListener('click', (e) => { window.__startedAt = e.timeStamp; }, { capture: true, once: true });
      const done = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="run-view"][data-state="done"]')) return;
        done.disconnect();
        requestAnimationFrame(() => { window.__doneAt = performance.now(); });
      });
      done.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    })()`);
    // BENCH_PROFILE=1: a CPU profile of the page during the run, its busiest functions printed (not in the figures).
    const profiling = process.env.BENCH_PROFILE === '1' ? await context.newCDPSession(page) : null;
    if (profiling) {
      await profiling.send('Profiler.enable');
      await profiling.send('Profiler.start');
    }
    const tracing = process.env.BENCH_TRACE === '1' ? await startTrace(browser, page, CATEGORIES) : null;
    const clicked = (await page.evaluate('performance.now()')) as number;
    const metrics = await context.newCDPSession(page);
    await metrics.send('Performance.enable');
    const browserCdp = await browser.newBrowserCDPSession();
    const cpuBefore = {
      page: await mainThreadMs(metrics),
      processes: await processCpuMs(browserCdp),
      servers: servers.map((x) => x.cpuMs()),
    };
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-view"][data-state="done"]').waitFor({ timeout: 600_000 });
    const cpuAfter = {
      page: await mainThreadMs(metrics),
      processes: await processCpuMs(browserCdp),
      servers: servers.map((x) => x.cpuMs()),
    };
    await browserCdp.detach();
    if (profiling) printProfile(((await profiling.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    if (tracing) {
      const done = (await page.evaluate('performance.now()')) as number;
      const trace = await tracing();
      printTrace(trace, trace.fromPage(clicked), trace.fromPage(done));
    }
    const endedAt = (await page.waitForFunction('window.__doneAt').then((h) => h.jsonValue())) as number;
    const startedAt = (await page.evaluate('window.__startedAt')) as number;
    const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
    const during = tasks.filter((t) => t.start + t.duration > startedAt && t.start < endedAt);
    const counts = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="run-lane"]')].map((l) => [Number(l.dataset.done), Number(l.dataset.failed)])`,
    )) as [number, number][];
    // Where the app's requests were made: its stream worker (the page, for a build that has none).
    const worker = page.workers().find((w) => w.url().includes('stream.worker'));
    const inRequester = (expression: string): Promise<unknown> => (worker ? worker.evaluate(expression) : page.evaluate(expression));
    const protocols = (await inRequester(
      `[...new Set(performance.getEntriesByType('resource').filter((e) => ${JSON.stringify(servers.map((x) => x.url))}.some((u) => e.name.startsWith(u))).map((e) => e.nextHopProtocol))]`,
    )) as string[];
    const logs = await Promise.all(
      sessions.map(async (session) => (JSON.parse(await h2(session, 'GET', '/__control/log')) as { entries: Served[] }).entries),
    );
    const fetched = (await inRequester(
      `performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/chat/completions')).map((e) => ({ name: e.name, start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart, end: e.responseEnd }))`,
    )) as (Fetched & { name: string })[];
    const units = items * endpoints;
    const cpuPerRequest = [
      { label: "the page's main thread (task time)", ms: cpuAfter.page - cpuBefore.page },
      ...Object.keys(cpuAfter.processes).map((type) => ({
        label: `Chromium: ${type.replace(/^(\w+)\.mojom\.\w+$/, '$1 service')} (CPU)`,
        ms: (cpuAfter.processes[type] ?? 0) - (cpuBefore.processes[type] ?? 0),
      })),
      ...servers.map((_, i) => ({
        label: `endpoint ${i + 1}, its Node process (CPU)`,
        ms: (cpuAfter.servers[i] ?? NaN) - (cpuBefore.servers[i] ?? NaN),
      })),
    ].map((c) => ({ ...c, ms: c.ms / (c.label.startsWith('endpoint') ? items : units) }));

    const cdp = await context.newCDPSession(page);
    const heapAfterRun = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;

    return {
      items,
      units: items * endpoints,
      importMs,
      wallMs: endedAt - startedAt,
      idealMs: (items * latencyMs) / concurrency,
      floors,
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
      longTasks: during.length,
      heapAfterRun,
      heapAfterGc,
      done: counts.reduce((n, [d]) => n + d, 0),
      failed: counts.reduce((n, [, f]) => n + f, 0),
      mostAtOnce: logs.map(mostAtOnce),
      protocols,
      lanes: servers.map((server, i) =>
        laneTimes(
          fetched.filter((f) => f.name.startsWith(server.url)),
          logs[i] ?? [],
          concurrency,
        ),
      ),
      cpuPerRequest,
    };
  } finally {
    await context.close();
    for (const session of sessions) session.close();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

function floorRows(floors: NonNullable<BatchBenchResult['floors']>, wallMs: number, idealMs: number): string[][] {
  const node = floors.node;
  const p = node.parts;
  return [
    ['  the same requests from a bare Node client (no app)', ms(node.ms), `${(node.ms / idealMs).toFixed(2)}× ideal`, ''],
    [
      '    per request, mean: as the client saw it',
      `${node.clientMs.toFixed(1)} ms`,
      `= to the endpoint ${p.toEndpoint.toFixed(1)} + at the endpoint ${p.atEndpoint.toFixed(1)} (arrival -> end) + back to the client ${p.toClient.toFixed(1)} + the body ${p.body.toFixed(1)}`,
      '',
    ],
    [
      // Each of a lane's slots sends its share of the requests one after another: what its span holds beyond them.
      '    per request, mean: between requests',
      `${(node.ms / (BATCH_BENCH.items / BATCH_BENCH.concurrency) - node.clientMs).toFixed(1)} ms`,
      'the client building the next request and waiting for a CPU (the run / (items / concurrency) - the above)',
      '',
    ],
    [
      '    CPU per request: client, endpoint',
      `${node.clientCpuMs.toFixed(2)}, ${node.endpointCpuMs.toFixed(2)} ms`,
      `${Math.round(node.busyShare * 100)} % of the machine's ${os.cpus().length} cores`,
      '',
    ],
    ['  the app against that floor', `${(wallMs / node.ms).toFixed(2)}×`, '', ''],
    ...(['string', 'blob'] as const).map((kind) => [
      `  the same requests from a bare page, ${kind} bodies`,
      ms(floors.page[kind].ms),
      `${(floors.page[kind].ms / idealMs).toFixed(2)}× ideal`,
      `CPU per request: Chromium ${floors.page[kind].cpuPerRequest.toFixed(2)} ms, endpoint ${floors.page[kind].endpointCpuPerRequest.toFixed(2)} ms`,
    ]),
  ];
}

export function reportBatch(r: BatchBenchResult): string {
  const { items, endpoints, concurrency, latencyMs } = BATCH_BENCH;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const ratio = r.wallMs / r.idealMs;
  return [
    `Batch run: ${items} questions × ${endpoints} endpoints (${r.units} requests), ${concurrency} at once per endpoint, demo endpoint held ${latencyMs} ms per request from its arrival`,
    `  (each endpoint answered one request per photo before anything was measured: a deployed endpoint is warm)`,
    `  (${r.done} answered, ${r.failed} failed; importing the ${items}-question folder took ${ms(r.importMs)})`,
    `  (each endpoint its own origin over HTTPS, protocol seen by the app: ${r.protocols.join(', ') || 'none'}; most requests at once at each endpoint: ${r.mostAtOnce.join(', ')})`,
    table([
      ['figure', 'value', 'aim', ''],
      ['wall time, click Start -> run shown done', ms(r.wallMs), '', ''],
      [
        `  against the ideal ${items} × ${latencyMs} ms / ${concurrency}`,
        `${ratio.toFixed(2)}×`,
        `<= ${AIM.wallRatio}× (${ms(r.idealMs * AIM.wallRatio)})`,
        met(ratio <= AIM.wallRatio),
      ],
      [
        'longest main-thread task during the run',
        r.longestTaskMs ? ms(r.longestTaskMs) : 'none over 50 ms',
        `< ${AIM.longestTaskMs} ms`,
        met(r.longestTaskMs < AIM.longestTaskMs),
      ],
      ...(r.floors ? floorRows(r.floors, r.wallMs, r.idealMs) : []),
      ['  tasks over 50 ms during the run', String(r.longTasks), '', ''],
      ['JS heap after the run', mb(r.heapAfterRun), `< ${mb(AIM.heapBytes)}`, met(r.heapAfterRun < AIM.heapBytes)],
      ['JS heap after a garbage collection', mb(r.heapAfterGc), '', ''],
    ]),
    `  Where each endpoint's time went (ms; medians, except the gaps)`,
    table([
      [
        'endpoint',
        'requests',
        'gap in the app',
        'gap at the endpoint',
        'fetch -> sent',
        'sent -> first byte',
        'first -> last byte',
        'upload',
        'held',
      ],
      ...r.lanes.map((l, i) => [
        `${i + 1}`,
        String(l.requests),
        ...[l.gapMs, l.serverGapMs, l.queuedMs, l.waitMs, l.readMs, l.uploadMs, l.heldMs].map((x) => x.toFixed(1)),
      ]),
    ]),
    `  (gap: what each of the ${concurrency} slots of a lane spent outside a request, per request: ideal 0; the endpoint holds each request ${latencyMs} ms from its arrival, its upload included)`,
    `  CPU time per request during the run`,
    table([
      ['where', 'ms per request'],
      ...r.cpuPerRequest.map((c) => [c.label, c.ms.toFixed(2)]),
      // The endpoints' figures are per request each endpoint served: per request of the run, half of each.
      [
        'CPU of Chromium and the endpoints, per request of the run',
        r.cpuPerRequest
          .filter((c) => !c.label.startsWith('the page'))
          .reduce((n, c) => n + (c.label.startsWith('endpoint') ? c.ms / endpoints : c.ms), 0)
          .toFixed(2),
      ],
    ]),
    `  (task time includes waits for the CPU on a loaded machine; CPU is the processes' own CPU time, summed over their threads)`,
  ].join('\n');
}

async function alone() {
  const { buildApp, startPreview } = await import('./server');
  if (!process.argv.includes('--no-build') && !process.env.BENCH_URL) {
    process.stderr.write('building (npx vite build)...\n');
    buildApp();
  }
  const server = process.env.BENCH_URL ? null : await startPreview();
  const base = process.env.BENCH_URL ?? server!.url;
  try {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      process.stderr.write(`batch: importing ${BATCH_BENCH.items} questions and running them on ${BATCH_BENCH.endpoints} endpoints...\n`);
      console.log(reportBatch(await benchBatch(browser, base, { floors: !process.argv.includes('--app-only') })));
      console.log(
        `\nLoad average at the end: ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(', ')} (1, 5, 15 min)`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  alone().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
