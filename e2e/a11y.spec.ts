// Accessibility: axe-core on every screen at desktop and phone widths: chat, settings, review with a record
// open, queue and statistics with records in the store; then, after a blind comparison with a vote and a
// batch run on two endpoints, the compare screen, the leaderboard, the pairwise queue and the batch screens
// (sets, run and results, judge form). Any serious or critical violation fails, with its rule, its help text
// and the elements it names.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, marker } from './fixtures';
import { configureEndpoints, test } from './support/batch-page';
import { heronQuestions } from './support/question-sets';
import { makeRecord } from '../test-support/records';
import { exportZipOf } from './support/records';

const SCREENS = [
  { name: 'chat', hash: '/#/', ready: 'composer-input' },
  { name: 'settings', hash: '/#/settings', ready: 'nav-settings' },
  { name: 'review', hash: '/#/review', ready: 'review-list' },
  { name: 'record', hash: '/#/review/record/a11y-1', ready: 'review-detail' },
  { name: 'queue', hash: '/#/review/queue', ready: 'review-tab-queue' },
  { name: 'stats', hash: '/#/review/stats', ready: 'stats-table' },
] as const;

async function seedRecords(page: Page) {
  await page.goto('/#/review');
  await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  const lines = [
    {
      ...makeRecord({ id: 'a11y-1', output: 'A cat on a mat.' }),
      ratings: [
        {
          id: 'rt-a11y-1',
          annotator: 'alice',
          score: 4,
          thumb: null,
          tags: ['good'],
          note: '',
          createdAt: '2025-03-01T11:00:00.000Z',
          updatedAt: '2025-03-01T11:00:00.000Z',
        },
      ],
    },
    makeRecord({
      id: 'a11y-2',
      output: '看板に「営業中」と書かれています。',
      endpoint: {
        id: 'tanuki-8x8b',
        label: 'Tanuki-8x8B-vision',
        url: 'https://h.example/v1',
        model: 'tanuki-8x8b',
        protocol: 'openai-chat',
      },
    }),
  ];
  await page.getByTestId('import-input').setInputFiles({ name: 'a11y.zip', mimeType: 'application/zip', buffer: exportZipOf(lines) });
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-outcome', 'ok');
}

type Screen = { name: string; hash: string; ready: string };

/** Opens each screen and runs axe on it; returns the serious and critical violations, one line each. */
async function violations(page: Page, screens: readonly Screen[]): Promise<string[]> {
  const found: string[] = [];
  for (const screen of screens) {
    await page.goto(screen.hash);
    await expect(page.locator('.app')).toHaveAttribute('data-hydrated', 'true');
    await expect(page.getByTestId(screen.ready).first()).toBeVisible();
    // label-content-name-mismatch is experimental in axe (off unless asked for): a control whose name is
    // not what it shows cannot be found by voice control, so it is asked for here.
    const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
    for (const v of results.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const where = v.nodes.map((n) => n.target.join(' ')).join(', ');
      found.push(`${screen.name}: ${v.id} (${v.impact}) ${v.help}: ${where}`);
    }
  }
  return found;
}

for (const width of [1280, 390]) {
  test(`no serious or critical axe violations on any screen at ${width} px`, async ({ page }) => {
    // Six screens, each analysed in full: about 30 s on a busy 2-core machine.
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await seedRecords(page);
    const found = await violations(page, SCREENS);
    expect(found, found.join('\n')).toEqual([]);
  });

  test(`no serious or critical axe violations on the compare and batch screens at ${width} px`, async ({ batch, chat, page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    await configureEndpoints(chat, [
      { id: 'alpha', label: 'Alpha Vision', model: 'demo:rate=0' },
      { id: 'beta', label: 'Beta Vision', model: 'demo-vllm:rate=0' },
    ]);
    // A blind comparison with a vote: the compare screen after its answers, the leaderboard and the pairs.
    await chat.open('?compare=alpha,beta');
    await page.getByTestId('composer-input').fill(`what is this? ${marker()}`);
    await page.getByTestId('composer-input').press('Enter');
    const turn = page.getByTestId('compare-turn').first();
    await expect(turn).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
    await page.getByTestId('annotator-gate-input').fill('Axe');
    await page.getByTestId('annotator-gate-input').press('Enter');
    await turn.getByTestId('vote-a').click();
    await expect(turn.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'a');
    const found = await violations(page, [{ name: 'compare', hash: '/#/compare', ready: 'vote-bar' }]);
    // A batch run on both endpoints: the sets, the run with its results, the judge form.
    const runId = await batch.answered(heronQuestions(marker(), 2), `axe ${width}`, ['alpha', 'beta']);
    found.push(
      ...(await violations(page, [
        { name: 'leaderboard', hash: '/#/review/leaderboard', ready: 'lb-plot' },
        { name: 'pairs', hash: '/#/review/pairs', ready: 'pair-queue' },
        { name: 'batch', hash: '/#/batch', ready: 'set-row' },
        { name: 'run', hash: `/#/batch/run/${runId}`, ready: 'result-item' },
        { name: 'judge', hash: `/#/batch/judge/${runId}`, ready: 'judge-form' },
      ])),
    );
    expect(found, found.join('\n')).toEqual([]);
  });
}

test('at 390 px the whole menu and the language switch are in view, in Japanese and in English', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 700 });
  await page.goto('/#/');
  for (const lang of ['ja', 'en']) {
    if (lang === 'en') await page.locator('.lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const id of ['nav-chat', 'nav-compare', 'nav-review', 'nav-batch', 'nav-settings']) {
      await expect(page.getByTestId(id), `${id} (${lang})`).toBeInViewport({ ratio: 1 });
    }
    await expect(page.locator('.lang-toggle')).toBeInViewport({ ratio: 1 });
  }
});
