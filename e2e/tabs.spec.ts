// Two tabs of the app in one browser profile (two pages of one context share IndexedDB, localStorage and
// Web Locks): a tab opened while another streams, settings changed in both, and a newer version of the
// app opening the databases from another tab.
import type { Page } from '@playwright/test';
import { makeRecord } from '../test-support/records';
import { ChatPage, expect, marker, test, type EndpointConfig } from './fixtures';
import { exportZipOf } from './support/records';

/** Streams for minutes unless stopped: whatever the machine's load, other tabs meet it streaming. */
const ENDLESS: EndpointConfig = { id: 'slow', label: 'Slow demo', url: '/demo/v1', model: 'demo-long:rate=15,tokens=3000' };

async function secondTab(first: ChatPage, endpoints: EndpointConfig[]): Promise<ChatPage> {
  const other = new ChatPage(await first.page.context().newPage());
  await other.configure({ endpoints, defaultEndpoint: endpoints[0]!.id });
  await other.open();
  return other;
}

/**
 * What a newer version of the app does on start: open the database at the next version. Resolves to
 * whether that open went through within `ms`, and the rows of `store` it then found.
 */
async function openAsNewerVersion(page: Page, name: string, store: string, ms: number) {
  return page.evaluate(
    async ({ name, store, ms }) => {
      const version = ((await indexedDB.databases()).find((d) => d.name === name)?.version ?? 0) + 1;
      return new Promise<{ opened: boolean; blocked: boolean; rows: unknown[] }>((resolve) => {
        let blocked = false;
        const open = indexedDB.open(name, version);
        const timer = setTimeout(() => resolve({ opened: false, blocked, rows: [] }), ms);
        open.onblocked = () => (blocked = true);
        open.onsuccess = () => {
          clearTimeout(timer);
          const db = open.result;
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => {
            db.close();
            resolve({ opened: true, blocked, rows: all.result as unknown[] });
          };
        };
      });
    },
    { name, store, ms },
  );
}

/** A same-origin page that is not the app: it stands in for a newer version's tab. */
async function newerVersionTab(first: ChatPage): Promise<Page> {
  const page = await first.page.context().newPage();
  await page.goto('/demo/health');
  return page;
}

test.describe('a tab opened while another streams', () => {
  test.beforeEach(async ({ chat }) => {
    await chat.configure({ endpoints: [ENDLESS], defaultEndpoint: ENDLESS.id });
  });

  test('sees the answer streaming, not interrupted; renames there keep the ended answer', async ({ chat }) => {
    const m = marker();
    await chat.open();
    const answer = await chat.ask(`two tabs ${m}`);
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();

    const other = await secondTab(chat, [ENDLESS]);
    const there = await other.onlyAnswer();
    await expect(there).toHaveAttribute('data-status', 'streaming');
    await expect(there.getByTestId('streaming-elsewhere')).toContainText('別のタブで回答を書き込み中');
    const rename = async (title: string) => {
      const item = other.page.getByTestId('conversation-item');
      await item.getByRole('button', { name: /名前を変更/ }).click();
      await other.page.getByTestId('rename-input').fill(title);
      await other.page.getByTestId('rename-input').press('Enter');
      await expect(item).toContainText(title);
    };
    // Renamed there while the first tab is still writing the answer, and again once it has ended.
    await rename(`renamed ${m}`);
    await expect(chat.page.getByTestId('conversation-item')).toContainText(`renamed ${m}`);
    await chat.stop.click();
    await chat.waitForAnswer(answer, 'aborted');
    const full = (await answer.getByTestId('answer-text').textContent()) ?? '';
    await other.waitForAnswer(there, 'aborted');
    await expect(there.getByTestId('answer-text')).toHaveText(full);
    await rename(`again ${m}`);

    // Both reloaded: the whole answer and the last name, from storage.
    for (const tab of [chat, other]) {
      await tab.page.reload();
      const stored = await tab.onlyAnswer();
      await expect(stored).toHaveAttribute('data-status', 'aborted');
      await expect(stored.getByTestId('answer-text')).toHaveText(full);
      await expect(tab.page.getByTestId('conversation-item')).toContainText(`again ${m}`);
    }
  });

  test('Stop there stops the answer where it streams', async ({ chat }) => {
    await chat.open();
    const answer = await chat.ask('stop it from the other tab');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    const other = await secondTab(chat, [ENDLESS]);
    await other.stop.click();
    await chat.waitForAnswer(answer, 'aborted');
    await other.waitForAnswer(await other.onlyAnswer(), 'aborted');
  });

  test('when the streaming tab goes away, the other marks the answer incomplete and keeps its text', async ({ chat }) => {
    await chat.open();
    const answer = await chat.ask('close me');
    await expect(answer.getByTestId('answer-text')).toContainText(/\S{3,}/);
    const other = await secondTab(chat, [ENDLESS]);
    const there = await other.onlyAnswer();
    await expect(there).toHaveAttribute('data-status', 'streaming');
    await chat.page.close();
    await other.waitForAnswer(there, 'incomplete');
    await expect(there.getByTestId('answer-text')).toContainText(/\S{3,}/);
    await expect(there).toContainText('未完了');
  });
});

