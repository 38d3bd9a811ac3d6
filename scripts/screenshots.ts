// `npm run screenshots`: every screen at desktop and phone width, in Japanese and English, into
// screenshots/ (and the README's picture into docs/): Chat, Settings, Review (list with a record open, the
// queue, stats), Compare and Batch (a question set run on the demo endpoint, with its results, the judge's
// form and its verdicts, then the sets and runs). Expects the app at SCREENSHOT_URL (default: a running
// `npm run preview`).
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { heronFolder, heronQuestions } from '../test-support/heron-folder';
import { photoPath } from '../test-support/images';

const base = process.env.SCREENSHOT_URL ?? 'http://127.0.0.1:4173';
const out = 'screenshots';
mkdirSync(out, { recursive: true });
mkdirSync('docs', { recursive: true });

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

const questions = { ja: 'この写真には何が写っていますか？', en: 'What is in this photo?' } as const;

async function chatWithAnswer(page: Page, lang: keyof typeof questions) {
  await page.goto(`${base}/`);
  await page.locator('.app[data-hydrated="true"]').waitFor();
  await page.getByTestId('file-input').setInputFiles(photoPath('chelsea.png'));
  await page.locator('[data-testid="attachment"][data-state="ready"]').waitFor();
  await page.getByTestId('composer-input').fill(questions[lang]);
  await page.getByTestId('composer-input').press('Enter');
  await page.locator('[data-testid="assistant-message"][data-status="ok"]').waitFor({ timeout: 20_000 });
  await page.getByTestId('file-input').setInputFiles(photoPath('rocket.jpg'));
  await page.locator('[data-testid="attachment"][data-state="ready"]').waitFor();
}

async function reviewScreens(page: Page, shot: (screen: string) => Promise<unknown>) {
  await page.goto(`${base}/#/review`);
  await page.locator('[data-testid="review"][data-load="ready"]').waitFor();
  await page.getByTestId('review-row').first().click();
  await page.getByTestId('review-detail').waitFor();
  await shot('review');
  await page.goto(`${base}/#/review/queue`);
  const gate = page.getByTestId('annotator-gate-input');
  await gate.or(page.getByTestId('queue-item')).first().waitFor();
  if (await gate.isVisible()) {
    await gate.fill('Sato');
    await gate.press('Enter');
  }
  await page.getByTestId('queue-item').waitFor();
  await shot('queue');
  await page.goto(`${base}/#/review/stats`);
  await page.getByTestId('stats').waitFor();
  await shot('stats');
}

/** A question set of six questions on the fixture photos, run on the demo endpoint: the run and its results. */
async function batchScreens(page: Page, shot: (screen: string, fullPage?: boolean) => Promise<unknown>) {
  await page.goto(`${base}/#/batch`);
  await page.locator('[data-testid="batch"][data-load="ready"]').waitFor();
  await page.getByTestId('set-folder-input').setInputFiles(heronFolder(heronQuestions('screenshot')));
  await page.getByTestId('set-report').waitFor();
  await shot('batch-import');
  await page.getByTestId('set-import-save').click();
  await page.getByTestId('set-stored').waitFor();
  await page.getByTestId('set-run').first().click();
  await page.getByTestId('run-form').waitFor();
  await page.getByTestId('run-endpoint-demo').check();
  await shot('batch-new-run', true);
  await page.getByTestId('run-start').click();
  await page.locator('[data-testid="run-view"][data-state="done"]').waitFor({ timeout: 60_000 });
  await shot('batch-run', true);
  await page.getByTestId('run-judge').click();
  await page.getByTestId('judge-form').waitFor();
  await shot('batch-judge', true);
  await page.getByTestId('judge-start').click();
  await page.locator('[data-testid="run-view"][data-state="done"]').waitFor({ timeout: 60_000 });
  await shot('batch-judged', true);
  await page.goto(`${base}/#/batch`);
  await page.getByTestId('run-row').first().waitFor();
  await shot('batch-overview');
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
for (const lang of ['ja', 'en'] as const) {
  for (const [name, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, locale: lang === 'ja' ? 'ja-JP' : 'en-US', colorScheme: 'light' });
    const page = await context.newPage();
    await chatWithAnswer(page, lang);
    await page.screenshot({ path: `${out}/chat-${lang}-${name}.png` });
    if (lang === 'en' && name === 'desktop') await page.screenshot({ path: 'docs/screenshot-chat.png' });
    await page.goto(`${base}/#/settings`);
    await page.getByTestId('endpoint-row').first().waitFor();
    await page.screenshot({ path: `${out}/settings-${lang}-${name}.png`, fullPage: true });
    const shot = (screen: string, fullPage = false) => page.screenshot({ path: `${out}/${screen}-${lang}-${name}.png`, fullPage });
    await reviewScreens(page, shot);
    await page.goto(`${base}/#/compare`);
    await page.getByTestId('compare-setup').waitFor();
    await shot('compare');
    await batchScreens(page, shot);
    if (name === 'phone') {
      await page.goto(`${base}/#/`);
      await page.getByTestId('conversations-toggle').click();
      await page.screenshot({ path: `${out}/conversations-${lang}-${name}.png` });
    }
    await context.close();
  }
}
await browser.close();
console.log(`screenshots written to ${out}/ and docs/`);
