// Model output is untrusted: the answer here echoes a hostile question back, as a model might.
import { expect, test } from './fixtures';

test('answers render Markdown without raw HTML, javascript: links or remote images; the page has a CSP', async ({ chat, page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const remote: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) remote.push(r.url());
  });
  await chat.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");

  const answer = await chat.askAndWait(
    'Look: **bold** [click](javascript:alert(1)) <img src=x onerror="alert(2)"> <iframe src="https://example.com"></iframe> ![remote](https://example.com/tracker.png)',
  );
  const text = answer.getByTestId('answer-text');
  await expect(text.locator('strong', { hasText: 'bold' })).toBeVisible();
  // The unsafe link keeps its words but is no link at all.
  await expect(text).toContainText('click');
  await expect(text.locator('a')).toHaveCount(0);
  await expect(text.locator('img, iframe, script')).toHaveCount(0);
  await expect(text.locator('.md-blocked-image')).toContainText('remote');
  expect(dialogs).toEqual([]);
  expect(remote).toEqual([]);
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the chat fits the screen and works; the conversation list opens as a drawer', async ({ chat, page }) => {
    await chat.open();
    await chat.attach('chelsea.png');
    await chat.waitForAttachmentsReady(1);
    await chat.askAndWait('何が写っていますか？');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('new-conversation')).toBeHidden();
    await page.getByTestId('conversations-toggle').click();
    await expect(page.getByTestId('conversation-item')).toHaveCount(1);
    await page.getByTestId('conversation-item').getByRole('button').first().click();
    await expect(page.getByTestId('new-conversation')).toBeHidden();
  });
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('the interface is in English', async ({ chat, page }) => {
    await chat.open();
    await expect(chat.send).toHaveText('Send');
    await expect(page.getByTestId('nav-settings')).toHaveText('Settings');
  });
});

test('conversations can be renamed, switched and deleted (with confirmation)', async ({ chat, page }) => {
  await chat.open();
  await chat.askAndWait('最初の会話');
  await page.getByTestId('new-conversation').click();
  await chat.askAndWait('二つ目の会話');
  const items = page.getByTestId('conversation-item');
  await expect(items).toHaveCount(2);
  await items
    .filter({ hasText: '最初の会話' })
    .getByRole('button', { name: /名前を変更/ })
    .click();
  await page.getByTestId('rename-input').fill('猫の写真');
  await page.getByTestId('rename-input').press('Enter');
  await expect(items.filter({ hasText: '猫の写真' })).toHaveCount(1);
  await items.filter({ hasText: '猫の写真' }).getByRole('button', { name: '猫の写真', exact: true }).click();
  await expect(page.getByTestId('user-message')).toContainText('最初の会話');
  await items.filter({ hasText: '猫の写真' }).getByRole('button', { name: /削除/ }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: '削除' }).click();
  await expect(items).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('conversation-item')).toContainText('二つ目の会話');
});