test('settings changed in two tabs: an endpoint added in one survives a language change in the other', async ({ chat, page }) => {
  const m = marker();
  await chat.open();
  const other = await secondTab(chat, [{ id: 'demo', label: 'Demo endpoint (not a model)', url: '/demo/v1', model: 'demo' }]);
  const label = `Added ${m}`;

  await chat.openSettings();
  await page.getByTestId('add-endpoint').click();
  await page.getByTestId('endpoint-label').fill(label);
  await page.getByTestId('endpoint-url').fill('/demo/v1');
  await page.getByTestId('endpoint-model').fill('demo');
  await page.getByTestId('endpoint-save').click();
  await expect(page.getByTestId('endpoint-row').filter({ hasText: label })).toBeVisible();

  await other.page.getByTestId('lang-toggle').click();
  await expect(other.page.locator('html')).toHaveAttribute('lang', 'en');
  // Each tab sees the other's change without a reload.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await other.openSettings();
  await expect(other.page.getByTestId('endpoint-row').filter({ hasText: label })).toBeVisible();

  for (const tab of [chat, other]) {
    await tab.page.reload();
    await tab.openSettings();
    await expect(tab.page.getByTestId('endpoint-row').filter({ hasText: label })).toBeVisible();
    await expect(tab.page.locator('html')).toHaveAttribute('lang', 'en');
  }
});

test.describe('a newer version of the app opens the databases in another tab', () => {
  test('the chat database closes instead of blocking it, keeps everything, and this tab asks for a reload', async ({ chat, page }) => {
    const m = marker();
    await chat.open();
    await chat.askAndWait(`keep me ${m}`);
    const newer = await newerVersionTab(chat);
    const upgrade = await openAsNewerVersion(newer, 'tanuki-chat', 'conversations', 10_000);
    expect(upgrade.opened).toBe(true);
    expect(JSON.stringify(upgrade.rows)).toContain(`keep me ${m}`);

    const banner = page.getByTestId('storage-upgrade');
    await expect(banner).toContainText('このアプリの新しい版が別のタブで開かれました');
    await expect(banner).toContainText('再読み込み');
    await expect(page.getByTestId('composer-reload')).toBeVisible();
    await chat.composer.fill('one more?');
    await expect(chat.send).toBeDisabled();
    await page.getByTestId('lang-toggle').click();
    await expect(banner).toContainText('A newer version of this app was opened in another tab');
    await expect(page.getByTestId('storage-error')).toHaveCount(0);
  });

  test('the records database: this tab says to reload, and a later rating gets those words, not a raw failure', async ({ chat, page }) => {
    await chat.open();
    const answer = await chat.askAndWait('rate me later');
    const newer = await newerVersionTab(chat);
    const upgrade = await openAsNewerVersion(newer, 'tanuki-records', 'records', 10_000);
    expect(upgrade.opened).toBe(true);
    expect(upgrade.rows).toEqual([expect.objectContaining({ status: 'ok' })]);
    await expect(page.getByTestId('storage-upgrade')).toContainText('再読み込み');

    await answer.getByTestId('thumb-up').click();
    const gate = page.getByTestId('annotator-gate-input');
    if (await gate.isVisible()) {
      await gate.fill('Later');
      await gate.press('Enter');
    }
    await expect(page.getByTestId('storage-upgrade')).toBeVisible();
    await expect(page.getByTestId('storage-error')).toHaveCount(0);
  });

  test('an answer being written is ended and stored first; the newer tab waits for it', async ({ chat, page }) => {
    await chat.configure({ endpoints: [ENDLESS], defaultEndpoint: ENDLESS.id });
    await chat.open();
    const answer = await chat.ask('finish me first');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    const newer = await newerVersionTab(chat);
    const upgrading = openAsNewerVersion(newer, 'tanuki-chat', 'conversations', 25_000);
    // This tab has heard of the newer version and goes on writing its answer meanwhile.
    await expect(page.getByTestId('storage-upgrade')).toContainText('書き込み中の回答を終えて');
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    await chat.stop.click();
    await chat.waitForAnswer(answer, 'aborted');
    const upgrade = await upgrading;
    expect(upgrade).toMatchObject({ opened: true, blocked: true });
    const [conversation] = upgrade.rows as { messages: { role: string; status?: string; text: string }[] }[];
    expect(conversation?.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'aborted' });
    // The stored Markdown (a numbered list) against the text shown for it. A list marker is the marker
    // with a space or at the end (Stop can land right after "5.": an empty item shows no text).
    const squash = (text: string) => text.replace(/^\d+\.(?: |$)/gm, '').replace(/\s+/g, '');
    expect(squash(conversation?.messages.at(-1)?.text ?? '')).toBe(squash((await answer.getByTestId('answer-text').textContent()) ?? ''));
  });
});

