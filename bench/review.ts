// Review at volume: 10,000 generated records with 20,000 ratings, written straight into the page's
// IndexedDB (the app's own database and stores; nothing in production code exists for the bench), then
// timed in real Chromium through the UI: opening Review, applying a filter, stepping the queue, exporting.
// Each interaction is timed in the page, from the input event to the first frame after the DOM shows the
// result (a MutationObserver sees the change; a frame later it has been painted).
//
// From bench/main.ts:   const review = await benchReview(browser, server.url); console.log(reportReview(review));
// Alone:                npx tsx bench/review.ts [--no-build]   (or BENCH_URL=http://… to use a running preview)
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateImages, generateRecords } from '../test-support/bench-data';
import { RECORDS_DB_NAME } from '../src/records';
import { median, ms, runs } from './figures';

const REVIEW_BENCH = { records: 10_000, ratingsPerRecord: 2, images: 50, runs: 5, queueSteps: 15, exportRuns: 3 } as const;
const AIM_INTERACTION_MS = 100;
const AIM_EXPORT_MS = 10_000;

export interface ReviewBenchResult {
  records: number;
  ratings: number;
  seedMs: number;
  /** Click on the Review tab -> first rows painted, on a freshly loaded page (reads everything from IndexedDB). */
  openCold: number[];
  /** The same, with the pointer resting on the link for 200 ms before the click (a mouse user's usual pause). */
  openColdHover: number[];
  /** The same, coming back to Review later in the same page life (what was loaded stays; a refresh follows). */
  openWarm: number[];
  /** Status filter changed -> list updated. */
  filterStatus: number[];
  /** A search term typed in at once -> list updated. */
  filterText: number[];
  /** Enter in the queue -> next item shown. */
  queueNext: number[];
  /** A score key in the queue -> the score shown as set (stored in IndexedDB first). */
  queueScore: number[];
  /** Export ZIP click -> the browser's download event, all 10,000 records. */
  exportZip: number[];
  exportZipBytes: number;
  exportCsv: number[];
}

// ---------- in-page helpers (serialised into the page by page.evaluate) ----------

type Action =
  | { kind: 'click'; selector: string }
  | { kind: 'select'; selector: string; value: string }
  | { kind: 'input'; selector: string; value: string }
  | { kind: 'key'; key: string; code: string };

export interface Until {
  selector: string;
  attribute: string;
  /** Done when the attribute differs from this value... */
  notEquals?: string | null;
  /** ...or equals this one. */
  equals?: string;
}

/**
 * Runs `action` and resolves to the ms until `until` holds and a frame has been painted after it. A string,
 * because tsx compiles named functions with a `__name(...)` helper that does not exist in the page.
 */
const timeInteraction = String.raw`async ({ action, until }) => {
  const holds = () => {
    const el = document.querySelector(until.selector);
    if (!el) return false;
    const value = el.getAttribute(until.attribute);
    return until.equals !== undefined ? value === until.equals : value !== until.notEquals;
  };
  let observer;
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('timed out waiting for ' + until.selector + '[' + until.attribute + ']'));
    }, 30000);
    observer = new MutationObserver(() => {
      if (!holds()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const start = performance.now();
  if (action.kind === 'click') {
    document.querySelector(action.selector).click();
  } else if (action.kind === 'key') {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, code: action.code, bubbles: true, cancelable: true }));
  } else {
    // React tracks the value through the native setter; then the event it listens to.
    const el = document.querySelector(action.selector);
    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, action.value);
    el.dispatchEvent(new Event(action.kind === 'select' ? 'change' : 'input', { bubbles: true }));
  }
  if (holds()) observer.disconnect();
  else await done;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - start;
}`;

export async function measure(page: Page, action: Action, until: Until): Promise<number> {
  return page.evaluate(`(${timeInteraction})(${JSON.stringify({ action, until })})`) as Promise<number>;
}

const attr = async (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name);

// ---------- seeding ----------

