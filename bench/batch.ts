// Batch runs at volume (issue 11): 500 questions × 2 endpoints, 8 requests at once per endpoint, against the
// demo endpoint held to a fixed 100 ms per request. Measured in real Chromium through the UI, on the run's
// own page as a person watches it: the set is imported from a folder (the worker reads and checks it), the
// run is started from the form, and the page is left to work.
//   - wall time from the click on Start to the run shown done, against the ideal N × latency / concurrency;
//   - the longest main-thread task while the run goes on (PerformanceObserver 'longtask', in the page);
//   - the page's JavaScript heap after the run, and after a garbage collection.
//
// From bench/main.ts:  const batch = await benchBatch(browser, server.url); console.log(reportBatch(batch));
// Alone:               npm run bench:batch [-- --no-build]   (npm run bench -- --no-batch leaves it out)
import { chromium, type Browser } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { photoPath } from '../test-support/images';
import { mb, ms, table } from './figures';

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
  longestTaskMs: number;
  longTasks: number;
  heapAfterRun: number;
  heapAfterGc: number;
  done: number;
  failed: number;
}

export async function benchBatch(browser: Browser, base: string): Promise<BatchBenchResult> {
  const { items, endpoints, concurrency, latencyMs } = BATCH_BENCH;
  const dir = writeSet(items);
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ content: LONG_TASKS });
    const page = await context.newPage();
    // Both endpoints are the demo endpoint's latency scenario: each request held 100 ms, then answered at once.
    const model = `demo-latency:ms=${latencyMs}`;
    const config = {
      endpoints: Array.from({ length: endpoints }, (_, i) => ({
        id: `bench-${i + 1}`,
        label: `Bench ${i + 1}`,
        protocol: 'openai-chat',
        url: '/demo/v1',
        model,
        imagePolicy: { shortSide: 768 },
      })),
    };
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.goto('/#/batch');
    await page.locator('[data-testid="batch"][data-load="ready"]').waitFor();

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

    // The start is the click's own time stamp; the end, the first frame that shows the run done.
    await page.evaluate(`document.addEventListener('click', (e) => { window.__startedAt = e.timeStamp; }, { capture: true, once: true })`);
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-view"][data-state="done"]').waitFor({ timeout: 600_000 });
    const endedAt = (await page.evaluate(`new Promise((r) => requestAnimationFrame(() => r(performance.now())))`)) as number;
    const startedAt = (await page.evaluate('window.__startedAt')) as number;
    const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
    const during = tasks.filter((t) => t.start + t.duration > startedAt && t.start < endedAt);
    const counts = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="run-lane"]')].map((l) => [Number(l.dataset.done), Number(l.dataset.failed)])`,
    )) as [number, number][];

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
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
      longTasks: during.length,
      heapAfterRun,
      heapAfterGc,
      done: counts.reduce((n, [d]) => n + d, 0),
      failed: counts.reduce((n, [, f]) => n + f, 0),
    };
  } finally {
    await context.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

export function reportBatch(r: BatchBenchResult): string {
  const { items, endpoints, concurrency, latencyMs } = BATCH_BENCH;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const ratio = r.wallMs / r.idealMs;
  return [
    `Batch run: ${items} questions × ${endpoints} endpoints (${r.units} requests), ${concurrency} at once per endpoint, demo endpoint held ${latencyMs} ms per request`,
    `  (${r.done} answered, ${r.failed} failed; importing the ${items}-question folder took ${ms(r.importMs)})`,
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
      ['  tasks over 50 ms during the run', String(r.longTasks), '', ''],
      ['JS heap after the run', mb(r.heapAfterRun), `< ${mb(AIM.heapBytes)}`, met(r.heapAfterRun < AIM.heapBytes)],
      ['JS heap after a garbage collection', mb(r.heapAfterGc), '', ''],
    ]),
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
      console.log(reportBatch(await benchBatch(browser, base)));
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
