// The ways an endpoint reaches the app: added in Settings (another origin, a token), chosen by
// `?endpoint=<id>`, served by a deployment's config.json (and what happens when that file is bad),
// and the non-streamed Hugging Face visual-question-answering protocol.
import { expect, marker, test, type EndpointConfig } from './fixtures';
import { dumpStorage } from './support/browser-storage';

const STANDALONE = `http://127.0.0.1:${process.env.E2E_DEMO_PORT ?? 8917}`;

test('a custom endpoint on another origin with a token: answers; the token stays in the session unless remembered', async ({
  chat,
  page,
  standalone,
}) => {
  test.setTimeout(60_000); // two answers, Settings twice and a reload
  const m = marker();
  const token = `tok-${m}-secret`;
  const model = `demo-401:token=${token}`;
  const label = `Standalone ${m}`;
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));

  await chat.open();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('add-endpoint').click();
  await page.getByTestId('endpoint-label').fill(label);
  await page.getByTestId('endpoint-url').fill(`${STANDALONE}/v1`);
  await page.getByTestId('endpoint-model').fill(model);
  await page.getByTestId('endpoint-token').fill(token);
  await page.getByTestId('endpoint-save').click();
  await expect(page.getByTestId('endpoint-row').filter({ hasText: label })).toBeVisible();

  await page.getByTestId('nav-chat').click();
  await chat.picker.selectOption({ label });
  const answer = await chat.askAndWait(`who am I? ${m}`);
  await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');
  expect(await standalone.entriesFor(m)).toEqual([expect.objectContaining({ authorization: 'bearer', status: 200, model })]);

  // The token reaches the server only in the Authorization header; the model name is the user's own text.
  expect(page.url()).not.toContain(token);
  expect(requested.filter((u) => u.includes(token))).toEqual([]);
  const session = await dumpStorage(page);
  expect(session.session).toContain(token);
  expect(session.local).not.toContain(token);
  expect(session.indexedDb.split(model).join('')).not.toContain(token);

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('remember-tokens').check();
  await expect
    .poll(async () => {
      const s = await dumpStorage(page);
      return { local: s.local.includes(token), session: s.session.includes(token) };
    })
    .toEqual({ local: true, session: false });

  await page.reload();
  await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByTestId('endpoint-row').filter({ hasText: label })).toBeVisible();
  await expect(page.getByTestId('remember-tokens')).toBeChecked();
  await page.getByTestId('nav-chat').click();
  await expect(chat.picker.locator('option:checked')).toHaveText(label);
  // The remembered token still opens the door after the reload.
  await chat.askAndWait(`again ${m}`);
  expect(await standalone.entriesFor(`again ${m}`)).toEqual([expect.objectContaining({ authorization: 'bearer', status: 200 })]);
  expect(await dumpStorage(page).then((s) => s.indexedDb.split(model).join(''))).not.toContain(token);
});

test('?endpoint=<id> selects that endpoint', async ({ chat, demo }) => {
  const m = marker();
  await chat.configure({
    endpoints: [
      { id: 'first', label: 'First (config)', url: '/demo/v1', model: 'demo' },
      { id: 'second', label: 'Second (config)', url: '/demo/v1', model: 'demo-vllm' },
    ],
    defaultEndpoint: 'first',
  });
  await chat.open('?endpoint=second');
  await expect(chat.picker).toHaveValue('second');
  const answer = await chat.askAndWait(`which? ${m}`);
  await expect(answer).toContainText('Second (config)');
  expect(await demo.entriesFor(m)).toEqual([expect.objectContaining({ model: 'demo-vllm' })]);
});

