// `npm run bench [-- --no-build]`: figures for three things users feel — how much code the first visit
// downloads, how soon a phone photo is ready to send, how smoothly a long answer streams — measured in
// real Chromium against the built app and its demo endpoint. It prints figures (medians, ratios,
// comparisons with an aim) and never fails on them: machines differ, the figures are for people.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attribute, distAssets, gzipSize } from './bundle';
import { kb, mb, median, ms, percentile, runs, table } from './figures';
import { ensurePhoto } from './images';
import {
  armPreparation,
  frameGaps,
  longestTask,
  metricsScript,
  readPageMetrics,
  tapStreamWorker,
  untilPrepared,
  untilRendersPainted,
} from './page-metrics';
import { buildApp, outDir as dist, startPreview } from './server';
import { benchLighthouse } from './lighthouse';
import { benchBatch, reportBatch } from './batch';
import { benchReview, reportReview, type ReviewBenchResult } from './review';
import { benchCompareStream, benchLeaderboard, reportIssue10 } from './compare';
import { benchImports } from './imports';
import { AIMS, measureClicks, measureStreamLoad, reportIssue9, STREAM, streamConfig } from './speed';

const PREP_RUNS = 7;
const STREAM_RUNS = 3;
const AIM_FIRST_LOAD_JS_GZIP = AIMS.firstLoadJsGzip;
const TYPING = { chars: 20, perSecond: 5 };
// ---------- small helpers ----------

const taskMs = (n: number) => (n ? ms(n) : 'none');

interface Loaded {
  file: string;
  raw: number;
  gzip: number;
  phase: string;
}

/** Every JS/CSS file Chromium fetched, with the phase of the bench that first fetched it. */
const fetched = new Map<string, Loaded>();
let phase = 'first load';

function trackAssets(context: BrowserContext): () => Promise<unknown> {
  const pending: Promise<void>[] = [];
  context.on('response', (response) => {
    const file = new URL(response.url()).pathname.replace(/^\//, '');
    if (!/\.(js|css)$/.test(file) || fetched.has(file)) return;
    const at = phase;
    pending.push(
      response.body().then(
        (body) => void (fetched.has(file) || fetched.set(file, { file, raw: body.length, gzip: gzipSize(body), phase: at })),
        () => undefined, // no body for aborted loads
      ),
    );
  });
  return () => Promise.all(pending);
}

async function openApp(browser: Browser, base: string, config?: object) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  const settled = trackAssets(context);
  await context.addInitScript({ content: metricsScript });
  const page = await context.newPage();
  if (config)
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto('/');
  await page.locator('.app[data-hydrated="true"]').waitFor();
  // Measure on a settled page, as a person meets it, not on one still starting up.
  await page.waitForLoadState('networkidle');
  return { context, page, settled };
}

const metrics = readPageMetrics;

/** Sends a question through the composer and waits until the answer is no longer streaming. */
async function ask(page: Page, question: string, timeout: number) {
  const answers = page.locator('[data-testid="assistant-message"]');
  const before = await answers.count();
  await page.getByTestId('composer-input').fill(question);
  await tapStreamWorker(page);
  await page.getByTestId('composer-input').press('Enter');
  // This question's answer, not the last one on the page: sending is asynchronous, so right after Enter the
  // last finished answer can still be the previous question's.
  const answer = answers.nth(before);
  await answer.and(page.locator(':not([data-status="streaming"])')).waitFor({ timeout });
  const status = await answer.getAttribute('data-status');
  if (status !== 'ok') throw new Error(`answer ended with status ${status}: ${await answer.innerText()}`);
}

interface LogEntry {
  lastUserText: string;
  tokensSent: number;
  images: { width: number; height: number; format: string; bytes: number }[];
}

/** What the demo endpoint itself saw of the request carrying `marker`. */
async function demoLogEntry(base: string, marker: string): Promise<LogEntry> {
  const { entries } = (await (await fetch(`${base}/demo/__control/log`)).json()) as { entries: LogEntry[] };
  const entry = entries.findLast((e) => e.lastUserText.includes(marker));
  if (!entry) throw new Error(`the demo endpoint logged no request for ${marker}`);
  return entry;
}