test('a rating made in one tab shows in the other; a tag added there keeps the tag and note made in the first', async ({ chat, page }) => {
  const m = marker();
  await chat.open();
  await chat.askAndWait(`rate me in two tabs ${m}`);
  const recordId = await page.evaluate(async () => {
    const open = indexedDB.open('tanuki-records');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const all = db.transaction('records').objectStore('records').getAllKeys();
    return new Promise<string>((resolve) => (all.onsuccess = () => resolve(String(all.result[0]))));
  });
  const openRecord = async (tab: Page) => {
    await tab.goto(`/#/review/record/${recordId}`);
    await expect(tab.getByTestId('review-detail')).toHaveAttribute('data-record-id', recordId);
  };
  await openRecord(page);
  await page.getByTestId('annotator-gate-input').fill('Sato');
  await page.getByTestId('annotator-gate-input').press('Enter');
  const other = await page.context().newPage();
  await openRecord(other);
  await expect(other.getByTestId('rating-form')).toBeVisible();

  await page.getByTestId('rating-score-4').click();
  await page.getByTestId('rating-tag-hallucination').click();
  await page.getByTestId('rating-note').fill(`seen in the first tab ${m}`);
  await page.getByTestId('rating-note').blur();
  // The other tab shows it without a reload...
  await expect(other.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('rating-tag-hallucination')).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('rating-note')).toHaveValue(`seen in the first tab ${m}`);
  // ...and a tag added there is added to that rating, not to an empty one.
  await other.getByTestId('rating-tag-wrong-object').click();
  await expect(page.getByTestId('rating-tag-wrong-object')).toHaveAttribute('aria-pressed', 'true');
  for (const tab of [page, other]) {
    await tab.reload();
    await expect(tab.getByTestId('review-detail')).toHaveAttribute('data-record-id', recordId);
    await expect(tab.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.getByTestId('rating-tag-hallucination')).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.getByTestId('rating-tag-wrong-object')).toHaveAttribute('aria-pressed', 'true');
    await expect(tab.getByTestId('rating-note')).toHaveValue(`seen in the first tab ${m}`);
  }
});

test('an endpoint edited in two tabs at once keeps both changes: a field left alone in one form is not written back', async ({
  chat,
  page,
}) => {
  const alpha: EndpointConfig = { id: 'alpha', label: 'Alpha', url: '/demo/v1', model: 'demo' };
  await chat.configure({ endpoints: [alpha], defaultEndpoint: 'alpha' });
  await chat.open();
  const other = await secondTab(chat, [alpha]);
  const row = (tab: Page) => tab.getByTestId('endpoint-row').filter({ hasText: 'Alpha' });
  for (const tab of [page, other.page]) {
    await tab.goto('/#/settings');
    await row(tab).getByRole('button', { name: /編集/ }).click();
  }
  await page.getByTestId('endpoint-label').fill('Alpha renamed');
  await page.getByTestId('endpoint-save').click();
  // The other tab's form, opened before the rename, changes the model only.
  await other.page.getByTestId('endpoint-model').fill('demo-vllm');
  await other.page.getByTestId('endpoint-save').click();
  for (const tab of [page, other.page]) {
    await expect(tab.getByTestId('endpoint-row').filter({ hasText: 'Alpha renamed' })).toContainText('demo-vllm');
    await tab.reload();
    await expect(tab.getByTestId('endpoint-row').filter({ hasText: 'Alpha renamed' })).toContainText('demo-vllm');
  }
});

test('a thumb given under a chat answer in one tab shows in the other', async ({ chat, page }) => {
  await chat.open();
  const answer = await chat.askAndWait(`thumbs in two tabs ${marker()}`);
  await answer.getByTestId('thumb-up').click();
  await page.getByTestId('annotator-gate-input').fill('Sato');
  await page.getByTestId('annotator-gate-input').press('Enter');
  await expect(answer.getByTestId('thumb-up')).toHaveAttribute('aria-pressed', 'true');
  const other = await secondTab(chat, [{ id: 'demo', label: 'Demo endpoint (not a model)', url: '/demo/v1', model: 'demo' }]);
  const there = await other.onlyAnswer();
  await expect(there.getByTestId('thumb-up')).toHaveAttribute('aria-pressed', 'true');
  await answer.getByTestId('thumb-down').click();
  await expect(there.getByTestId('thumb-down')).toHaveAttribute('aria-pressed', 'true');
  await expect(there.getByTestId('thumb-up')).toHaveAttribute('aria-pressed', 'false');
});

