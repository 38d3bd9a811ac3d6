// Stored images are pictures, never documents: an imported SVG with a script (or a page dressed as a PNG)
// is not stored and nothing of it runs; every stored image opens in a dialog inside the app, never in a
// tab of its own on the app's origin; and a non-raster file stored by an older version is never shown.
import type { Page } from '@playwright/test';
import { expect, marker, test } from './fixtures';
import { makeRecord } from '../test-support/records';
import { exportZipOf, sha256 } from './support/records';

const SCRIPT = `<script>localStorage.setItem('pwned', document.domain)</script>`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${SCRIPT}<rect width="10" height="10"/></svg>`;
const page = `<!doctype html><html><body>${SCRIPT}</body></html>`;

async function storedImageCount(p: Page): Promise<number> {
  return p.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tanuki-records');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('images')) return resolve(0);
          const count = db.transaction('images').objectStore('images').count();
          count.onsuccess = () => (db.close(), resolve(count.result));
        };
      }),
  );
}

test('an imported SVG with a script, or a page called a PNG, is not stored and never runs', async ({ page: tab, context }) => {
  const asSvg = { sha256: sha256(svg), mime: 'image/svg+xml', width: 10, height: 10, bytes: svg.length };
  const svgAsPng = { ...asSvg, mime: 'image/png' };
  const pageAsPng = { sha256: sha256(page), mime: 'image/png', width: 10, height: 10, bytes: page.length };
  const declared = makeRecord({ messages: [{ role: 'user', text: 'declared SVG', images: [asSvg] }] });
  const disguised = makeRecord({ messages: [{ role: 'user', text: 'SVG bytes named .png', images: [svgAsPng] }] });
  const html = makeRecord({ messages: [{ role: 'user', text: 'HTML bytes named .png', images: [pageAsPng] }] });
  const zip = exportZipOf([declared, disguised, html], {
    [`images/${asSvg.sha256}.png`]: svg,
    [`images/${pageAsPng.sha256}.png`]: page,
  });

  await tab.goto('/#/review');
  await expect(tab.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  await tab.getByTestId('import-input').setInputFiles({ name: 'svg.zip', mimeType: 'application/zip', buffer: zip });
  const report = tab.getByTestId('import-report');
  await expect(report).toBeVisible();
  // The records (text) are taken; their files are not.
  await expect(tab.getByTestId('import-records')).toContainText('追加 3');
  await expect(tab.getByTestId('import-skipped')).toHaveAttribute('data-count', '2');
  await expect(tab.getByTestId('import-skips')).toContainText(`images/${asSvg.sha256}.png`);
  await expect(tab.getByTestId('import-skips')).toContainText(`images/${pageAsPng.sha256}.png`);
  expect(await storedImageCount(tab)).toBe(0);

  for (const record of [declared, disguised, html]) {
    await tab.locator(`[data-testid="review-row"][data-record-id="${record.id}"]`).click();
    const detail = tab.getByTestId('review-detail');
    await expect(detail).toHaveAttribute('data-record-id', record.id);
    await expect(detail.locator('.image-missing')).toBeVisible();
    await expect(detail.locator('img')).toHaveCount(0);
    await expect(detail.locator('a[href^="blob:"]')).toHaveCount(0);
  }
  expect(context.pages()).toHaveLength(1);
  expect(await tab.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
});

test('an SVG stored by an older version is never shown or opened', async ({ page: tab }) => {
  const line = makeRecord({ messages: [{ role: 'user', text: 'stored long ago', images: [] }] });
  const legacy = { sha256: sha256(svg), mime: 'image/svg+xml', width: 10, height: 10, bytes: svg.length };
  line.messages[0]!.images = [legacy];
  await tab.goto('/#/review');
  await expect(tab.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  await tab
    .getByTestId('import-input')
    .setInputFiles({ name: 'old.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(JSON.stringify(line)) });
  await expect(tab.getByTestId('import-records')).toContainText('追加 1');
  // What an older version could have stored: the SVG itself, typed as SVG, written behind the app's back.
  await tab.evaluate(
    ({ legacy, svg }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tanuki-records');
        open.onsuccess = () => {
          const tx = open.result.transaction('images', 'readwrite');
          tx.objectStore('images').put({
            ...legacy,
            blob: new Blob([svg], { type: 'image/svg+xml' }),
            createdAt: new Date().toISOString(),
          });
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    { legacy, svg },
  );
  await tab.reload();
  await tab.locator(`[data-testid="review-row"][data-record-id="${line.id}"]`).click();
  const detail = tab.getByTestId('review-detail');
  await expect(detail.locator('.image-missing')).toBeVisible();
  await expect(tab.locator('img[src^="blob:"]')).toHaveCount(0);
  expect(await tab.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
});

test('a stored image opens at full size inside the app, in both chat and review', async ({ chat, page: tab, context }) => {
  await chat.open();
  await chat.attach('rocket.jpg');
  await chat.waitForAttachmentsReady(1);
  await chat.askAndWait(`何が写っていますか？ ${marker()}`);

  const viewer = tab.getByTestId('image-viewer');
  await tab.getByTestId('user-message').getByTestId('open-image').click();
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img')).toHaveJSProperty('complete', true);
  expect(await viewer.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // Saving is a download (never a page), and the image never leaves the app's own page.
  await expect(viewer.getByTestId('image-viewer-download')).toHaveAttribute('download', /\.jpg$/);
  await tab.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  await tab.getByTestId('nav-review').click();
  await tab.getByTestId('review-row').first().click();
  await tab.getByTestId('review-detail').getByTestId('open-image').click();
  await expect(viewer).toBeVisible();
  await viewer.getByTestId('image-viewer-close').click();
  await expect(viewer).toBeHidden();
  expect(context.pages()).toHaveLength(1);
  await expect(tab.locator('a[target="_blank"][href^="blob:"]')).toHaveCount(0);
});
