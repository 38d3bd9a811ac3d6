// Batch runs end to end: a Heron-Bench folder made from the fixture photos is checked and stored, run on two
// demo endpoints at once, and its answers show side by side, in Review with their provenance, and in the
// export (Review's, and the run's own, with the judge's ratings); from its page a run's answers open in Review
// on their own, for the list and the queue. A reload mid-run finishes without asking any question twice; when
// the tab working on a run closes, a second tab watching it takes it over; a part of a set (categories, first
// N) with repeats keeps one answer per item × repeat across a reload; a rate-limited endpoint slows only itself
// and is paused with words when it keeps refusing. An edited rubric is stored under a new version that the
// judge's ratings carry, and a judge runs over records picked by a filter as well as over a run. With only the
// built-in demo endpoint, the judge on offer is the demo judge, and it scores. Rubric edits not yet kept outlive
// a reload until discarded.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Download, Page } from '@playwright/test';
import { ChatPage, expect, marker, type DemoLogEntry } from './fixtures';
import { dropFromDisk, offerFolder } from '../test-support/folder-picker';
import { configureEndpoints, test } from './support/batch-page';
import { heronFolder, heronQuestions, parquetSet } from './support/question-sets';

/** A second tab of the same browser on the page's address, with the same endpoints. */
async function secondTab(page: Page, endpoints: Parameters<typeof configureEndpoints>[1]): Promise<Page> {
  const other = await page.context().newPage();
  await configureEndpoints(new ChatPage(other), endpoints);
  await other.goto(page.url());
  return other;
}

/** Log entries per question (the question text is unique per test through its marker). */
function byQuestion(entries: DemoLogEntry[]): Map<string, DemoLogEntry[]> {
  const map = new Map<string, DemoLogEntry[]>();
  for (const e of entries) map.set(e.lastUserText, [...(map.get(e.lastUserText) ?? []), e]);
  return map;
}

