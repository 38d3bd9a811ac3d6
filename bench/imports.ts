// `npm run bench:imports [-- --no-build]`: how responsive the page stays while it does the heaviest things a
// person can ask of it (issue 7): importing a 200 MB JSON Lines file, importing an export zip of 100,000
// images, and showing an answer of 300,000 characters without a space. For each, in real Chromium against
// the built app: the longest main-thread task (Long Tasks API: tasks over 50 ms) and the longest gap between
// frames, from the moment the file is chosen (or Send pressed) until the result is on screen. The files are
// generated here (bench/.cache/imports/, kept between runs). It prints figures and never fails on them.
//
// Also the work an import does off the main thread, timed in Node without a browser (the unit tests check
// what it does; this says how long it takes): exporting and reading back 10,000 records with 20,000 ratings.
import { chromium, type Browser, type Page } from '@playwright/test';
import { zipSync, type Zippable } from 'fflate';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { generateImages, generateRecords } from '../test-support/bench-data';
import { dropFromDisk, offerFolder } from '../test-support/folder-picker';
import { png } from '../test-support/images';
import { exportZip } from '../src/records/export';
import { importFile } from '../src/records/import';
import type { AnswerRecord, RecordImage } from '../src/records/schema';
import { mb, ms } from './figures';
import { frameGaps, longestTask, metricsScript, readMetrics, type PageMetrics } from './page-metrics';
import { buildApp, outDir, startPreview } from './server';
import { CATEGORIES, longestTasks, startTrace } from './trace';

const CACHE = path.join(path.dirname(outDir), 'imports');
const JSONL_BYTES = 200 * 1e6;
/** `--zip-images=N` imports a smaller zip (for iterating; the figure of record is 100,000). */
const ZIP_IMAGES = Number(process.argv.find((a) => a.startsWith('--zip-images='))?.slice('--zip-images='.length) ?? 100_000);
/** `--set-images=N`: how many images the question set for Batch's set import has. */
const SET_IMAGES = Number(process.argv.find((a) => a.startsWith('--set-images='))?.slice('--set-images='.length) ?? 5000);
const IMAGES_PER_RECORD = 5;
const IMAGE_BYTES = 256;
const UNBROKEN_CHARS = 300_000;
const AIM_TASK_MS = 100;

// ---------- the files ----------