/** Writes records, ratings and image blobs into the app's records database, in batches. */
async function seed(page: Page): Promise<{ records: number; ratings: number; ms: number }> {
  const started = performance.now();
  const images = await generateImages(REVIEW_BENCH.images, 7);
  const { records, ratings } = generateRecords(REVIEW_BENCH.records, REVIEW_BENCH.ratingsPerRecord, 7, {
    images: images.map((i) => i.image),
  });
  const imagePayload = await Promise.all(
    images.map(async ({ image, blob }) => ({ ...image, base64: Buffer.from(await blob.arrayBuffer()).toString('base64') })),
  );

  type Batch = { dbName: string; records: unknown[]; ratings: unknown[]; images: (typeof imagePayload)[number][] };
  const write = (batch: Batch) =>
    page.evaluate(async ({ dbName, records, ratings, images }: Batch) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        // Never create the database here: the app must, with its own schema.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('records')) throw new Error(`${dbName} has no stores yet: the app has not opened it`);
        const tx = db.transaction(['records', 'ratings', 'images'], 'readwrite');
        for (const r of records) tx.objectStore('records').put(r);
        for (const r of ratings) tx.objectStore('ratings').put(r);
        for (const { base64, ...meta } of images) {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          tx.objectStore('images').put({ ...meta, blob: new Blob([bytes], { type: meta.mime }), createdAt: new Date().toISOString() });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    }, batch);

  const byRecord = new Map<string, typeof ratings>();
  for (const r of ratings) byRecord.set(r.recordId, [...(byRecord.get(r.recordId) ?? []), r]);
  const size = 1000;
  for (let i = 0; i < records.length; i += size) {
    const slice = records.slice(i, i + size);
    await write({
      dbName: RECORDS_DB_NAME,
      records: slice,
      ratings: slice.flatMap((r) => byRecord.get(r.id) ?? []),
      images: i === 0 ? imagePayload : [],
    });
  }
  return { records: records.length, ratings: ratings.length, ms: performance.now() - started };
}

/** The app creates its records database when it first needs it: waits until it has (then it can be filled). */
export async function waitForRecordsDb(page: Page): Promise<void> {
  await page.waitForFunction(
    (name) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const ready = open.result.objectStoreNames.contains('records');
          open.result.close();
          resolve(ready);
        };
      }),
    RECORDS_DB_NAME,
    { polling: 200, timeout: 15_000 },
  );
}

// ---------- the bench ----------

async function openApp(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await page.locator('.app[data-hydrated="true"]').waitFor();
}

export async function benchReview(browser: Browser, baseUrl: string): Promise<ReviewBenchResult> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  try {
    // Opening Review makes the app create its records database (empty); then it is filled behind its back.
    await openApp(page, '#/review');
    await page.locator('[data-testid="review"][data-load="ready"]').waitFor();
    await waitForRecordsDb(page);
    const seeded = await seed(page);

    const rowsPainted: Until = { selector: '[data-testid="review-row"]', attribute: 'data-testid', equals: 'review-row' };
    const openCold: number[] = [];
    const openColdHover: number[] = [];
    const openWarm: number[] = [];
    for (let run = 0; run < REVIEW_BENCH.runs; run++) {
      await openApp(page);
      await page.waitForLoadState('networkidle');
      await page.mouse.move(0, 0);
      openCold.push(await measure(page, { kind: 'click', selector: '[data-testid="nav-review"]' }, rowsPainted));
      await page.locator('[data-testid="review"][data-load="ready"]').waitFor();
      await openApp(page);
      await page.waitForLoadState('networkidle');
      await page.getByTestId('nav-review').hover();
      await page.waitForTimeout(200);
      openColdHover.push(await measure(page, { kind: 'click', selector: '[data-testid="nav-review"]' }, rowsPainted));
      await page.locator('[data-testid="review"][data-load="ready"]').waitFor();
      await page.getByTestId('nav-chat').click();
      await page.getByTestId('composer-input').waitFor();
      openWarm.push(await measure(page, { kind: 'click', selector: '[data-testid="nav-review"]' }, rowsPainted));
      // Let the background refresh finish before the next run.
      await page.locator('[data-testid="review"][data-load="ready"]').waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid="review-loading"]'));
      await page.waitForTimeout(300);
    }

    const list = '[data-testid="review-list"]';
    const filterStatus: number[] = [];
    for (let run = 0; run < REVIEW_BENCH.runs; run++) {
      const value = run % 2 === 0 ? 'error' : '';
      const before = await attr(page, list, 'data-count');
      filterStatus.push(
        await measure(
          page,
          { kind: 'select', selector: '[data-testid="review-filter-status"]', value },
          { selector: list, attribute: 'data-count', notEquals: before },
        ),
      );
    }
    await page.getByTestId('review-filter-status').selectOption('');
    const filterText: number[] = [];
    for (let run = 0; run < REVIEW_BENCH.runs; run++) {
      const value = run % 2 === 0 ? (run % 4 === 0 ? 'カレー' : 'windowsill') : '';
      const before = await attr(page, list, 'data-count');
      filterText.push(
        await measure(
          page,
          { kind: 'input', selector: '[data-testid="review-filter-text"]', value },
          { selector: list, attribute: 'data-count', notEquals: before },
        ),
      );
    }
    await page.getByTestId('review-filter-text').fill('');

    // The queue for an annotator with no ratings yet: all 10,000 records.
    await page.getByTestId('review-tab-queue').click();
    await page.getByTestId('annotator-gate-input').fill('bench');
    await page.getByTestId('annotator-gate-input').press('Enter');
    await page.getByTestId('queue-item').waitFor();
    const item = '[data-testid="queue-item"]';
    const queueNext: number[] = [];
    const queueScore: number[] = [];
    for (let step = 0; step < REVIEW_BENCH.queueSteps; step++) {
      const score = String((step % 5) + 1);
      queueScore.push(
        await measure(
          page,
          { kind: 'key', key: score, code: `Digit${score}` },
          { selector: `[data-testid="rating-score-${score}"]`, attribute: 'aria-pressed', equals: 'true' },
        ),
      );
      const before = await attr(page, item, 'data-record-id');
      queueNext.push(
        await measure(
          page,
          { kind: 'key', key: 'Enter', code: 'Enter' },
          { selector: item, attribute: 'data-record-id', notEquals: before },
        ),
      );
    }

    await page.getByTestId('review-tab-list').click();
    await page.locator(list).waitFor();
    const exportZip: number[] = [];
    let exportZipBytes = 0;
    for (let run = 0; run < REVIEW_BENCH.exportRuns; run++) {
      const started = performance.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-zip').click()]);
      exportZip.push(performance.now() - started);
      const file = await download.path();
      exportZipBytes = file ? (await import('node:fs')).statSync(file).size : 0;
      await page.locator('[data-testid="export-zip"]:not([disabled])').waitFor();
    }
    const exportCsv: number[] = [];
    for (let run = 0; run < REVIEW_BENCH.exportRuns; run++) {
      const started = performance.now();
      await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-csv').click()]);
      exportCsv.push(performance.now() - started);
    }

    return {
      records: seeded.records,
      ratings: seeded.ratings,
      seedMs: seeded.ms,
      openCold,
      openColdHover,
      openWarm,
      filterStatus,
      filterText,
      queueNext,
      queueScore,
      exportZip,
      exportZipBytes,
      exportCsv,
    };
  } finally {
    await context.close();
  }
}

