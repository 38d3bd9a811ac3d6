// At phone width (390 px) every screen fits, in Japanese and in English: nothing reaches past the right edge,
// where a cut-off tab or field can only be found by scrolling sideways. Tables scroll in their own box and
// are left out, but a question set's actions (Run, Rename, Delete) are in view without scrolling, and a table
// read across keeps its rows' names in view when scrolled sideways.
import type { Page } from '@playwright/test';
import { expect, marker } from './fixtures';
import { configureEndpoints, test } from './support/batch-page';
import { heronQuestions } from './support/question-sets';

test.use({ viewport: { width: 390, height: 844 } });

/** The outermost elements that reach past the window's right edge. */
function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const beyond = (el: Element) => el.getBoundingClientRect().right > width + 1;
    return [...document.querySelectorAll('.app *')]
      .filter((el) => el.getBoundingClientRect().width > 0 && beyond(el) && !el.closest('table') && !beyond(el.parentElement!))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
  });
}

test('every screen fits 390 px in Japanese and in English, with a run of a set named as its folder', async ({ batch, chat, page }) => {
  test.slow(); // a batch run, then ten screens in two languages
  // Labels and a set name as long as real ones: the judge form lists runs as "set · endpoints".
  await configureEndpoints(chat, [
    { id: 'b8', label: 'Tanuki-8B-vision (staging)', model: 'demo:rate=0' },
    { id: 'b64', label: 'Tanuki-8x8B-vision-exp (staging)', model: 'demo-vllm:rate=0' },
  ]);
  const runId = await batch.answered(heronQuestions(marker(), 1), 'japanese-heron-bench', ['b8', 'b64']);
  // Each screen: its address, what shows it is ready, and the table read across on it, if any.
  const screens: [name: string, hash: string, ready: string, across?: string][] = [
    ['chat', '/#/', 'composer-input'],
    ['review', '/#/review', 'review-list'],
    ['stats', '/#/review/stats', 'stats-table', 'stats-table'],
    ['leaderboard', '/#/review/leaderboard', 'leaderboard'],
    ['batch', '/#/batch', 'set-row', 'runs-table'],
    ['new run', '/#/batch/new', 'run-form'],
    ['run', `/#/batch/run/${runId}`, 'result-item', 'results-summary'],
    ['judge', `/#/batch/judge/${runId}`, 'judge-form'],
    ['compare', '/#/compare', 'compare'],
    ['settings', '/#/settings', 'endpoint-row'],
  ];
  const found: string[] = [];
  for (const lang of ['ja', 'en'] as const) {
    if (lang === 'en') await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const [name, hash, ready, across] of screens) {
      await page.goto(hash);
      await expect(page.getByTestId(ready).first()).toBeVisible();
      for (const part of await sticksOut(page)) found.push(`${lang} ${name}: ${part}`);
      if (name === 'batch')
        for (const action of ['set-run', 'set-rename', 'set-delete']) {
          const box = await page.getByTestId(action).first().boundingBox();
          if (!box || box.x < 0 || box.x + box.width > 391) found.push(`${lang} ${name}: ${action} out of view`);
        }
      if (across) {
        // Scrolled sideways to the table's last column: its rows' names are still in view.
        await page.getByTestId(across).evaluate((t) => (t.parentElement!.scrollLeft = t.scrollWidth));
        for (const row of await page.getByTestId(across).locator('tbody th').all()) {
          const box = await row.boundingBox();
          if (!box || box.x < 0) found.push(`${lang} ${name}: a row name of ${across} out of view when scrolled`);
        }
      }
    }
  }
  expect(found, found.join('\n')).toEqual([]);
});