const newMarker = () => `bench-${Date.now().toString(36)}`;

// ---------- 1. first load ----------

async function measureFirstLoad(browser: Browser, base: string): Promise<Loaded[]> {
  phase = 'first load';
  const { context, settled } = await openApp(browser, base);
  await settled();
  await context.close();
  return [...fetched.values()];
}

// ---------- 2. image preparation ----------

async function measurePreparation(browser: Browser, base: string, photoPath: string) {
  phase = 'attach + send photo';
  const times: number[] = [];
  const tasks: number[] = [];
  const gaps: number[] = [];
  let sent: (LogEntry['images'][number] & { bodyBytes: number | null }) | undefined;
  for (let run = 0; run < PREP_RUNS; run++) {
    // A fresh context each run: the worker starts cold, as it does for a visitor's first photo.
    const { context, page, settled } = await openApp(browser, base);
    await page.evaluate(armPreparation);
    await page.getByTestId('file-input').setInputFiles(photoPath);
    await page.evaluate(untilPrepared);
    const m = await metrics(page);
    const { start, ready } = m.prep as { start: number; ready: number };
    times.push(ready - start);
    tasks.push(longestTask(m, start, ready));
    gaps.push(frameGaps(m, start, ready).maxGap);
    if (run === PREP_RUNS - 1) {
      // Once: send it to the demo endpoint (which has Tanuki's image policy) and read what arrived.
      const marker = newMarker();
      await ask(page, `What is in this photo? ${marker}`, 30_000);
      const image = (await demoLogEntry(base, marker)).images[0];
      if (!image) throw new Error('the demo endpoint received no image');
      sent = { ...image, bodyBytes: (await metrics(page)).requests.at(-1)?.bodyBytes ?? null };
    }
    await settled();
    await context.close();
  }
  return { times, tasks, gaps, sent: sent! };
}

// ---------- 3. streaming ----------

async function streamOnce(browser: Browser, base: string) {
  const { context, page, settled } = await openApp(browser, base, streamConfig);
  const marker = newMarker();
  await ask(page, `Describe it at length ${marker}`, 60_000);
  await page.evaluate(untilRendersPainted); // the last paint is noted after the answer is marked done
  const m = await metrics(page);
  const tokens = (await demoLogEntry(base, marker)).tokensSent;
  await settled();
  await context.close();

  const text = m.chunks.filter((c) => c.hasText);
  const from = m.chunks[0]?.t ?? 0;
  const lastChunk = m.chunks.at(-1)?.t ?? from;
  const to = Math.max(lastChunk, m.renders.at(-1)?.paint ?? 0);
  // A chunk is on screen once the first render (text growth) at or after its arrival is painted.
  const delays = text.flatMap((c) => {
    const paint = m.renders.find((r) => r.t >= c.t)?.paint;
    return paint != null ? [paint - c.t] : [];
  });
  const { maxGap, frames } = frameGaps(m, from, to);
  // The main thread's work per frame at the start and at the end: it should not grow with the answer.
  const work = (a: number, b: number) => median(m.frameWork.filter((w) => w.t >= a && w.t < b).map((w) => w.duration));
  return {
    tokens,
    seconds: (lastChunk - from) / 1000,
    chunks: m.chunks.length,
    textChunks: text.length,
    unmatched: text.length - delays.length,
    delayMedian: median(delays),
    delayP95: percentile(delays, 95),
    renders: m.renders.length,
    frames,
    longestTask: longestTask(m, from, to),
    maxGap,
    workStart: work(from, from + 2000),
    workEnd: work(to - 2000, to),
  };
}

async function measureStreaming(browser: Browser, base: string) {
  phase = 'streamed answer';
  const results: Awaited<ReturnType<typeof streamOnce>>[] = [];
  for (let run = 0; run < STREAM_RUNS; run++) results.push(await streamOnce(browser, base));
  return results;
}