// ---------- report ----------

export function reportReview(r: ReviewBenchResult): string {
  const rows: [string, readonly number[], number][] = [
    ['open Review, fresh page: click -> first rows', r.openCold, AIM_INTERACTION_MS],
    ['  the same after 200 ms with the pointer on the link', r.openColdHover, AIM_INTERACTION_MS],
    ['open Review again (already loaded)', r.openWarm, AIM_INTERACTION_MS],
    ['filter by status -> list updated', r.filterStatus, AIM_INTERACTION_MS],
    ['text search -> list updated', r.filterText, AIM_INTERACTION_MS],
    ['queue: Enter -> next item shown', r.queueNext, AIM_INTERACTION_MS],
    ['queue: score key -> score stored and shown', r.queueScore, AIM_INTERACTION_MS],
    ['export ZIP, all records -> download', r.exportZip, AIM_EXPORT_MS],
    ['export CSV, all records -> download', r.exportCsv, AIM_EXPORT_MS],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const out = [
    `Review with ${r.records.toLocaleString('en')} records and ${r.ratings.toLocaleString('en')} ratings (seeded in ${(r.seedMs / 1000).toFixed(1)} s); median of the runs; aim: interactions < ${AIM_INTERACTION_MS} ms, export < ${AIM_EXPORT_MS / 1000} s`,
    ...rows.map(([label, xs, aim]) => `  ${label.padEnd(width)}   ${runs(xs, ms)}   ${median(xs) < aim ? 'met' : 'NOT MET'}`),
    `  export ZIP size: ${(r.exportZipBytes / 1e6).toFixed(2)} MB`,
  ];
  return out.join('\n');
}

// ---------- standalone ----------

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { buildApp, outDir, startPreview } = await import('./server');
  const given = process.env.BENCH_URL;
  if (!given && !process.argv.includes('--no-build')) buildApp();
  else if (!given && !existsSync(path.join(outDir, 'index.html')))
    throw new Error('--no-build, but there is no build: run once without it');
  const server = given ? { url: given, stop: async () => undefined } : await startPreview();
  try {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      console.log(reportReview(await benchReview(browser, server.url)));
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}
