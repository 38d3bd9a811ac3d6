// `npm run screenshots`: every screen at desktop and phone width, in Japanese and English, into
// screenshots/ (and the README's picture into docs/). Expects the app at SCREENSHOT_URL (default: a running
// `npm run preview`).
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
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
