// Imports as a person meets them: what an import says about what it skipped, in the interface's language;
// a large file read off the main thread with progress and Cancel (the page stays responsive, and a
// cancelled import stores nothing); zip bombs refused early with the reason in words, also when the zip's
// headers lie about sizes. A question set (Batch) large enough to watch shows how far its check is, and its
// Cancel stores no set.
import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BatchPage } from './support/batch-page';
import { manyImagesFolder } from './support/question-sets';
import { makeRecord } from '../test-support/records';
import { exportZipOf } from './support/records';

async function openReview(page: Page) {
  await page.goto('/#/review');
  await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
}

test('a line that is not UTF-8 is skipped and said so, in Japanese and in English', async ({ page }) => {
  const good = makeRecord({ output: 'ねこ' });
  const bad = makeRecord({ output: 'Caf\u00e9' });
  // The second line saved as Latin-1 (é as the single byte 0xE9), as an older tool might have written it.
  const latin1 = Buffer.from(JSON.stringify(bad), 'latin1');
  const file = Buffer.concat([Buffer.from(JSON.stringify(good) + '\n', 'utf8'), latin1, Buffer.from('\n')]);
  await openReview(page);
  await page.getByTestId('import-input').setInputFiles({ name: 'latin1.jsonl', mimeType: 'application/x-ndjson', buffer: file });
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-outcome', 'skipped');
  await expect(page.getByTestId('import-records')).toContainText('追加 1');
  const skip = page.getByTestId('import-skips').locator('li[data-code="not-utf8"]');
  await expect(skip).toContainText('latin1.jsonl:2');
  await expect(skip).toContainText('UTF-8 として正しくないテキストです');
  await page.getByTestId('lang-toggle').click();
  await expect(skip).toContainText('not valid UTF-8 text');
  await expect(page.locator(`[data-testid="review-row"][data-record-id="${bad.id}"]`)).toHaveCount(0);
});

/** About 85 MB of valid record lines: seconds of work for the import worker (in the test's output folder, cleared by each run). */
function largeJsonl(): string {
  const file = test.info().outputPath('large.jsonl');
  const line = makeRecord({ output: 'x'.repeat(600) });
  const lines: string[] = [];
  for (let i = 0; i < 70_000; i++) lines.push(JSON.stringify({ ...line, id: `large-${i}` }));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('a large import shows its progress, the page stays responsive, and Cancel stores nothing', async ({ page }) => {
  test.setTimeout(90_000);
  const large = largeJsonl();
  await openReview(page);
  // The longest main-thread task while the import runs (Long Tasks API), and frames drawn meanwhile.
  await page.evaluate(() => {
    const w = window as unknown as { probe: { longest: number; frames: number } };
    w.probe = { longest: 0, frames: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.probe.longest = Math.max(w.probe.longest, e.duration);
    }).observe({ type: 'longtask' });
    const frame = () => {
      w.probe.frames += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.getByTestId('import-input').setInputFiles(large);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-phase', 'reading');
  const status = progress.getByRole('status');
  await expect(status).toContainText('large.jsonl の各行を確認中');
  // The progress moves while the page is drawn: two different percentages seen on screen.
  const first = await status.textContent();
  await expect(status).not.toHaveText(first ?? '');
  const framesBefore = await page.evaluate(() => (window as unknown as { probe: { frames: number } }).probe.frames);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { probe: { frames: number } }).probe.frames))
    .toBeGreaterThan(framesBefore + 5);

  await progress.getByRole('button', { name: '読み込みを中止' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-outcome', 'cancelled');
  await expect(report).toContainText('large.jsonl の読み込みを中止しました。何も保存していません。');
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('import-input')).toBeEnabled();
  await expect(page.getByTestId('review-list')).toHaveAttribute('data-count', '0');
  // On the main thread this file froze the tab for seconds; in the worker no task comes near that.
  const longest = await page.evaluate(() => (window as unknown as { probe: { longest: number } }).probe.longest);
  test.info().annotations.push({ type: 'longest main-thread task (ms)', description: String(Math.round(longest)) });
  expect(longest).toBeLessThan(1000);
});

test('a question set of many images shows how far its check is, and Cancel stores no set', async ({ page }) => {
  const count = 600;
  const folder = manyImagesFolder(count);
  const batch = new BatchPage(page);
  await batch.open();
  await page.getByTestId('set-folder-input').setInputFiles(folder);
  const progress = page.getByTestId('set-import-progress');
  await expect(progress).toHaveAttribute('data-phase', 'checking');
  await expect(progress.getByRole('status')).toContainText(new RegExp(`画像を確認中… [\\d,]+ / ${count}`));
  await progress.getByRole('button', { name: '読み込みを中止' }).click();
  await expect(page.getByTestId('set-import-cancelled')).toContainText('読み込みを中止しました。何も保存していません。');
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('set-report')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('batch')).toHaveAttribute('data-load', 'ready');
  await expect(page.getByTestId('set-row')).toHaveCount(0);
});

/** A one-entry zip of `size` zero bytes whose headers (local and central) may declare another size. */
function zerosZip(size: number, declared = size): Buffer {
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('records.jsonl');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14); // CRC: never reached, the size check refuses first
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

test('zip bombs are refused with the reason in words, also when their headers lie, and nothing is stored', async ({ page }) => {
  test.setTimeout(60_000);
  await openReview(page);
  const input = page.getByTestId('import-input');
  const report = page.getByTestId('import-report');

  // 100 MB of zeros that says it is 1 KB: refused while inflating, as lying, not as "not valid JSON".
  const liar = { name: 'liar.zip', mimeType: 'application/zip', buffer: zerosZip(100 * 1024 ** 2, 1024) };
  await input.setInputFiles(liar);
  await expect(report).toHaveAttribute('data-outcome', 'error');
  await expect(report).toContainText('liar.zip は読み込まれませんでした。');
  await expect(report).toContainText(
    'この ZIP のヘッダーはサイズを偽っています。「records.jsonl」は宣言された 1.0 KB を超えて展開されます。',
  );
  await page.getByTestId('lang-toggle').click();
  await input.setInputFiles(liar);
  await expect(report).toContainText('The ZIP’s headers lie about sizes: “records.jsonl” unpacks to more than the 1.0 KB it declares.');

  // An honest one: refused from its directory, before anything is inflated.
  await input.setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: zerosZip(100 * 1024 ** 2) });
  await expect(report).toContainText('bomb.zip was not imported.');
  await expect(report).toContainText(
    /The ZIP would expand \d[\d,]*-fold \(at most 100-fold is accepted\): a “zip bomb”, refused before unpacking/,
  );

  // A good file afterwards still imports: the refusals stored nothing and broke nothing.
  await input.setInputFiles({ name: 'good.zip', mimeType: 'application/zip', buffer: exportZipOf([makeRecord({ id: 'after-bombs' })]) });
  await expect(report).toHaveAttribute('data-outcome', 'ok');
  await expect(page.getByTestId('review-list')).toHaveAttribute('data-count', '1');
});