test.describe('batch runs', () => {
  test('a Heron-Bench folder is checked, stored, renamed; a broken one is reported line by line and stores nothing', async ({
    batch,
    page,
  }) => {
    const m = marker();
    await batch.open();
    const report = await batch.pickFolder(heronFolder(heronQuestions(m, 6)));
    await expect(report).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('set-report-summary')).toContainText('6');
    const setId = await batch.storeSet(`heron ${m}`);
    const row = page.locator(`[data-testid="set-row"][data-set-id="${setId}"]`);
    await expect(row.getByTestId('set-items')).toHaveText('6');

    await row.getByTestId('set-rename').click();
    await row.getByTestId('set-name-input').fill(`renamed ${m}`);
    await row.getByTestId('set-name-save').click();
    await expect(row.getByTestId('set-name')).toHaveText(`renamed ${m}`);
    await page.reload();
    await expect(page.locator(`[data-testid="set-row"][data-set-id="${setId}"] [data-testid="set-name"]`)).toHaveText(`renamed ${m}`);

    // A bad line, an image that is not there and one that is not an image: each named, nothing stored.
    const broken = heronFolder(heronQuestions(m, 3));
    const questions = readFileSync(`${broken}/questions_ja.jsonl`, 'utf8').split('\n');
    questions.splice(1, 0, '{"question_id": 99, "image": ');
    questions.push(JSON.stringify({ question_id: 7, image: 'gone.jpg', category: 'conv', text: `${m} 消えた画像` }));
    writeFileSync(`${broken}/questions_ja.jsonl`, questions.join('\n'));
    writeFileSync(`${broken}/images/rocket.jpg`, 'not a picture at all');
    const before = await page.getByTestId('set-row').count();
    const bad = await batch.pickFolder(broken);
    await expect(bad).toHaveAttribute('data-ok', 'false');
    await expect(page.locator('[data-testid="set-report-entry"][data-code="bad-json"][data-line="2"]')).toBeVisible();
    await expect(page.locator('[data-testid="set-report-entry"][data-code="missing-image"]')).toBeVisible();
    await expect(page.locator('[data-testid="set-image-problem"][data-code="not-image"]')).toBeVisible();
    await expect(page.getByTestId('set-not-stored')).toBeVisible();
    await expect(page.getByTestId('set-import-save')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('set-row')).toHaveCount(before);

    // Deleted, after a confirmation, and gone after a reload too.
    await page.locator(`[data-testid="set-row"][data-set-id="${setId}"]`).getByTestId('set-delete').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '削除' }).click();
    await expect(page.locator(`[data-testid="set-row"][data-set-id="${setId}"]`)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('batch')).toHaveAttribute('data-load', 'ready');
    await expect(page.locator(`[data-testid="set-row"][data-set-id="${setId}"]`)).toHaveCount(0);
  });

  test('a folder dropped, or picked through the browser’s folder picker, is listed off the page: the same set as through a folder input; a dropped file reads as before', async ({
    batch,
    page,
  }) => {
    const m = marker();
    const dir = heronFolder(heronQuestions(m, 6));
    await batch.open();
    const summary = page.getByTestId('set-report-summary');
    await batch.pickFolder(dir);
    const throughInput = await summary.textContent();
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await expect(summary).toHaveCount(0);

    await dropFromDisk(page, page.getByTestId('set-drop'), dir);
    await expect(page.getByTestId('set-report')).toHaveAttribute('data-ok', 'true');
    await expect(summary).toHaveText(throughInput ?? '');
    await expect(page.getByTestId('set-import-name')).toHaveValue('japanese-heron-bench');
    await page.getByRole('button', { name: 'キャンセル' }).click();
    // A file on its own is dropped as a File, as before.
    const parquet = path.join(mkdtempSync(path.join(tmpdir(), 'parquet-')), 'ja-vlm-bench.parquet');
    writeFileSync(parquet, await parquetSet(heronQuestions(m, 2)));
    await dropFromDisk(page, page.getByTestId('set-drop'), parquet);
    await expect(page.getByTestId('set-import-name')).toHaveValue('ja-vlm-bench');
    await expect(page.getByTestId('set-report')).toHaveAttribute('data-ok', 'true');
    await page.getByRole('button', { name: 'キャンセル' }).click();

    await offerFolder(page, dir, { closeFirst: true });
    // The dialog closed without a folder: nothing happens, and no failure is shown.
    await page.getByTestId('set-pick-folder').click();
    await expect.poll(() => page.evaluate(() => (window as Window & { folderPickerCalls?: number }).folderPickerCalls)).toBe(1);
    await expect(page.getByTestId('set-import-failed')).toHaveCount(0);
    await expect(page.getByTestId('set-import-progress')).toHaveCount(0);
    await page.getByTestId('set-pick-folder').click();
    await expect(page.getByTestId('set-report')).toHaveAttribute('data-ok', 'true');
    await expect(summary).toHaveText(throughInput ?? '');
    await expect(page.getByTestId('set-import-failed')).toHaveCount(0);
    await expect(page.getByTestId('set-import-name')).toHaveValue('japanese-heron-bench');
    const setId = await batch.storeSet(`picked ${m}`);
    await expect(page.locator(`[data-testid="set-row"][data-set-id="${setId}"]`).getByTestId('set-items')).toHaveText('6');
  });

  test('a Hugging Face Parquet file with the images inside imports and runs', async ({ batch, page, demo }) => {
    const m = marker();
    await batch.open();
    const questions = heronQuestions(m, 5);
    const report = await batch.pickFiles([
      { name: 'test-00000-of-00001.parquet', mimeType: 'application/octet-stream', buffer: await parquetSet(questions) },
    ]);
    await expect(report).toHaveAttribute('data-ok', 'true');
    // Five questions about three photos: each photo stored once.
    await expect(page.getByTestId('set-report-summary')).toContainText(/5.*3/);
    await expect(page.locator('[data-testid="set-report-entry"][data-code="unknown-column"]')).toHaveCount(0);
    const setId = await batch.storeSet(`parquet ${m}`);
    await batch.startRun(setId, ['demo']);
    await batch.waitForState('done');
    await expect(page.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(5);
    await expect(page.getByTestId('result-reference').first()).toHaveText(questions[0]!.reference, { useInnerText: false });
    const log = (await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions'));
    expect(log).toHaveLength(5);
    // The demo endpoint decoded every photo it was sent (sizes as prepared for the demo's 768 short side).
    for (const entry of log) expect(entry.images[0]?.width).toBeGreaterThan(0);
  });

  test('two endpoints answer side by side; the answers are records in Review and in the export', async ({ batch, chat, page, demo }) => {
    const m = marker();
    await configureEndpoints(chat, [
      { id: 'bench-a', label: 'Bench A', model: 'demo:rate=0' },
      { id: 'bench-b', label: 'Bench B', model: 'demo-vllm:rate=0' },
    ]);
    const runId = await batch.started(heronQuestions(m, 6), `two ${m}`, ['bench-a', 'bench-b'], {
      concurrency: { 'bench-a': 3, 'bench-b': 2 },
    });
    await batch.waitForState('done');
    await expect(batch.lane('bench-a')).toHaveAttribute('data-done', '6');
    await expect(batch.lane('bench-b')).toHaveAttribute('data-done', '6');

    // Side by side: every item has one answer per endpoint.
    const items = page.getByTestId('result-item');
    await expect(items).toHaveCount(6);
    await expect(items.first().getByTestId('result-answer')).toHaveCount(2);
    await expect(page.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(12);
    // An answer reads as in Chat: its Markdown list starts with discs, and no blank lines open between blocks.
    const answer = items.first().getByTestId('result-answer').first().getByRole('region');
    await expect(answer.locator('ul').first()).toHaveCSS('list-style-type', 'disc');
    await expect(answer).toHaveCSS('white-space', 'normal');
    await page.getByTestId('results-filter-category').selectOption('detail');
    await expect(items).toHaveCount(2);
    await page.getByTestId('results-filter-status').selectOption('failed');
    await expect(items).toHaveCount(0);
    await page.getByTestId('results-filter-status').selectOption('ok');
    await expect(items).toHaveCount(2);

    // Exactly one request per item and endpoint.
    const log = (await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions'));
    expect(log).toHaveLength(12);
    for (const [, entries] of byQuestion(log)) expect(entries.map((e) => e.model).sort()).toEqual(['demo-vllm:rate=0', 'demo:rate=0']);

    // An ordinary record: in Review with the run, item, category and reference in its provenance.
    const open = items.first().getByTestId('result-open').first();
    const recordId = (await items.first().getByTestId('result-answer').first().getAttribute('data-record-id')) ?? '';
    await open.click();
    await expect(page.getByTestId('review-detail')).toHaveAttribute('data-record-id', recordId);
    await expect(page.getByTestId('review-reference')).toContainText('参照回答');
    await expect(page.getByTestId('review-provenance')).toContainText(runId);
    await expect(page.getByTestId('review-provenance')).toContainText('detail');

    // And in the export, with its batch provenance.
    await page.goto('/#/review');
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await page.getByTestId('review-filter-text').fill(m);
    await expect(page.getByTestId('review-list')).toHaveAttribute('data-count', '12');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-zip').click()]);
    const zip = unzipSync(new Uint8Array(readFileSync(await (download as Download).path())));
    const lines = strFromU8(zip['records.jsonl']!)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; groupId: string; batch: { runId: string; itemId: string; reference: string } | null });
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      expect(line.source).toBe('batch');
      expect(line.groupId).toBe(runId);
      expect(line.batch?.runId).toBe(runId);
      expect(line.batch?.reference).toMatch(/^参照回答/);
    }
    expect(new Set(lines.map((l) => l.batch?.itemId)).size).toBe(6);
  });

  test('a run exports its own answers, with every rating on them, as the zip and the CSV; another run of the set stays out', async ({
    batch,
    page,
  }) => {
    const m = marker();
    const runId = await batch.secondRunOfOneSet(heronQuestions(m, 2), `export ${m}`, ['demo']);
    await page.getByTestId('run-judge').click();
    await page.getByTestId('judge-start').click();
    await batch.waitForState('done');
    await expect(page.getByTestId('judge-score')).toHaveCount(2);

    await page.goto(`/#/batch/run/${runId}`);
    const [zipped] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-export-zip').click()]);
    expect(zipped.suggestedFilename()).toMatch(new RegExp(`^tanuki-run-export-${m}-\\d{8}-\\d{4}\\.zip$`));
    const zip = unzipSync(new Uint8Array(readFileSync(await zipped.path())));
    const lines = strFromU8(zip['records.jsonl']!)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { batch: { runId: string } | null; ratings: { annotator: string; judge: unknown }[] });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.batch?.runId).toBe(runId);
      expect(line.ratings.map((r) => r.annotator)).toEqual(['judge:demo-judge']);
      expect(line.ratings[0]?.judge).not.toBeNull();
    }
    expect(Object.keys(zip).filter((name) => name.startsWith('images/'))).toHaveLength(2);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-export-csv').click()]);
    const rows = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(rows).toHaveLength(3);
    for (const row of rows.slice(1)) expect(row).toContain('judge:demo-judge');
  });

  test('a run’s answers open in Review on their own, for the list and the queue, until the run’s filter is taken off', async ({
    batch,
    page,
  }) => {
    const m = marker();
    const runId = await batch.secondRunOfOneSet(heronQuestions(m, 2), `rate ${m}`, ['demo']);
    // The results show once their records are read, a moment after the run is shown done.
    const answers = page.getByTestId('result-answer');
    await expect(answers).toHaveCount(2);
    const ids = await answers.evaluateAll((els) => els.map((e) => e.getAttribute('data-record-id')).sort());

    await page.getByTestId('run-review').click();
    await expect(page).toHaveURL(/#\/review\/?$/);
    const list = page.getByTestId('review-list');
    await expect(list).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('review-filter-group')).toContainText(`rate ${m}`);
    const shown = await page.getByTestId('review-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-record-id')).sort());
    expect(shown).toEqual(ids);

    // Kept as the view: after a reload, and in the queue, only the run's two answers.
    await page.reload();
    await expect(list).toHaveAttribute('data-count', '2');
    await page.goto('/#/review/queue');
    await page.getByTestId('annotator-gate-input').fill(`Rater ${m}`);
    await page.getByTestId('annotator-gate-input').press('Enter');
    await expect(page.getByTestId('queue-progress')).toHaveAttribute('data-total', '2');
    await expect(page.getByTestId('queue-item')).toHaveAttribute('data-record-id', new RegExp(runId));

    await page.goto('/#/review');
    await page.getByTestId('review-filter-group').getByRole('button').click();
    await expect(list).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('review-filter-group')).toHaveCount(0);
  });

  test('a reload mid-run loses nothing and asks no question twice; a second tab only watches', async ({ batch, chat, page, demo }) => {
    test.setTimeout(60_000);
    const m = marker();
    // One request at a time, each held 2 s by the endpoint: when a question is seen done (progress shows
    // within a quarter of a second), the next one is surely still waiting for its answer, so a reload at
    // once cuts exactly one request. The run then still has several questions (seconds) to go, while a
    // second tab opens.
    const endpoints = [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=2000,rate=0' }];
    await configureEndpoints(chat, endpoints);
    await batch.started(heronQuestions(m, 5), `reload ${m}`, ['slow'], { concurrency: { slow: 1 } });
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '1', { timeout: 20_000 });
    await page.reload();
    await expect(batch.runView).toHaveAttribute('data-state', 'running');

    // A second tab sees the run going on elsewhere and sends nothing itself.
    const other = await secondTab(page, endpoints);
    await expect(other.getByTestId('run-state')).toHaveText(/another tab|別のタブ/);
    await other.close();

    await batch.waitForState('done', 30_000);
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '5');
    await expect(page.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(5);

    const log = byQuestion((await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions')));
    expect(log.size).toBe(5);
    // One answer per question; the one request the reload cut (never answered) is the only one asked again.
    for (const [, entries] of log) expect(entries.filter((e) => e.outcome === 'completed')).toHaveLength(1);
    expect(
      [...log.values()]
        .flat()
        .filter((e) => e.outcome !== 'completed')
        .map((e) => e.outcome),
    ).toEqual(['client-closed']);
  });

  test('the tab working on a run is closed while a second tab watches: the second takes it over and finishes, one record per question', async ({
    batch,
    chat,
    page,
    demo,
  }) => {
    test.setTimeout(60_000);
    const m = marker();
    // One request at a time, each held 1.5 s.
    const endpoints = [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=1500,rate=0' }];
    await configureEndpoints(chat, endpoints);
    await batch.started(heronQuestions(m, 4), `takeover ${m}`, ['slow'], { concurrency: { slow: 1 } });
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '1', { timeout: 20_000 });

    const other = await secondTab(page, endpoints);
    const state = other.getByTestId('run-state');
    await expect(state).toHaveText(/another tab|別のタブ/);
    // Closed as soon as the working tab has stored another answer: the next question is then on its 1.5 s wait,
    // and no answer waits to be stored (one that arrived but was not stored yet is asked again, by design: the
    // reload test below covers that case).
    const stored = Number(await batch.lane('slow').getAttribute('data-done'));
    await expect(batch.lane('slow')).toHaveAttribute('data-done', String(stored + 1), { timeout: 20_000 });
    await page.close();

    // The run goes on here, without a click, and ends with every question answered.
    await expect(state).not.toHaveText(/another tab|別のタブ/, { timeout: 15_000 });
    await expect(other.getByTestId('run-view')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(other.locator('[data-testid="run-lane"][data-endpoint-id="slow"]')).toHaveAttribute('data-done', '4');
    await expect(other.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(4);

    const log = byQuestion((await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions')));
    expect(log.size).toBe(4);
    for (const [, entries] of log) expect(entries.some((e) => e.outcome === 'completed')).toBe(true);
    // The closed tab had one question in hand, waiting for its answer or with the answer not yet stored: only
    // that one was asked again. One record per question.
    expect([...log.values()].flatMap((entries) => entries.slice(1)).length).toBeLessThanOrEqual(1);
    await other.goto('/#/review');
    await expect(other.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await other.getByTestId('review-filter-text').fill(m);
    await expect(other.getByTestId('review-list')).toHaveAttribute('data-count', '4');
  });

  test('while a run goes on, the results summary counts what the progress counts', async ({ batch, chat, page }) => {
    const m = marker();
    // One request at a time, each held 1.2 s: each count stays on screen a while, and the run goes on.
    await configureEndpoints(chat, [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=1200,rate=0' }]);
    await batch.started(heronQuestions(m, 3), `summary ${m}`, ['slow'], { concurrency: { slow: 1 } });
    // The counter and the summary, read together in one go: the summary is never behind the counter.
    const counts = () =>
      page.evaluate(() =>
        [document.querySelector('[data-testid="run-lane"]'), document.querySelector('[data-testid="results-summary-row"]')].map(
          (e) => (e as HTMLElement | null)?.dataset.done,
        ),
      );
    for (const n of [1, 2]) {
      await expect
        .poll(async () => Number(await batch.lane('slow').getAttribute('data-done')), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(n);
      const [counter, summary] = await counts();
      expect(summary).toBe(counter);
    }
    await batch.waitForState('done');
    expect(await counts()).toEqual(['3', '3']);
  });

  test('paused, reloaded and resumed: exactly one request per question', async ({ batch, chat, page, demo }) => {
    test.setTimeout(60_000);
    const m = marker();
    await configureEndpoints(chat, [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=800,rate=0' }]);
    await batch.started(heronQuestions(m, 6), `pause ${m}`, ['slow'], { concurrency: { slow: 1 } });
    await expect
      .poll(async () => Number((await batch.lane('slow').getAttribute('data-done')) ?? 0), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    await page.getByTestId('run-pause').click();
    await batch.waitForState('paused');
    // Pausing lets the answers on their way arrive; then nothing more is asked.
    await expect(batch.lane('slow')).toHaveAttribute('data-in-flight', '0');
    await expect(batch.runView).not.toHaveAttribute('data-stopping', /./);
    const done = Number(await batch.lane('slow').getAttribute('data-done'));
    expect(done).toBeLessThan(6);
    await page.reload();
    await batch.waitForState('paused');
    await expect(batch.lane('slow')).toHaveAttribute('data-done', String(done));
    await page.getByTestId('run-resume').click();
    await batch.waitForState('done', 30_000);
    const log = byQuestion((await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions')));
    expect([...log.values()].map((entries) => entries.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('a reload after an answer arrived but before its record was stored: that one question is asked again, and it has one record', async ({
    batch,
    chat,
    page,
    demo,
  }) => {
    test.setTimeout(60_000);
    const m = marker();
    await configureEndpoints(chat, [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=2000,rate=0' }]);
    await batch.started(heronQuestions(m, 3), `stored late ${m}`, ['slow'], { concurrency: { slow: 1 } });
    // While the endpoint holds the first question (2 s), every write to the records starts to wait behind a
    // transaction this page holds open: the answer arrives (the page reads its whole response) and its record
    // cannot be stored.
    await expect.poll(async () => (await demo.entriesFor(m)).length).toBe(1);
    await page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('tanuki-records');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction([...db.objectStoreNames], 'readwrite');
        const store = tx.objectStore(db.objectStoreNames[0]);
        const keepOpen = () => { store.count().onsuccess = keepOpen; };
        keepOpen();
        resolve();
      };
    })`);
    // The answer has arrived: its response has ended in the worker that reads answers (src/inference/stream.worker.ts).
    const answersRead = `performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/chat/completions')).length`;
    await expect
      .poll(
        async () =>
          (await page
            .workers()
            .find((w) => w.url().includes('stream.worker'))
            ?.evaluate(answersRead)) ?? 0,
      )
      .toBe(1);
    // Counted done only once stored.
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '0');
    await page.reload();
    await batch.waitForState('done', 30_000);
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '3');

    // The first question was answered twice (the first answer never reached storage); one record per question.
    const log = byQuestion((await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions')));
    expect([...log.values()].map((entries) => entries.filter((e) => e.outcome === 'completed').length)).toEqual([2, 1, 1]);
    await expect(page.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(3);
    await page.goto('/#/review');
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await page.getByTestId('review-filter-text').fill(m);
    await expect(page.getByTestId('review-list')).toHaveAttribute('data-count', '3');
  });

  test('a judge run paused and resumed: progress stops, nothing is judged twice, and it finishes', async ({ batch, chat, page, demo }) => {
    test.setTimeout(60_000);
    const m = marker();
    await configureEndpoints(chat, [
      { id: 'answers', label: 'Answers', model: 'demo:rate=0' },
      { id: 'judge', label: 'Judge', model: 'demo-judge:first_byte_ms=500' },
    ]);
    const runId = await batch.answered(heronQuestions(m, 5), `judge pause ${m}`, ['answers']);
    await page.getByTestId('run-judge').click();
    await page.getByTestId('judge-endpoint').selectOption('judge');
    await page.getByTestId('judge-both-orders').check();
    await page.getByTestId('judge-concurrency').fill('1');
    await page.getByTestId('judge-start').click();
    await expect(batch.runView).not.toHaveAttribute('data-run-id', runId);
    const lane = batch.lanes.first();
    await expect.poll(async () => Number((await lane.getAttribute('data-done')) ?? 0), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('run-pause').click();
    await batch.waitForState('paused');
    await expect(lane).toHaveAttribute('data-in-flight', '0');
    const done = Number(await lane.getAttribute('data-done'));
    expect(done).toBeLessThan(5);
    const judgeCalls = async () =>
      (await demo.entriesFor(m)).filter((e) => e.model.startsWith('demo-judge') && e.path.endsWith('/chat/completions'));
    // Each answer judged in both orders: two calls per judged answer, none after the pause.
    expect(await judgeCalls()).toHaveLength(2 * done);
    await page.reload();
    await batch.waitForState('paused');
    await expect(lane).toHaveAttribute('data-done', String(done));
    expect(await judgeCalls()).toHaveLength(2 * done);

    await page.getByTestId('run-resume').click();
    await batch.waitForState('done', 30_000);
    await expect(lane).toHaveAttribute('data-done', '5');
    await expect(page.getByTestId('judge-score')).toHaveCount(5);
    const calls = await judgeCalls();
    expect(calls).toHaveLength(10);
    // Per answer, exactly its two orders.
    for (const q of heronQuestions(m, 5)) expect(calls.filter((e) => e.lastUserText.includes(q.text))).toHaveLength(2);
  });

  test('a part of a set (categories, then the first N) with repeats: each item × repeat answered once, across a reload', async ({
    batch,
    chat,
    page,
    demo,
  }) => {
    test.setTimeout(60_000);
    const m = marker();
    // One request at a time, each held 400 ms: a reload after the second answer surely lands mid-run.
    await configureEndpoints(chat, [{ id: 'slow', label: 'Slow', model: 'demo:first_byte_ms=400,rate=0' }]);
    await batch.open();
    const questions = heronQuestions(m, 6);
    await batch.pickFolder(heronFolder(questions));
    const setId = await batch.storeSet(`part ${m}`);
    // Without 'complex' the set is questions 0, 1, 3, 4 (conv, detail, conv, detail); the first 3 of those.
    // Parameters start from the endpoint's own; the temperature is changed here.
    await page.goto(`/#/batch/new/${setId}`);
    await page.getByTestId('run-endpoint-slow').check();
    const maxTokens = await page.getByTestId('run-max-tokens-slow').inputValue();
    await batch.startRun(setId, ['slow'], {
      categories: ['conv', 'detail'],
      firstN: 3,
      repeats: 2,
      concurrency: { slow: 1 },
      temperature: { slow: 0.3 },
    });
    await expect(batch.lane('slow')).toHaveAttribute('data-total', '6');
    await expect
      .poll(async () => Number((await batch.lane('slow').getAttribute('data-done')) ?? 0), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    // With answers coming in, the pace and the time left are shown.
    await expect(page.getByTestId('run-throughput')).toBeVisible();
    await expect(page.getByTestId('run-eta')).toBeVisible();
    await page.reload();
    await batch.waitForState('done', 30_000);
    await expect(batch.lane('slow')).toHaveAttribute('data-done', '6');

    // Side by side: the three items, each with its two repeats.
    const items = page.getByTestId('result-item');
    await expect(items).toHaveCount(3);
    for (const item of await items.all()) await expect(item.locator('[data-testid="result-answer"][data-status="ok"]')).toHaveCount(2);

    // At the endpoint: every chosen question answered twice at least, no other question asked, and at most two
    // requests sent again: the one in flight at the reload (concurrency 1), and the one before it if its answer
    // had arrived but its record was still waiting for its group's transaction (100 ms) when the page went away.
    const log = (await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions'));
    const chosen = [questions[0]!.text, questions[1]!.text, questions[3]!.text];
    expect([...byQuestion(log).keys()].sort()).toEqual([...chosen].sort());
    for (const [, entries] of byQuestion(log.filter((e) => e.outcome === 'completed'))) expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(log.length).toBeLessThanOrEqual(8);
    for (const entry of log) expect(entry.params).toMatchObject({ max_tokens: Number(maxTokens), temperature: 0.3 });
    // In the app: one record per item × repeat, no more.
    await page.goto('/#/review');
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await page.getByTestId('review-filter-text').fill(m);
    await expect(page.getByTestId('review-list')).toHaveAttribute('data-count', '6');
  });

  test('an edited rubric is stored with a new version, reaches the judge and is on its ratings; a judge over records picked by a filter', async ({
    batch,
    chat,
    page,
    demo,
  }) => {
    test.setTimeout(60_000);
    const m = marker();
    await configureEndpoints(chat, [
      { id: 'bench-a', label: 'Bench A', model: 'demo:rate=0' },
      { id: 'bench-b', label: 'Bench B', model: 'demo-vllm:rate=0' },
      { id: 'judge', label: 'Judge', model: 'demo-judge' },
    ]);
    await batch.answered(heronQuestions(m, 2), `rubric ${m}`, ['bench-a', 'bench-b']);

    // Not a run: the records of one endpoint, picked by a filter.
    await page.goto('/#/batch/judge');
    const form = page.getByTestId('judge-form');
    await expect(form).toBeVisible();
    await page.getByTestId('judge-endpoint').selectOption('judge');
    await page.getByTestId('judge-source-filter').check();
    await form.getByRole('checkbox', { name: 'Bench B' }).check();
    await expect(page.getByTestId('judge-summary')).toContainText('2');

    // Edited and saved: a rubric of its own, under a new version.
    const defaultVersion = await page.getByTestId('rubric-version').textContent();
    await page.getByTestId('rubric-edit').click();
    await page.getByTestId('rubric-name').fill(`rubric ${m}`);
    const rule = `${m}: rate short, exact answers highest.`;
    await page.getByTestId('rubric-rule-conv').fill(rule);
    await page.getByTestId('rubric-rule-detail').fill(rule);
    await page.getByTestId('rubric-save').click();
    const version = ((await page.getByTestId('rubric-version').textContent()) ?? '').match(/rubric-[0-9a-f]+/)?.[0] ?? '';
    expect(version).not.toBe('');
    expect(defaultVersion).not.toContain(version);
    await expect(page.getByTestId('judge-rubric').locator('option:checked')).toHaveText(`rubric ${m}`);

    // Kept: after a reload it is offered again, with the same version.
    await page.reload();
    await page.getByTestId('judge-rubric').selectOption({ label: `rubric ${m}` });
    await expect(page.getByTestId('rubric-version')).toContainText(version);
    await page.getByTestId('judge-endpoint').selectOption('judge');
    await page.getByTestId('judge-source-filter').check();
    await form.getByRole('checkbox', { name: 'Bench B' }).check();
    await expect(page.getByTestId('judge-summary')).toContainText('2');
    await page.getByTestId('judge-start').click();
    await batch.waitForState('done');

    // Only endpoint B's two answers were judged, with the edited rule, and each rating carries the new version.
    const results = page.getByTestId('judge-result');
    await expect(results).toHaveCount(2);
    await expect(results.filter({ hasText: 'Bench A' })).toHaveCount(0);
    for (const result of await results.all()) await expect(result).toContainText(version, { useInnerText: false });
    const judged = (await demo.entriesFor(m)).filter((e) => e.model === 'demo-judge');
    expect(judged).toHaveLength(2);
    for (const call of judged) expect(call.lastUserText).toContain(rule);
  });

  test('rubric edits not yet kept, half-done ones included, outlive a reload and another screen, until discarded', async ({
    batch,
    page,
  }) => {
    const m = marker();
    await batch.open('/judge');
    const version = page.getByTestId('rubric-version');
    const defaultVersion = (await version.textContent()) ?? '';
    await page.getByTestId('rubric-edit').click();
    const rule = page.getByTestId('rubric-rule-conv');
    const defaultRule = await rule.inputValue();
    await rule.fill(`${m}: the conv rule, rewritten`);
    await page.getByTestId('rubric-name').fill('');
    await expect(page.getByTestId('rubric-unsaved')).toBeVisible();
    await expect(version).not.toHaveText(defaultVersion);

    // Back after a reload and after another screen: the editor open on the edits, the empty name too.
    for (const away of [() => page.reload(), () => page.goto('/#/review').then(() => page.goBack())]) {
      await away();
      await expect(rule).toHaveValue(`${m}: the conv rule, rewritten`);
      await expect(page.getByTestId('rubric-name')).toHaveValue('');
      await expect(page.getByTestId('rubric-unsaved')).toBeVisible();
    }

    await page.getByTestId('rubric-discard').click();
    await expect(rule).toHaveValue(defaultRule);
    await expect(version).toHaveText(defaultVersion);
    await expect(page.getByTestId('rubric-unsaved')).toHaveCount(0);
    await page.reload();
    await expect(version).toHaveText(defaultVersion);
    await expect(page.getByTestId('rubric-editor')).toHaveCount(0);
  });

  test('a rate-limited endpoint waits as Retry-After says while the other goes on, and recovers', async ({ batch, chat, demo }) => {
    test.setTimeout(60_000);
    const m = marker();
    // `fail=N` counts per model string since the demo endpoint started: a rate no other test uses makes this
    // test's string its own (and every repeat's too), without resetting a log other tests read.
    const limited = `demo-429:fail=2,retry_after=1,rate=${100_000 + Math.floor(Math.random() * 1_000_000)}`;
    await configureEndpoints(chat, [
      { id: 'healthy', label: 'Healthy', model: 'demo:rate=0' },
      { id: 'limited', label: 'Limited', model: limited },
    ]);
    await batch.started(heronQuestions(m, 6), `429 ${m}`, ['healthy', 'limited'], { concurrency: { healthy: 2, limited: 2 } });
    // The healthy endpoint finishes while the limited one is still held back.
    await expect(batch.lane('healthy')).toHaveAttribute('data-done', '6', { timeout: 20_000 });
    await batch.waitForState('done', 30_000);
    await expect(batch.lane('limited')).toHaveAttribute('data-done', '6');

    const entries = (await demo.entriesFor(m)).filter((e) => e.model === limited);
    // One answer per question; every retry came after the wait the endpoint asked for.
    for (const [, list] of byQuestion(entries)) expect(list.filter((e) => e.status === 200)).toHaveLength(1);
    const refused = entries.filter((e) => e.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    const lastRefusal = Math.max(...refused.map((e) => Date.parse(e.at)));
    const firstAfter = Math.min(...entries.filter((e) => Date.parse(e.at) > lastRefusal).map((e) => Date.parse(e.at)));
    expect(firstAfter - lastRefusal).toBeGreaterThanOrEqual(900);
  });

  test('an endpoint that keeps refusing is paused with words, its questions kept; the other finishes', async ({ batch, chat, page }) => {
    test.setTimeout(90_000);
    const m = marker();
    await configureEndpoints(chat, [
      { id: 'healthy', label: 'Healthy', model: 'demo:rate=0' },
      { id: 'refusing', label: 'Refusing', model: 'demo-429:retry_after=1' },
    ]);
    await batch.started(heronQuestions(m, 4), `refusing ${m}`, ['healthy', 'refusing']);
    await expect(batch.lane('healthy')).toHaveAttribute('data-done', '4', { timeout: 20_000 });
    const lane = batch.lane('refusing');
    await expect(lane).toHaveAttribute('data-paused', 'keeps-failing', { timeout: 60_000 });
    await expect(lane.getByTestId('lane-paused')).toContainText(/一時停止|Paused/);
    await expect(lane.getByTestId('lane-paused')).toContainText('429');
    await expect(lane).toHaveAttribute('data-done', '0');
    await expect(lane.getByTestId('lane-resume')).toBeVisible();
    // Kept across a reload.
    await page.reload();
    await expect(batch.lane('refusing')).toHaveAttribute('data-paused', 'keeps-failing');
    await expect(batch.lane('healthy')).toHaveAttribute('data-done', '4');
    // Cancelled, after a confirmation: nothing more to resume.
    await page.getByTestId('run-cancel').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '実行を中止' }).click();
    await batch.waitForState('cancelled');
    await expect(page.getByTestId('run-resume')).toHaveCount(0);
  });

  test('an LLM judge scores a run in both orders as ratings; an unparseable judge is shown, never scored; stats put it beside people', async ({
    batch,
    chat,
    page,
    demo,
  }) => {
    test.setTimeout(90_000);
    const m = marker();
    await configureEndpoints(chat, [
      { id: 'answers', label: 'Answers', model: 'demo:rate=0' },
      { id: 'judge', label: 'Judge', model: 'demo-judge' },
      { id: 'mute-judge', label: 'Mute judge', model: 'demo-judge:unparseable=1' },
    ]);
    const runId = await batch.answered(heronQuestions(m, 3), `judge ${m}`, ['answers']);
    // The results show once their records are read, a moment after the run is shown done.
    const answered = page.locator('[data-testid="result-answer"][data-status="ok"]');
    await expect(answered).toHaveCount(3);
    const recordIds = await answered.evaluateAll((els) => els.map((e) => e.getAttribute('data-record-id') ?? ''));

    // The judge, in both orders: two calls per answer, both numbers and their ratio kept with the raw text.
    await page.getByTestId('run-judge').click();
    await expect(page.getByTestId('judge-form')).toBeVisible();
    await page.getByTestId('judge-endpoint').selectOption('judge');
    await page.getByTestId('judge-both-orders').check();
    await expect(page.getByTestId('judge-summary')).toContainText('6');
    await page.getByTestId('judge-start').click();
    await batch.waitForState('done');
    const results = page.getByTestId('judge-result');
    await expect(results).toHaveCount(3);
    await expect(page.getByTestId('judge-score')).toHaveCount(3);
    await expect(page.getByTestId('judge-unparseable')).toHaveCount(0);
    await expect(page.getByTestId('judge-raw').first()).toContainText('デモ審査員', { useInnerText: false });
    const judgeCalls = (await demo.entriesFor(m)).filter((e) => e.model === 'demo-judge' && e.path.endsWith('/chat/completions'));
    expect(judgeCalls).toHaveLength(6);
    // Nobody watches a verdict arrive: each is asked for whole, not streamed.
    expect(judgeCalls.map((e) => e.stream)).toEqual(Array(6).fill(false));

    // A judge that answers without scores: recorded and shown as such, no score.
    await page.goto(`/#/batch/judge/${runId}`);
    await page.getByTestId('judge-endpoint').selectOption('mute-judge');
    await page.getByTestId('judge-start').click();
    await batch.waitForState('done');
    await expect(page.getByTestId('judge-unparseable')).toHaveCount(3);
    await expect(page.getByTestId('judge-score')).toHaveCount(0);
    await expect(page.getByTestId('judge-raw').first()).toContainText('unparseable=1', { useInnerText: false });

    // The answer run's results carry the judge's score.
    await page.goto(`/#/batch/run/${runId}`);
    await expect(page.locator('[data-testid="result-judge"]').first()).toBeVisible();

    // In Review: both verdicts on the record, one with numbers, one unparseable; a person rates the three.
    await page.goto(`/#/review/record/${recordIds[0]}`);
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await expect(page.locator('[data-testid="review-judge"][data-parsed="true"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="review-judge"][data-parsed="false"]')).toHaveCount(1);
    await page.getByTestId('annotator-gate-input').fill(`Person ${m}`);
    await page.getByTestId('annotator-gate-input').press('Enter');
    const scores = [1, 3, 5];
    for (const [i, id] of recordIds.entries()) {
      await page.goto(`/#/review/record/${id}`);
      await expect(page.getByTestId('review-detail')).toHaveAttribute('data-record-id', id);
      await page.getByTestId(`rating-score-${scores[i]}`).click();
      await expect(page.getByTestId(`rating-score-${scores[i]}`)).toHaveAttribute('aria-pressed', 'true');
    }

    // Statistics: the Heron-Bench table per endpoint and category, and agreement with the person (n = 3),
    // the most disagreeing record one click away.
    await page.goto('/#/review/stats');
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await page.getByTestId('review-filter-text').fill(m);
    const stats = page.getByTestId('judge-stats');
    await stats.getByTestId('judge-stats-judge').selectOption('judge:demo-judge');
    await expect(stats.getByTestId('judge-table-row')).toHaveCount(1);
    await expect(stats.getByTestId('judge-overall')).toHaveText(/\d/);
    await expect(stats.getByTestId('agreement')).toHaveAttribute('data-n', '3');
    const worst = stats.getByTestId('disagreement').first();
    const worstId = (await worst.getAttribute('data-record-id')) ?? '';
    expect(recordIds).toContain(worstId);
    await worst.getByRole('link').click();
    await expect(page.getByTestId('review-detail')).toHaveAttribute('data-record-id', worstId);
  });

  test('with only the built-in demo endpoint, the judge on offer is the demo judge: it says it is no model, and it scores', async ({
    batch,
    page,
    demo,
  }) => {
    const m = marker();
    await batch.answered(heronQuestions(m, 2), `demo judge ${m}`, ['demo']);
    await page.getByTestId('run-judge').click();
    const judge = page.getByTestId('judge-endpoint');
    // The demo as itself describes images and never scores: the demo judge stands in its place.
    await expect(judge).toHaveValue('demo-judge');
    await expect(judge.locator('option')).toHaveText(['Demo judge (not a model) (demo-judge)']);
    await expect(page.getByTestId('judge-demo-note')).toBeVisible();
    await page.getByTestId('judge-start').click();
    await batch.waitForState('done');
    await expect(page.getByTestId('judge-score')).toHaveCount(2);
    await expect(page.getByTestId('judge-unparseable')).toHaveCount(0);
    const calls = (await demo.entriesFor(m)).filter((e) => e.path.endsWith('/chat/completions'));
    expect(calls.map((e) => e.model).sort()).toEqual(['demo', 'demo', 'demo-judge', 'demo-judge']);
  });
});