/** About 200 MB of record lines (plain records, as a bare .jsonl may hold them). */
async function jsonlFile(): Promise<{ file: string; records: number }> {
  const file = path.join(CACHE, 'records-200mb.jsonl');
  const meta = `${file}.count`;
  if (existsSync(file) && existsSync(meta) && statSync(file).size >= JSONL_BYTES) {
    return { file, records: Number(readFileSync(meta, 'utf8')) };
  }
  const out = createWriteStream(file);
  let bytes = 0;
  let records = 0;
  for (let seed = 1; bytes < JSONL_BYTES; seed++) {
    const { records: batch } = generateRecords(10_000, 0, 1000 + seed);
    const text = batch.map((r) => JSON.stringify(r)).join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    records += batch.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(meta, String(records));
  return { file, records };
}

/** An export zip: records.jsonl with 20,000 records of 5 images each, and the 100,000 images. */
async function imageZipFile(): Promise<{ file: string; records: number; images: number }> {
  const file = path.join(CACHE, `export-${ZIP_IMAGES}-images.zip`);
  const records = ZIP_IMAGES / IMAGES_PER_RECORD;
  if (existsSync(file)) return { file, records, images: ZIP_IMAGES };
  const images = await generateImages(ZIP_IMAGES, 77, IMAGE_BYTES);
  const { records: list } = generateRecords(records, 0, 78);
  const withImages: AnswerRecord[] = list.map((r, i) => ({
    ...r,
    messages: [
      { ...r.messages[0]!, images: images.slice(i * IMAGES_PER_RECORD, (i + 1) * IMAGES_PER_RECORD).map((x): RecordImage => x.image) },
    ],
  }));
  const zippable: Zippable = { 'records.jsonl': new TextEncoder().encode(withImages.map((r) => JSON.stringify(r)).join('\n') + '\n') };
  for (const { image, blob } of images) zippable[`images/${image.sha256}.jpg`] = [new Uint8Array(await blob.arrayBuffer()), { level: 0 }];
  writeFileSync(file, zipSync(zippable));
  return { file, records, images: ZIP_IMAGES };
}

/** A question set as a folder: set.jsonl with one question per image, and the images (distinct 16 x 16 PNGs). */
function questionSetFolder(): string {
  const dir = path.join(CACHE, `set-${SET_IMAGES}-images`);
  if (existsSync(path.join(dir, 'set.jsonl'))) return dir;
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const rows = Array.from({ length: SET_IMAGES }, (_, i) => {
    const image = `images/${i}.png`;
    writeFileSync(
      path.join(dir, image),
      png(16, 16, () => [i % 256, (i >> 8) % 256, (i >> 16) % 256, 255]),
    );
    return JSON.stringify({ id: `q${i}`, image, question: `What colour is image ${i}?` });
  });
  writeFileSync(path.join(dir, 'set.jsonl'), rows.join('\n') + '\n');
  return dir;
}

// ---------- in the page ----------

/** Notes when the import's progress shows each phase (by the page's clock). */
const phaseScript = String.raw`
(() => {
  const phases = (window.__importPhases = []);
  new MutationObserver(() => {
    const el = document.querySelector('[data-testid="import-progress"]');
    const phase = el ? el.getAttribute('data-phase') : 'done';
    if (phases.length === 0 || phases[phases.length - 1].phase !== phase) phases.push({ phase, t: performance.now() });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
})();
`;

interface Span {
  task: number;
  gap: number;
  seconds: number;
}

function windowOf(m: PageMetrics, from: number, to: number): Span {
  return { task: longestTask(m, from, to), gap: frameGaps(m, from, to).maxGap, seconds: (to - from) / 1000 };
}

async function freshPage(browser: Browser, base: string, hash: string, config?: object): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: metricsScript });
  await context.addInitScript({ content: phaseScript });
  const page = await context.newPage();
  if (config)
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await page.goto(hash);
  await page.locator('.app[data-hydrated="true"]').waitFor();
  await page.waitForLoadState('networkidle');
  return page;
}

interface ImportFigures {
  whole: Span;
  /** From the file chosen until saving starts (unpacking, reading, checking: the worker's part). */
  untilSaving: Span;
  outcome: string;
  /** How long each step took (s), as the progress showed them, then until the list held the records. */
  steps: string;
  /** With --trace: the longest main-thread tasks of the whole flow, with what ran in them. */
  traced: string[];
}

/**
 * From choosing the file until the report is shown and the list holds every record of it (the profile is
 * fresh, so that is all of them) and has been painted: the whole flow a person waits through.
 */
async function importInPage(browser: Browser, base: string, file: string, records: number): Promise<ImportFigures> {
  const page = await freshPage(browser, base, '/#/review');
  await page.getByTestId('review').and(page.locator('[data-load="ready"]')).waitFor();
  const from = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('import-input').setInputFiles(file);
  // Traced from the report on, while Review takes in what was imported (a trace of the saving step is longer
  // than Node can read as a string); the import's own part is in the figures before it. A task already
  // running when the report shows delays the anchor mark (startTrace evaluates in the page) and is missed:
  // the steps' longest tasks below say in which step each long task fell.
  await page.getByTestId('import-report').waitFor({ timeout: 15 * 60_000 });
  const reported = (await page.evaluate('performance.now()')) as number;
  const stopTrace = tracing ? await startTrace(browser, page, CATEGORIES) : null;
  await page.locator(`[data-testid="review-list"][data-count="${records}"]`).waitFor({ timeout: 5 * 60_000 });
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const to = (await page.evaluate('performance.now()')) as number;
  const trace = stopTrace ? await stopTrace() : null;
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  const phases = (await page.evaluate('window.__importPhases')) as { phase: string; t: number }[];
  const saving = phases.find((p) => p.phase === 'saving')?.t ?? to;
  const marks = [{ phase: 'choosing', t: from }, ...phases.filter((p) => p.t >= from), { phase: 'end', t: to }];
  const steps = marks
    .slice(0, -1)
    .map((p, i) => {
      const task = longestTask(m, p.t, marks[i + 1]!.t);
      return `${p.phase === 'done' ? 'listing' : p.phase} ${((marks[i + 1]!.t - p.t) / 1000).toFixed(1)} s${task ? ` (longest task ${ms(task)})` : ''}`;
    })
    .join(', ');
  const outcome = `${await page.getByTestId('import-report').getAttribute('data-outcome')}: ${(await page.getByTestId('import-report').innerText()).replace(/\s+/g, ' ').slice(0, 160)}`;
  // What was stored goes, so that the next run starts from the same empty profile.
  await page.context().close();
  return {
    whole: windowOf(m, from, to),
    untilSaving: windowOf(m, from, saving),
    outcome,
    steps,
    traced: trace ? longestTasks(trace, trace.fromPage(reported), trace.fromPage(to)) : [],
  };
}