test('?endpoint=<id> on a page that reopens a conversation on another endpoint starts a new one there', async ({ chat, demo, page }) => {
  const m = marker();
  await chat.configure({
    endpoints: [
      { id: 'first', label: 'First (config)', url: '/demo/v1', model: 'demo' },
      { id: 'second', label: 'Second (config)', url: '/demo/v1', model: 'demo-vllm' },
    ],
    defaultEndpoint: 'first',
  });
  await chat.open();
  await chat.askAndWait(`on first ${m}`);

  await chat.open('?endpoint=second');
  await expect(chat.picker).toHaveValue('second');
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await expect(page.getByTestId('user-message')).toHaveCount(0);
  const answer = await chat.askAndWait(`on second ${m}`);
  await expect(answer).toContainText('Second (config)');
  expect(await demo.entriesFor(`on second ${m}`)).toEqual([expect.objectContaining({ model: 'demo-vllm' })]);
  // The link was followed once: a reload stays in the new conversation and does not start another.
  expect(new URL(page.url()).search).toBe('');
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await expect(chat.picker).toHaveValue('second');
  // The first conversation still talks to its own endpoint.
  await page.getByTestId('conversation-item').filter({ hasText: 'on first' }).getByRole('button').first().click();
  await expect(chat.picker).toHaveValue('first');
});