test('Review open in one tab shows an answer recorded in the other, and empties when the other deletes all data', async ({
  chat,
  page,
}) => {
  const m = marker();
  await chat.open();
  await chat.askAndWait(`recorded first ${m}`);
  const other = await page.context().newPage();
  await other.goto('/#/review');
  const rows = other.getByTestId('review-row');
  await expect(rows).toHaveCount(1);

  await chat.askAndWait(`recorded while Review is open elsewhere ${m}`);
  // No reload there: the other tab hears of it.
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`recorded while Review is open elsewhere ${m}`);

  await page.goto('/#/settings');
  await page.getByTestId('clear-all').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'すべてのデータを削除…' }).click();
  await expect(rows).toHaveCount(0);
});

test('Review in a tab that is hidden meanwhile shows what the other tab recorded once it is shown again', async ({ chat, page }) => {
  const m = marker();
  await chat.open();
  await chat.askAndWait(`recorded first ${m}`);
  const other = await page.context().newPage();
  // Headless Chromium shows every page; this one's visibility is set by hand, with the event a browser sends.
  await other.addInitScript(() => {
    let hidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    (window as Window & { setHidden?: (h: boolean) => void }).setHidden = (h) => {
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
  await other.goto('/#/review');
  const rows = other.getByTestId('review-row');
  await expect(rows).toHaveCount(1);

  await other.evaluate(() => (window as Window & { setHidden?: (h: boolean) => void }).setHidden?.(true));
  await chat.askAndWait(`recorded while Review is hidden ${m}`);
  await other.evaluate(() => (window as Window & { setHidden?: (h: boolean) => void }).setHidden?.(false));
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`recorded while Review is hidden ${m}`);
});

test('a queue open in one tab keeps its place and its undo while the other records an answer, which joins at its end', async ({
  chat,
  page,
}) => {
  const m = marker();
  await chat.open();
  await chat.askAndWait(`queued first ${m}`);
  await chat.askAndWait(`queued second ${m}`);
  const other = await page.context().newPage();
  await other.goto('/#/review/queue');
  await other.getByTestId('annotator-gate-input').fill('Sato');
  await other.getByTestId('annotator-gate-input').press('Enter');
  const progress = other.getByTestId('queue-progress');
  const item = other.getByTestId('queue-item');
  await expect(progress).toHaveText('1 / 2');
  const rated = await item.getAttribute('data-record-id');
  await other.keyboard.press('4');
  await expect(other.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
  await other.keyboard.press('Enter');
  await expect(progress).toHaveText('2 / 2');
  const shown = await item.getAttribute('data-record-id');

  await chat.askAndWait(`recorded while the queue is open elsewhere ${m}`);
  await expect(progress).toHaveText('2 / 3');
  await expect(item).toHaveAttribute('data-record-id', shown!);
  // Undo still knows the rating made before the answer arrived.
  await other.keyboard.press('z');
  await expect(item).toHaveAttribute('data-record-id', rated!);
  await expect(other.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'false');
  await expect(progress).toHaveText('1 / 3');
});

test('Review scrolled down in one tab keeps the rows in view where they are when the other records an answer', async ({ chat, page }) => {
  const stored = Array.from({ length: 40 }, (_, i) =>
    makeRecord({ id: `scrolled-${i}`, createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }),
  );
  await page.goto('/#/review');
  await page.getByTestId('import-input').setInputFiles({ name: 'records.zip', mimeType: 'application/zip', buffer: exportZipOf(stored) });
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-outcome', 'ok');

  const other = await page.context().newPage();
  await other.goto('/#/review');
  const list = other.getByTestId('review-list');
  await expect(list).toHaveAttribute('data-count', '40');
  // The record of the row at the top of the list's view.
  const atTop = () =>
    list.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return document
        .elementFromPoint(box.left + box.width / 2, box.top + 4)
        ?.closest('[data-record-id]')
        ?.getAttribute('data-record-id');
    });
  const rowHeight = await other
    .getByTestId('review-row')
    .first()
    .evaluate((row) => row.getBoundingClientRect().height);
  await list.evaluate((el, y) => (el.scrollTop = y), rowHeight * 10);
  await expect.poll(atTop).toBe('scrolled-29');

  await chat.open();
  await chat.askAndWait(`recorded while the other tab reads older records ${marker()}`);
  await expect(list).toHaveAttribute('data-count', '41');
  await expect.poll(atTop).toBe('scrolled-29');
  // Back at the top, the new answer is there.
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(other.getByTestId('review-row').first()).toContainText('recorded while the other tab reads older records');
});