/**
 * Batch's question-set import: from picking the folder until the report shows, then from Save until the set is
 * listed, and a second after it (when what the import held is let go). `picker`: through showDirectoryPicker
 * (the folder copied into the page's private file system first, test-support/folder-picker.ts), as Chromium
 * offers it; `drop`: dropped on the drop area (a drag through the DevTools protocol, the folder's path as its
 * data); `input`: through the folder input, as browsers without the picker do. With --trace, the first part's
 * longest tasks too.
 */
async function setImportInPage(
  browser: Browser,
  base: string,
  dir: string,
  how: 'picker' | 'drop' | 'input',
): Promise<{ checking: Span; storing: Span; traced: string[] }> {
  const page = await freshPage(browser, base, '/#/batch');
  await page.getByTestId('batch').and(page.locator('[data-load="ready"]')).waitFor();
  if (how === 'picker') await offerFolder(page, dir);
  const from = (await page.evaluate('performance.now()')) as number;
  const stopTrace = tracing ? await startTrace(browser, page, CATEGORIES) : null;
  if (how === 'picker') await page.getByTestId('set-pick-folder').click();
  else if (how === 'drop') await dropFromDisk(page, page.getByTestId('set-drop'), dir);
  else await page.getByTestId('set-folder-input').setInputFiles(dir);
  await page.getByTestId('set-report').waitFor({ timeout: 15 * 60_000 });
  const reported = (await page.evaluate('performance.now()')) as number;
  const trace = stopTrace ? await stopTrace() : null;
  await page.getByTestId('set-import-name').fill('bench');
  await page.getByTestId('set-import-save').click();
  await page.getByTestId('set-stored').waitFor({ timeout: 15 * 60_000 });
  await page.getByTestId('set-row').first().waitFor();
  await page.waitForTimeout(1000);
  const to = (await page.evaluate('performance.now()')) as number;
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  await page.context().close();
  return {
    checking: windowOf(m, from, reported),
    storing: windowOf(m, reported, to),
    traced: trace ? longestTasks(trace, trace.fromPage(from), trace.fromPage(reported), 3) : [],
  };
}

/**
 * The floor under the folder input: a page that holds nothing but one, given the same folder. Chromium makes
 * the input's list of Files in one task before any script sees them; from choosing until the change event,
 * and two frames after it.
 */
async function bareFolderInput(browser: Browser, base: string, dir: string): Promise<Span> {
  const context = await browser.newContext({ baseURL: base });
  await context.addInitScript({ content: metricsScript });
  const page = await context.newPage();
  await page.route('**/bare-folder-input', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><input type="file" multiple webkitdirectory>' }),
  );
  await page.goto('/bare-folder-input');
  const changed = page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        document
          .querySelector('input')!
          .addEventListener('change', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      ),
  );
  const from = (await page.evaluate('performance.now()')) as number;
  await page.locator('input').setInputFiles(dir);
  await changed;
  const to = (await page.evaluate('performance.now()')) as number;
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  await context.close();
  return windowOf(m, from, to);
}