test('?endpoint= with an id no endpoint has says so, in both languages', async ({ chat, page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const hostile = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>', `long-${'x'.repeat(3000)}`];
  for (const id of hostile) {
    await chat.open(`?endpoint=${encodeURIComponent(id)}`);
    const notice = page.getByTestId('unknown-endpoint-link');
    await expect(notice).toContainText('このアプリにそのエンドポイントはありません');
    await expect(notice).toContainText(id.slice(0, 20));
    await expect(notice).toContainText('Demo endpoint (not a model)');
    await expect(chat.picker).toHaveValue('demo');
    await page.getByTestId('lang-toggle').click();
    await expect(notice).toContainText('which this app does not have');
    await page.getByTestId('lang-toggle').click();
    await notice.getByRole('button').click();
    await expect(notice).toHaveCount(0);
  }
  // The long id is cut short on screen.
  await chat.open(`?endpoint=${hostile[3]}`);
  expect(((await page.getByTestId('unknown-endpoint-link').textContent()) ?? '').length).toBeLessThan(400);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test.describe('a bad config.json', () => {
  test('invalid JSON: Settings says so, in both languages; chat works with the built-in demo', async ({ chat, page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{ "endpoints": [' }));
    await chat.open();
    await expect(chat.picker.locator('option:checked')).toHaveText('Demo endpoint (not a model)');
    const answer = await chat.askAndWait('What do you see?');
    await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');

    await page.getByTestId('nav-settings').click();
    const notice = page.getByRole('alert').filter({ hasText: 'config.json' });
    await expect(notice).toContainText('config.json を使えませんでした');
    await expect(notice).toContainText('JSON として正しくありません');
    await page.getByTestId('lang-toggle').click();
    await expect(notice).toContainText('config.json could not be used');
    await expect(notice).toContainText('not valid JSON');
    await expect(page.getByTestId('endpoint-row').filter({ hasText: 'Demo endpoint (not a model)' })).toBeVisible();
  });

  test('an unknown protocol: Settings names the field; chat works with the built-in demo', async ({ chat, page }) => {
    await chat.configure({
      endpoints: [
        {
          id: 'grpc-one',
          label: 'gRPC thing',
          url: 'https://example.invalid/v1',
          model: 'x',
          protocol: 'grpc' as EndpointConfig['protocol'],
        },
      ],
      defaultEndpoint: 'grpc-one',
    });
    await chat.open();
    await expect(chat.picker.locator('option', { hasText: 'gRPC thing' })).toHaveCount(0);
    await expect(chat.picker.locator('option:checked')).toHaveText('Demo endpoint (not a model)');
    await chat.askAndWait('What do you see?');

    await page.getByTestId('nav-settings').click();
    const notice = page.getByRole('alert').filter({ hasText: 'config.json' });
    await expect(notice).toContainText('config.json を使えませんでした');
    await expect(notice).toContainText('protocol');
  });
});

test('an hf-vqa endpoint answers the image question, not streamed', async ({ chat, demo }) => {
  const m = marker();
  await chat.configure({
    endpoints: [
      { id: 'vqa', label: 'VQA demo', protocol: 'hf-vqa', url: '/demo/vqa', model: '', maxImagesPerMessage: 1, imagesPerConversation: 1 },
    ],
    defaultEndpoint: 'vqa',
  });
  await chat.open();
  await chat.attach('chelsea.png');
  await chat.waitForAttachmentsReady(1);
  const answer = await chat.askAndWait(`この画像は何ですか？ ${m}`);
  await expect(answer.getByTestId('answer-text')).toContainText('デモ用エンドポイント');
  await expect(answer.getByTestId('answer-text')).toContainText('451');
  expect(await demo.entriesFor(m)).toEqual([
    expect.objectContaining({
      path: '/demo/vqa',
      stream: false,
      status: 200,
      images: [expect.objectContaining({ width: 451, height: 300 })],
    }),
  ]);
});

test('endpoint ids that every object inherits (constructor, __proto__, toString, hasOwnProperty) work like any other', async ({
  chat,
  page,
  demo,
}) => {
  const m = marker();
  const ids = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  await chat.configure({
    endpoints: ids.map((id) => ({ id, label: `Inherited ${id}`, url: '/demo/v1', model: 'demo' })),
    defaultEndpoint: 'toString',
  });
  await chat.open();
  for (const id of ids) {
    await chat.open(`?endpoint=${id}`);
    await expect(chat.picker.locator('option:checked')).toHaveText(`Inherited ${id}`);
    const answer = await chat.askAndWait(`${id} ${m}`);
    await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');
    expect(await demo.entriesFor(`${id} ${m}`)).toEqual([expect.objectContaining({ status: 200, authorization: 'none' })]);
  }
  await chat.openSettings();
  for (const id of ids) {
    const row = page.locator(`[data-testid="endpoint-row"][data-endpoint-id="${id}"]`);
    await row.getByTestId('endpoint-edit').click();
    await expect(page.getByTestId('endpoint-token')).toHaveValue('');
    await page.getByRole('button', { name: 'キャンセル' }).click();
  }
});

test('a URL with user:password@ is refused with words, in config.json and in Settings; the password is neither shown nor stored', async ({
  chat,
  page,
}) => {
  const password = `pw-${marker()}`;
  await chat.configure({
    endpoints: [{ id: 'cred', label: 'With a password', url: `https://me:${password}@example.invalid/v1`, model: 'm' }],
  });
  await chat.open();
  await expect(chat.picker.locator('option', { hasText: 'With a password' })).toHaveCount(0);
  await chat.openSettings();
  const notice = page.getByTestId('config-error');
  await expect(notice).toContainText('endpoints[0].url');
  await expect(notice).toContainText('ユーザー名とパスワード');

  await page.getByTestId('add-endpoint').click();
  await page.getByTestId('endpoint-label').fill('Typed with a password');
  await page.getByTestId('endpoint-url').fill(`https://me:${password}@example.invalid/v1`);
  await page.getByTestId('endpoint-model').fill('m');
  await page.getByTestId('endpoint-save').click();
  await expect(page.getByTestId('endpoint-problem')).toContainText('URL：URL にユーザー名とパスワード');
  await expect(page.getByTestId('endpoint-url')).toHaveValue('https://example.invalid/v1');
  // Focus goes to the field to fix, which says it is invalid and what the words are.
  await expect(page.getByTestId('endpoint-url')).toBeFocused();
  await expect(page.getByTestId('endpoint-url')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('endpoint-url')).toHaveAccessibleDescription(/URL にユーザー名とパスワード/);
  await expect(page.getByTestId('endpoint-model')).not.toHaveAttribute('aria-invalid');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('endpoint-problem')).toContainText('the URL contains a user name and password');
  await expect(page.getByTestId('endpoint-row').filter({ hasText: 'Typed with a password' })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(password);
  const stored = await dumpStorage(page);
  expect(JSON.stringify(stored)).not.toContain(password);
});