// ---------- report ----------

/** The two biggest parts of a built chunk, from its source map. */
function describeChunk(file: string): string {
  const parts = attribute(path.join(dist, file));
  const total = parts.reduce((a, c) => a + c.raw, 0);
  return parts
    .filter((c) => c.raw >= total / 100)
    .slice(0, 2)
    .map((c) => `${c.name} ${Math.round((100 * c.raw) / total)} %`)
    .join(', ');
}

function report(
  env: { browser: string; buildMs: number | null },
  firstLoad: Loaded[],
  photo: ReturnType<typeof ensurePhoto>,
  prep: Awaited<ReturnType<typeof measurePreparation>>,
  stream: Awaited<ReturnType<typeof streamOnce>>[],
): string {
  const out: string[] = [];
  const cpus = os.cpus();
  out.push('Tanuki Vision Studio bench   (1 KB = 1000 bytes; gzip = zlib level 9; times from the page clock)');
  out.push(
    `Environment: Chromium ${env.browser}, Node ${process.version}, ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? '?'}), ` +
      `load average ${os.loadavg()[0]!.toFixed(1)}, ${env.buildMs === null ? 'build skipped (--no-build)' : `build ${(env.buildMs / 1000).toFixed(1)} s`}`,
  );
  out.push('  (other work on the machine stretches times; sizes, ratios and counts hold)');

  // 1
  const total = (xs: { file: string; raw: number; gzip: number }[], ext: string) =>
    xs.filter((x) => x.file.endsWith(ext)).reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip }), { raw: 0, gzip: 0 });
  const assets = distAssets(dist);
  const eager = assets.filter((a) => a.firstLoad);
  const js = total(firstLoad, '.js');
  const css = total(firstLoad, '.css');
  out.push('', '1. First load: JS and CSS Chromium fetched before any user action');
  out.push(
    table([
      ['file', 'raw', 'gzip'],
      ...firstLoad.map((f) => [f.file, kb(f.raw), kb(f.gzip)]),
      ['JS total', kb(js.raw), kb(js.gzip)],
      ['CSS total', kb(css.raw), kb(css.gzip)],
      ['dist/ cross-check, files in index.html: JS', kb(total(eager, '.js').raw), kb(total(eager, '.js').gzip)],
      ['dist/ cross-check, files in index.html: CSS', kb(total(eager, '.css').raw), kb(total(eager, '.css').gzip)],
    ]),
  );
  const onlyFetched = firstLoad.filter((f) => !eager.some((a) => a.file === f.file)).map((f) => f.file);
  const notFetched = eager.filter((a) => !firstLoad.some((f) => f.file === a.file)).map((a) => a.file);
  if (!onlyFetched.length && !notFetched.length) out.push('  Chromium fetched exactly the files dist/index.html references.');
  if (onlyFetched.length)
    out.push(`  Also fetched at start-up (dynamic imports that run at once, so not in index.html): ${onlyFetched.join(', ')}`);
  if (notFetched.length) out.push(`  In index.html but not fetched: ${notFetched.join(', ')}`);
  const over = js.gzip - AIM_FIRST_LOAD_JS_GZIP;
  out.push(
    `  Aim: first-load JS < ${kb(AIM_FIRST_LOAD_JS_GZIP)} gzip -> ${over < 0 ? `met (${kb(-over)} to spare)` : `NOT MET (${kb(js.gzip)}, ${kb(over)} over)`}`,
  );

  out.push('', '  Chunks not in the first load, and when Chromium first fetched them');
  out.push(
    table([
      ['file', 'raw', 'gzip', 'first fetched during', 'largest parts'],
      ...assets
        .filter((a) => !firstLoad.some((f) => f.file === a.file))
        .map((a) => [
          a.file,
          kb(a.raw),
          kb(a.gzip),
          fetched.get(a.file)?.phase ?? 'not fetched',
          a.kind === 'js' ? describeChunk(a.file) : '',
        ]),
    ]),
  );

  const byName = new Map<string, { name: string; raw: number; gzip: number }>();
  for (const c of firstLoad.filter((f) => f.file.endsWith('.js')).flatMap((f) => attribute(path.join(dist, f.file)))) {
    const sum = byName.get(c.name) ?? { name: c.name, raw: 0, gzip: 0 };
    byName.set(c.name, { name: c.name, raw: sum.raw + c.raw, gzip: sum.gzip + c.gzip });
  }
  const parts = [...byName.values()];
  const partsRaw = parts.reduce((a, c) => a + c.raw, 0);
  out.push('', '  What the first-load JS is made of (source maps; gzip of each part alone, so approximate)');
  out.push(
    table([
      ['package or src/ folder', 'raw', 'share', 'gzip alone'],
      ...parts
        .sort((a, b) => b.raw - a.raw)
        .slice(0, 12)
        .map((c) => [c.name, kb(c.raw), `${((100 * c.raw) / partsRaw).toFixed(1)} %`, kb(c.gzip)]),
    ]),
  );

  // 2
  const typingMs = (TYPING.chars / TYPING.perSecond) * 1000;
  const prepMedian = median(prep.times);
  const s = prep.sent;
  out.push('', `2. A 12 MP photo: attach (file-input) -> attachment ready; ${PREP_RUNS} runs, each in a fresh page`);
  out.push(
    table([
      ['original', `${photo.width}×${photo.height} JPEG q90, EXIF orientation ${photo.orientation}, ${mb(photo.bytes)}`],
      [
        'sent (as the demo endpoint received it)',
        `${s.width}×${s.height} ${s.format}, ${kb(s.bytes)}: ${((100 * s.bytes) / photo.bytes).toFixed(1)} % of the original (1/${Math.round(photo.bytes / s.bytes)})`,
      ],
      ['request body (JSON, image as base64)', s.bodyBytes === null ? '?' : kb(s.bodyBytes)],
      ['preparation time, median', runs(prep.times, ms)],
      ['longest main-thread task (> 50 ms)', runs(prep.tasks, taskMs)],
      ['longest frame gap', runs(prep.gaps, ms)],
    ]),
  );
  out.push(
    `  Typing a ${TYPING.chars}-character question at ${TYPING.perSecond} chars/s takes ${(typingMs / 1000).toFixed(1)} s: ` +
      (prepMedian < typingMs
        ? `the photo is ready first (${(typingMs / prepMedian).toFixed(1)}× sooner).`
        : `the photo is NOT ready first (${(prepMedian / typingMs).toFixed(1)}× longer).`),
  );

  out.push('', reportStreaming(stream));
  return out.join('\n');
}