/**
 * Cancel in the middle of the image zip's import, once its progress shows `phase` (images: the worker is
 * checking; saving: the one transaction is being written): from the click until the words say nothing was
 * stored, and a second after it (when what the import held is let go).
 */
async function cancelInPage(browser: Browser, base: string, file: string, phase: 'images' | 'saving'): Promise<Span & { outcome: string }> {
  const page = await freshPage(browser, base, '/#/review');
  await page.getByTestId('review').and(page.locator('[data-load="ready"]')).waitFor();
  await page.getByTestId('import-input').setInputFiles(file);
  const progress = page.locator(`[data-testid="import-progress"][data-phase="${phase}"]`);
  await progress.waitFor({ timeout: 15 * 60_000 });
  const from = (await page.evaluate('performance.now()')) as number;
  await progress.getByRole('button').click();
  const report = page.getByTestId('import-report');
  await report.waitFor({ timeout: 15 * 60_000 });
  await page.waitForTimeout(1000);
  const to = (await page.evaluate('performance.now()')) as number;
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  const outcome = (await report.getAttribute('data-outcome')) ?? '';
  await page.context().close();
  return { ...windowOf(m, from, to), outcome };
}

async function unbrokenAnswer(browser: Browser, base: string): Promise<Span> {
  const config = {
    endpoints: [
      {
        id: 'unbroken',
        label: 'Unbroken',
        protocol: 'openai-chat',
        url: '/demo/v1',
        model: `demo-unbroken:chars=${UNBROKEN_CHARS},rate=100`,
      },
    ],
    defaultEndpoint: 'unbroken',
  };
  const page = await freshPage(browser, base, '/', config);
  const from = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('composer-input').fill('An unbroken answer, please.');
  await page.getByTestId('composer-input').press('Enter');
  const answer = page
    .locator(
      '[data-testid="assistant-message"]:is([data-status="ok"], [data-status="error"], [data-status="aborted"], [data-status="incomplete"])',
    )
    .last();
  await answer.waitFor({ timeout: 5 * 60_000 });
  const length = await answer.getByTestId('answer-text').evaluate((el) => el.textContent?.length ?? 0);
  if (length !== UNBROKEN_CHARS) {
    throw new Error(
      `the answer (${await answer.getAttribute('data-status')}) has ${length} characters, not ${UNBROKEN_CHARS}: ${(await answer.innerText()).slice(0, 300)}`,
    );
  }
  // Read to its end, as a person scrolls.
  await page.getByTestId('regenerate-button').scrollIntoViewIfNeeded();
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const to = (await page.evaluate('performance.now()')) as number;
  const m = (await page.evaluate(readMetrics)) as PageMetrics;
  await page.context().close();
  return windowOf(m, from, to);
}

// ---------- off the main thread, in Node ----------

async function importWorkInNode(): Promise<{ exportMs: number; readMs: number; zipBytes: number }> {
  const data = generateRecords(10_000, 2, 9);
  const started = performance.now();
  const zip = await exportZip({ records: data.records, ratings: data.ratings, getImageBytes: async () => undefined });
  const exported = performance.now();
  const none = { added: 0, updated: 0, unchanged: 0 };
  await importFile(zip, 'bench.zip', {
    hasImage: async () => true,
    mergeImport: async () => ({ records: none, ratings: { ...none, orphanLines: [] }, votes: none, images: none }),
  });
  return { exportMs: exported - started, readMs: performance.now() - exported, zipBytes: zip.size };
}

// ---------- report ----------

const line = (label: string, w: Span) =>
  `  ${label.padEnd(52)} longest task ${(w.task ? ms(w.task) : 'none > 50 ms').padStart(14)}   longest frame gap ${ms(w.gap).padStart(8)}   over ${w.seconds.toFixed(1)} s   ${w.task < AIM_TASK_MS ? 'met' : 'NOT MET'}`;

/** `--trace` also prints the longest main-thread tasks of each import from its report on, from a Chromium trace. */
const tracing = process.argv.includes('--trace');

