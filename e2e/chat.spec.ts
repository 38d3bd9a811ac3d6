import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, imagePath, marker, test } from './fixtures';

/** A real drop: a DataTransfer built in the page, dispatched on the composer (drag in, over, drop). */
async function drop(page: Page, name: string) {
  const bytes = readFileSync(imagePath(name)).toString('base64');
  await page.evaluate(
    ({ b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type: 'image/png' }));
      const target = document.querySelector('.composer')!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { b64: bytes, name },
  );
}

/** Starts noting each length of the newest answer's text as it changes; the returned function reads them. */
async function watchAnswerText(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { answerLengths: number[] }).answerLengths = seen;
    new MutationObserver(() => {
      const texts = document.querySelectorAll('[data-testid="answer-text"]');
      const length = texts[texts.length - 1]?.textContent?.length ?? 0;
      if (length > 0 && length !== seen[seen.length - 1]) seen.push(length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { answerLengths: number[] }).answerLengths);
}

test.describe('chat with images on the demo endpoint', () => {
  test('a dropped photo and a Japanese question get a streamed Japanese answer', async ({ chat, demo, page }) => {
    const m = marker();
    await chat.open();
    await drop(page, 'chelsea.png');
    await chat.waitForAttachmentsReady(1);
    await expect(page.getByTestId('attachment-size')).toContainText('451×300');
    const shown = await watchAnswerText(page);
    const answer = await chat.ask(`この画像には何が写っていますか？ ${m}`);
    await chat.waitForAnswer(answer, 'ok');
    // Streamed: the text was on screen in several lengths before the whole of it.
    expect(new Set(await shown()).size).toBeGreaterThan(2);
    await expect(answer.getByTestId('answer-text')).toContainText('デモ用エンドポイント');
    await expect(answer.getByTestId('answer-text')).toContainText('451');
    const [entry] = await demo.entriesFor(m);
    expect(entry?.images).toEqual([expect.objectContaining({ width: 451, height: 300, format: 'jpeg' })]);
    expect(entry?.stream).toBe(true);
  });

  test('a photo dropped and one chosen as the very first actions are taken while the drop zone code is on its way', async ({
    chat,
    page,
  }) => {
    // react-dropzone loads on the first move in the composer: hold it back, so these files arrive before it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = () => {};
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route(/\/assets\/dropzone-binding-[^/]*\.js$/, async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await chat.open();
    await drop(page, 'chelsea.png');
    await chat.attach('rocket.jpg');
    await wasAsked;
    await chat.waitForAttachmentsReady(2);
    await expect(page.getByTestId('attachment-size')).toContainText(['451×300', '640×427']);
    const arrived = page.waitForResponse(/\/assets\/dropzone-binding-[^/]*\.js$/);
    release();
    await arrived;
    await drop(page, 'coffee.png');
    await chat.waitForAttachmentsReady(3);
    await expect(page.getByTestId('attachment-size').nth(2)).toContainText('600');
  });

  test('the file picker shows what will be sent; English questions get English answers', async ({ chat, page }) => {
    await chat.open();
    await chat.attach('rocket.jpg');
    await chat.waitForAttachmentsReady(1);
    await expect(page.getByTestId('attachment-size')).toContainText('640×427');
    await page.getByTestId('attachment-remove').click();
    await expect(page.getByTestId('attachment')).toHaveCount(0);
    await chat.attach('coffee.png');
    await chat.waitForAttachmentsReady(1);
    const answer = await chat.askAndWait('What is in this picture?');
    await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');
    await expect(answer.getByTestId('answer-text')).toContainText('600');
    await expect(page.getByTestId('user-message').locator('img')).toHaveCount(1);
  });

  test('a pasted image is attached', async ({ chat, page }) => {
    await chat.open();
    const bytes = readFileSync(imagePath('text.png')).toString('base64');
    await chat.composer.focus();
    await page.evaluate((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'image.png', { type: 'image/png' }));
      document
        .querySelector('[data-testid="composer-input"]')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await chat.waitForAttachmentsReady(1);
    await expect(page.getByTestId('attachment-size')).toContainText('448×172');
  });

  test('Enter sends, Shift+Enter breaks the line, Enter during IME composition does not send', async ({ chat, page }) => {
    await chat.open();
    await chat.composer.fill('一行目');
    await chat.composer.press('Shift+Enter');
    await chat.composer.pressSequentially('二行目');
    await expect(chat.composer).toHaveValue('一行目\n二行目');
    await chat.composer.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', isComposing: true, keyCode: 229 });
    await expect(chat.composer).toHaveValue('一行目\n二行目');
    await expect(page.getByTestId('user-message')).toHaveCount(0);
    await chat.composer.press('Enter');
    await expect(page.getByTestId('user-message')).toHaveCount(1);
    await expect(page.getByTestId('user-message')).toContainText('二行目');
    await chat.waitForAnswer(await chat.onlyAnswer(), 'ok');
  });

  test('a question being written survives a reload', async ({ chat, page }) => {
    await chat.open();
    await chat.composer.fill('書きかけの質問');
    await page.reload();
    await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
    await expect(chat.composer).toHaveValue('書きかけの質問');
  });

  test('a second question sends the history', async ({ chat, demo }) => {
    const m = marker();
    await chat.open();
    await chat.attach('chelsea.png');
    await chat.waitForAttachmentsReady(1);
    await chat.askAndWait(`first ${m}`);
    await chat.askAndWait(`second ${m}`);
    await expect(chat.answers).toHaveCount(2);
    const entries = await demo.entriesFor(`second ${m}`);
    // user (image + text), assistant, user
    expect(entries[0]?.messageCount).toBe(3);
    expect(entries[0]?.images).toHaveLength(1);
  });

  test('regenerate replaces the answer with a new request; edit resends the question', async ({ chat, demo, page }) => {
    const m = marker();
    await chat.open();
    await chat.askAndWait(`hello ${m}`);
    await chat.waitForAnswer(await chat.regenerate(), 'ok');
    await expect(chat.answers).toHaveCount(1);
    expect(await demo.entriesFor(m)).toHaveLength(2);
    const edited = await chat.waitForAnswer(await chat.editLastQuestion(`edited ${m}`), 'ok');
    await expect(page.getByTestId('user-message')).toContainText(`edited ${m}`);
    await expect(edited).toContainText(`edited ${m}`);
    await expect(chat.answers).toHaveCount(1);
  });
});

test('parameters and the system prompt set in the panel travel with the request', async ({ chat, demo, page }) => {
  const m = marker();
  await chat.open();
  await page.getByTestId('params-panel').locator('summary').click();
  await page.getByTestId('param-maxTokens').fill('64');
  await page.getByTestId('param-repetitionPenalty').fill('1.15');
  await page.getByTestId('param-noRepeatNgramSize').fill('3');
  await page.getByTestId('param-seed').fill('42');
  await page.getByTestId('param-system-prompt').fill('あなたは親切なアシスタントです。');
  await chat.askAndWait(`params ${m}`);
  const [entry] = await demo.entriesFor(m);
  expect(entry?.params).toMatchObject({
    max_tokens: 64,
    temperature: 0,
    top_p: 1,
    repetition_penalty: 1.15,
    no_repeat_ngram_size: 3,
    seed: 42,
  });
  // system + user
  expect(entry?.messageCount).toBe(2);
  await page.reload();
  await page.getByTestId('params-panel').locator('summary').click();
  await expect(page.getByTestId('param-seed')).toHaveValue('42');
});

test.describe('streaming control', () => {
  test.beforeEach(async ({ chat }) => {
    await chat.configure({
      endpoints: [{ id: 'slow', label: 'Slow demo', url: '/demo/v1', model: 'demo-long:rate=15,tokens=600' }],
      defaultEndpoint: 'slow',
    });
  });

  test('Stop closes the connection and keeps what arrived', async ({ chat, demo }) => {
    const m = marker();
    await chat.open();
    const answer = await chat.ask(`stop me ${m}`);
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    await chat.stop.click();
    await chat.waitForAnswer(answer, 'aborted');
    await expect(answer).toContainText(/停止しました|Stopped/);
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    await expect.poll(async () => (await demo.entriesFor(m))[0]?.outcome).toBe('client-closed');
    await expect(chat.send).toBeVisible();
  });

  test('by keyboard, an answer that ends by itself while Stop has the focus hands it to the question box', async ({ chat, page }) => {
    await chat.configure({
      endpoints: [{ id: 'short', label: 'Short demo', url: '/demo/v1', model: 'demo-long:rate=10,tokens=40' }],
      defaultEndpoint: 'short',
    });
    await chat.open();
    const answer = await chat.ask(`ends by itself ${marker()}`);
    await page.keyboard.press('Tab');
    await expect(chat.stop).toBeFocused();
    await chat.waitForAnswer(answer, 'ok');
    await expect(chat.composer).toBeFocused();
  });

  test('by keyboard, the focus never falls off the page: Stop, Regenerate, an edit sent or cancelled, a new conversation', async ({
    chat,
    page,
  }) => {
    const m = marker();
    await chat.open();
    const press = async (button: ReturnType<Page['getByTestId']>) => {
      await button.focus();
      await page.keyboard.press('Enter');
    };
    const answer = await chat.ask(`keyboard ${m}`);
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    await press(chat.stop);
    await chat.waitForAnswer(answer, 'aborted');
    await expect(chat.composer).toBeFocused();

    await press(page.getByTestId('regenerate-button'));
    await expect(chat.composer).toBeFocused();
    await chat.stop.click();
    await expect(chat.send).toBeVisible();

    await press(page.getByTestId('edit-button'));
    await expect(page.getByTestId('edit-input')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Cancel
    await expect(page.getByTestId('edit-button')).toBeFocused();
    await press(page.getByTestId('edit-button'));
    await page.getByTestId('edit-input').fill(`edited ${m}`);
    await press(page.getByTestId('edit-send'));
    await expect(chat.composer).toBeFocused();
    await expect(page.getByTestId('user-message')).toContainText(`edited ${m}`);
    await chat.stop.click();

    await press(page.getByTestId('new-conversation'));
    await expect(page.getByTestId('conversation-item')).toHaveCount(2);
    await expect(chat.composer).toBeFocused();
  });

  // Send does not wait for storage: the request leaves first, and the image, the conversation and the record
  // are written beside it. A reload as soon as the answer starts must still find all three.
  test('a reload just after Send keeps the question with its image, and the answer with its record', async ({ chat, page }) => {
    const m = marker();
    await chat.open();
    await chat.attach('rocket.jpg');
    await chat.waitForAttachmentsReady(1);
    const answer = await chat.ask(`reload at once ${m}`);
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    await page.reload();
    await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
    const question = page.getByTestId('user-message');
    await expect(question).toContainText(m);
    await expect
      .poll(() => question.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await chat.waitForAnswer(await chat.onlyAnswer(), 'incomplete');
    await page.getByTestId('nav-review').click();
    await expect(page.getByTestId('review-row')).toHaveCount(1);
    await expect(page.getByTestId('review-row')).toContainText(m);
  });

  test('a reload mid-stream keeps the text shown and marks the answer incomplete', async ({ chat, page }) => {
    const m = marker();
    await chat.open();
    const text = (await chat.ask(`reload me ${m}`)).getByTestId('answer-text');
    await expect(text).toContainText(/\S{3,}/);
    await page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent ?? '').length > 40);
    const shown = (await text.textContent()) ?? '';
    await page.reload();
    await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
    const answer = await chat.waitForAnswer(await chat.onlyAnswer(), 'incomplete');
    await expect(answer).toContainText(/未完了|Incomplete/);
    const kept = (await answer.getByTestId('answer-text').textContent()) ?? '';
    expect(kept.length).toBeGreaterThanOrEqual(shown.length);
    expect(kept.startsWith(shown.slice(0, 40))).toBe(true);
  });
});

// The view follows a streaming answer's growing end (chat/message-list.tsx) until the person scrolls up; while the
// end is out of view its growth is drawn less often (runs/live-text.ts): scrolling back to the end must show the
// answer growing there again, followed, and the whole of it at the end.
test('a growing answer is followed to its end until the person scrolls up, and again once they scroll back down', async ({
  chat,
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 640 });
  await chat.configure({
    endpoints: [
      {
        id: 'long',
        label: 'Long demo',
        url: '/demo/v1',
        model: 'demo-long:rate=150,tokens=1500',
        // A custom endpoint's default (512 tokens) would end the answer before the person scrolls back down.
        params: { maxTokens: { default: 1500, min: 1, max: 4096, step: 1 } },
      },
    ],
    defaultEndpoint: 'long',
  });
  await chat.open();
  const answer = await chat.ask(`a long one ${marker()}`);
  const text = answer.getByTestId('answer-text');
  const box = page.locator('.chat-scroll');
  // Followed: the box scrolls as the answer outgrows it, and its newest block is on screen.
  await expect.poll(() => box.evaluate((b) => b.scrollTop)).toBeGreaterThan(200);
  await expect(text.locator('> *').last()).toBeInViewport();
  await expect(answer).toHaveAttribute('data-status', 'streaming');

  const middle = (await box.boundingBox())!;
  await page.mouse.move(middle.x + middle.width / 2, middle.y + middle.height / 2);
  await page.mouse.wheel(0, -150);
  const left = ((await text.textContent()) ?? '').length;
  await expect.poll(async () => ((await text.textContent()) ?? '').length).toBeGreaterThan(left + 100);
  await expect(text.locator('> *').last()).not.toBeInViewport();

  await box.evaluate((b) => b.scrollTo({ top: b.scrollHeight }));
  const atScroll = ((await text.textContent()) ?? '').length;
  await expect.poll(async () => ((await text.textContent()) ?? '').length).toBeGreaterThan(atScroll);
  await expect(text.locator('> *').last()).toBeInViewport();
  await chat.waitForAnswer(answer, 'ok');
  await expect(text.locator('> *').last()).toBeInViewport();
});