/** Section 3: the streamed answer as the page saw it (in-page probes). */
function reportStreaming(stream: Awaited<ReturnType<typeof streamOnce>>[]): string {
  const out: string[] = [];
  const col = (k: keyof (typeof stream)[number]) => stream.map((r) => r[k]);
  out.push(`3. Streaming a ${STREAM.tokens}-token answer at ${STREAM.rate} tokens/s; ${STREAM_RUNS} runs, each in a fresh page`);
  out.push(
    table([
      ['tokens received (demo log)', runs(col('tokens'), String)],
      ['stream duration', runs(col('seconds'), (n) => `${n.toFixed(1)} s`)],
      ['network chunks', runs(col('chunks'), String)],
      ['  of which carry answer text', runs(col('textChunks'), String)],
      ['chunk arrival -> paint, median', runs(col('delayMedian'), ms)],
      ['chunk arrival -> paint, p95', runs(col('delayP95'), ms)],
      ['renders of the answer', runs(col('renders'), String)],
      ['frames meanwhile', runs(col('frames'), String)],
      ['longest main-thread task (> 50 ms)', runs(col('longestTask'), taskMs)],
      ['longest frame gap', runs(col('maxGap'), ms)],
      ['main-thread work per frame, first 2 s', runs(col('workStart'), ms)],
      ['main-thread work per frame, last 2 s', runs(col('workEnd'), ms)],
    ]),
  );
  const batched = stream.every((r) => r.renders <= r.frames + 1);
  out.push("  (These runs carry the bench's in-page probes; the main-thread load is measured without them, in the issue 9 table.)");
  out.push(
    `  Renders ≤ frames (one per frame at most, not one per token): ${batched ? 'yes' : 'NO'}; about ${(STREAM.tokens / median(col('renders'))).toFixed(1)} tokens per render.`,
  );
  const unmatched = col('unmatched').reduce((a, b) => a + b, 0);
  if (unmatched) out.push(`  (${unmatched} text chunk(s) had no later render and are left out of the delay figures.)`);
  return out.join('\n');
}