/** `--only=jsonl,zip,cancel,set,unbroken` measures some of the five (the imports take minutes each). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',') ?? ['jsonl', 'zip', 'cancel', 'set', 'unbroken'];

/**
 * The three in-page figures, each printed (through `log`) as soon as it is measured: the imports take minutes.
 * The files are generated first (cached). `npm run bench` runs this too.
 */
export async function benchImports(browser: Browser, base: string, log: (line: string) => void = console.log): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const jsonl = await jsonlFile();
  const zip = await imageZipFile();
  log(`The main thread while the page does its heaviest work (issue 7; Chromium, 1280 px; aim: no task over ${AIM_TASK_MS} ms)`);
  log(
    `  files: ${path.basename(jsonl.file)}, ${mb(statSync(jsonl.file).size)}, ${jsonl.records.toLocaleString('en')} records; ${path.basename(zip.file)}, ${mb(statSync(zip.file).size)}, ${zip.records.toLocaleString('en')} records, ${zip.images.toLocaleString('en')} images (kept in bench/.cache/imports/)`,
  );
  if (only.includes('jsonl')) {
    const a = await importInPage(browser, base, jsonl.file, jsonl.records);
    log(line(`import of the ${mb(statSync(jsonl.file).size)} JSONL, until saving starts`, a.untilSaving));
    log(line(`import of the ${mb(statSync(jsonl.file).size)} JSONL, until its records are listed`, a.whole));
    log(`    ${a.outcome}\n    steps: ${a.steps}`);
    for (const l of a.traced) log(l);
  }
  if (only.includes('zip')) {
    const b = await importInPage(browser, base, zip.file, zip.records);
    log(line(`import of the ${zip.images.toLocaleString('en')}-image zip, until saving starts`, b.untilSaving));
    log(line(`import of the ${zip.images.toLocaleString('en')}-image zip, until its records are listed`, b.whole));
    log(`    ${b.outcome}\n    steps: ${b.steps}`);
    for (const l of b.traced) log(l);
  }
  if (only.includes('cancel')) {
    for (const phase of ['images', 'saving'] as const) {
      const c = await cancelInPage(browser, base, zip.file, phase);
      log(
        line(
          `the ${zip.images.toLocaleString('en')}-image zip cancelled while ${phase === 'images' ? 'checking images' : 'saving'} (${c.outcome})`,
          c,
        ),
      );
    }
  }
  if (only.includes('set')) {
    const dir = questionSetFolder();
    const images = SET_IMAGES.toLocaleString('en');
    const d = await setImportInPage(browser, base, dir, 'picker');
    log(line(`Batch: a set of ${images} images, picked, read and checked`, d.checking));
    for (const l of d.traced) log(l);
    log(line(`Batch: that set stored, until listed and 1 s after`, d.storing));
    const dropped = await setImportInPage(browser, base, dir, 'drop');
    log(line(`  the same dropped on the page`, dropped.checking));
    for (const l of dropped.traced) log(l);
    const e = await setImportInPage(browser, base, dir, 'input');
    log(line(`  the same through a folder input (no picker)`, e.checking));
    for (const l of e.traced) log(l);
    log(line(`    a bare page with only a folder input`, await bareFolderInput(browser, base, dir)));
  }
  if (only.includes('unbroken')) {
    const c = await unbrokenAnswer(browser, base);
    log(line(`a ${UNBROKEN_CHARS.toLocaleString('en')}-character unbroken answer, streamed and read`, c));
  }
}

async function main() {
  const given = process.env.BENCH_URL;
  if (!given && !process.argv.includes('--no-build')) buildApp();
  else if (!given && !existsSync(path.join(outDir, 'index.html')))
    throw new Error('--no-build, but there is no build: run once without it');

  const node = await importWorkInNode();
  console.log(`Import work off the main thread, in Node (10,000 records, 20,000 ratings; storage stubbed)`);
  console.log(
    `  export to a zip (${mb(node.zipBytes)}): ${ms(node.exportMs)}; reading it back (inflate, parse, validate): ${ms(node.readMs)}\n`,
  );
  const server = given ? { url: given, stop: async () => undefined } : await startPreview();
  try {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      await benchImports(browser, server.url);
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

// Run as `npm run bench:imports`; bench/main.ts imports benchImports.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
