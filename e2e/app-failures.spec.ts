// Failures the app survives in words: a start-up that fails (its chunk does not load) and a page that throws
// while rendering (its chunk does not load either: React.lazy throws the failure during render, and the
// route's own error panel catches it). The network is failed on purpose, the way a flaky connection or a
// half-finished deployment would.
import { loadEveryWord, translator } from '../src/i18n';
import { expect, test } from './fixtures';

const ja = translator('ja');
test.beforeAll(() => loadEveryWord());

test('a start-up that fails says so in words; the chat still opens and can be written in', async ({ page, chat }) => {
  await page.route(/\/assets\/bootstrap-[^/]*\.js$/, (route) => route.abort());
  await chat.open();
  const banner = page.getByTestId('startup-error');
  await expect(banner).toContainText(ja('app.startFailed'));
  await expect(banner).toContainText(ja('app.startFailedHint'));
  await chat.composer.fill('こんにちは');
  await expect(chat.composer).toHaveValue('こんにちは');
});

test('a page that throws shows its own panel; the header and the other pages keep working', async ({ page, chat }) => {
  await page.route(/\/assets\/settings-screen-[^/]*\.js$/, (route) => route.abort());
  await chat.open();
  await expect(page.getByTestId('startup-error')).toHaveCount(0);

  await page.getByTestId('nav-settings').click();
  const panel = page.getByTestId('route-error');
  await expect(panel).toContainText(ja('app.routeFailed'));
  await expect(panel.getByRole('button', { name: ja('app.retry') })).toBeVisible();

  // The header is outside the panel: the other pages open from it.
  await page.getByTestId('nav-review').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('review')).toBeVisible();
  await page.getByTestId('nav-chat').click();
  await expect(chat.composer).toBeVisible();
  await chat.composer.fill('まだ動きます');
  await expect(chat.composer).toHaveValue('まだ動きます');
});

test('a screen whose code does not arrive shows the panel, and Try again loads it once the network is back', async ({ page, chat }) => {
  const reviewChunk = /\/assets\/review-screen-[^/]*\.js$/;
  await page.route(reviewChunk, (route) => route.abort());
  await chat.open();
  await page.getByTestId('nav-review').click();
  const panel = page.getByTestId('route-error');
  await expect(panel).toContainText(ja('app.routeFailed'));
  await page.unroute(reviewChunk);
  await panel.getByRole('button', { name: ja('app.retry') }).click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(panel).toHaveCount(0);
});

test('Send whose code does not arrive says so, keeps the question, and sends once the network is back', async ({ page, chat }) => {
  const sendingCode = /\/assets\/actions-[^/]*\.js$/;
  await page.route(sendingCode, (route) => route.abort());
  await chat.open();
  await chat.composer.fill('届きますか');
  await chat.send.click();
  const notice = page.getByTestId('send-code-missing');
  await expect(notice).toContainText(ja('composer.codeMissing'));
  await expect(chat.composer).toHaveValue('届きますか');
  await expect(chat.answers).toHaveCount(0);

  await page.unroute(sendingCode);
  const answer = await chat.ask('届きますか');
  await chat.waitForAnswer(answer);
  await expect(notice).toHaveCount(0);
});

test('Regenerate whose code does not arrive says so in words, and nothing escapes as an uncaught error', async ({ page, chat }) => {
  await chat.open();
  const answer = await chat.waitForAnswer(await chat.ask('一度目'));
  const first = await answer.getAttribute('data-message-id');

  const sendingCode = /\/assets\/actions-[^/]*\.js$/;
  await page.route(sendingCode, (route) => route.abort());
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  await page.reload();
  await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
  await page.getByTestId('regenerate-button').click();
  await expect(page.getByTestId('send-code-missing')).toContainText(ja('composer.codeMissing'));
  await expect(chat.answers).toHaveCount(1);
  await expect(chat.answers).toHaveAttribute('data-message-id', first ?? '');
  expect(uncaught).toEqual([]);
});

// Compare loads behind Suspense, Batch through lazyScreen: each of the two ways of loading a screen gets its
// own panel, and leaves the rest of the app working (Settings and Review above prove the same two ways).
for (const route of ['compare', 'batch'] as const) {
  test(`#/${route} that throws shows its own panel; Chat and Review keep working, and #/${route} comes back`, async ({ page, chat }) => {
    const chunk = new RegExp(`/assets/${route}-screen-[^/]*\\.js$`);
    await page.route(chunk, (r) => r.abort());
    await chat.open();
    await page.getByTestId(`nav-${route}`).click();
    const panel = page.getByTestId('route-error');
    await expect(panel).toContainText(ja('app.routeFailed'));

    await page.getByTestId('nav-review').click();
    await expect(page.getByTestId('review')).toBeVisible();
    await page.getByTestId('nav-chat').click();
    await chat.composer.fill('まだ動きます');
    await expect(chat.composer).toHaveValue('まだ動きます');

    await page.unroute(chunk);
    await page.getByTestId(`nav-${route}`).click();
    await expect(page.getByTestId(route)).toBeVisible();
    await expect(panel).toHaveCount(0);
  });
}

test('a screen whose code is on its way says so, then shows', async ({ page, chat }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/batch-screen-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await chat.open();
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('screen-loading')).toHaveText(ja('app.screenLoading'));
  release();
  await expect(page.getByTestId('batch')).toBeVisible();
  await expect(page.getByTestId('screen-loading')).toHaveCount(0);
});