async function main() {
  // On Ctrl-C, exit normally so that the preview server's 'exit' handler stops it.
  process.on('SIGINT', () => process.exit(130));
  let buildMs: number | null = null;
  if (!process.argv.includes('--no-build')) {
    process.stderr.write('building (npx vite build)...\n');
    buildMs = buildApp();
  } else if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`--no-build, but ${path.relative(process.cwd(), dist)}/index.html is missing: run once without --no-build`);
  }
  process.stderr.write('preparing the 12 MP test photo (cached in bench/.cache)...\n');
  const photo = ensurePhoto();

  const server = await startPreview();
  if (process.argv.includes('--stream-only')) {
    // Section 3 alone (chunk arrival -> paint, renders), for A/B comparisons of the streaming path.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      console.log(reportStreaming(await measureStreaming(browser, server.url)));
    } finally {
      await browser.close();
      await server.stop();
    }
    return;
  }
  process.stderr.write(`measuring against ${server.url} (about two minutes)...\n`);
  try {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      const firstLoad = await measureFirstLoad(browser, server.url);
      const prep = await measurePreparation(browser, server.url, photo.path);
      const stream = await measureStreaming(browser, server.url);
      console.log(report({ browser: browser.version(), buildMs }, firstLoad, photo, prep, stream));
      let review: ReviewBenchResult | null = null;
      if (!process.argv.includes('--no-review')) {
        process.stderr.write('review: seeding 10,000 records and 20,000 ratings (about a minute and a half)...\n');
        review = await benchReview(browser, server.url);
        console.log(`\n${reportReview(review)}`);
      }
      if (!process.argv.includes('--no-batch')) {
        process.stderr.write('batch: 500 questions on 2 endpoints, 8 at once each, 100 ms per request...\n');
        console.log(`\n${reportBatch(await benchBatch(browser, server.url))}`);
      }
      process.stderr.write('issue 9: clicks on Send with a 12 MP photo, then a follow-up...\n');
      const clicks = await measureClicks(browser, server.url, photo.path);
      let lighthouse = null;
      if (!process.argv.includes('--no-lighthouse')) {
        process.stderr.write('lighthouse: mobile profile, chat screen...\n');
        lighthouse = await benchLighthouse(server.url);
      }
      process.stderr.write('issue 9: main-thread load while streaming, without in-page probes...\n');
      const streamLoad = await measureStreamLoad(browser, server.url);
      console.log(`\n${reportIssue9({ clicks, stream: streamLoad, reviewOpen: review?.openCold ?? [], lighthouse })}`);
      if (!process.argv.includes('--no-compare')) {
        process.stderr.write('issue 10: two compare sides streaming, then the leaderboard over 20,000 votes...\n');
        const compareStream = await benchCompareStream(browser, server.url);
        console.log(`\n${reportIssue10(compareStream, await benchLeaderboard(browser, server.url))}`);
      }
      if (!process.argv.includes('--no-imports')) {
        process.stderr.write(
          'issue 7: importing a 200 MB JSONL and a 100,000-image zip, a 300,000-character answer (about five minutes)...\n',
        );
        console.log('');
        await benchImports(browser, server.url);
      }
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
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
