// Endpoint faults, each met through the real UI against the demo endpoint's scenarios: the words a
// person reads (ja, once en), and the retry policy as the demo's request log sees it (at most 2 retries
// before the first token, Retry-After honoured up to 60 s, never a retry after the first token).
import { createServer } from 'node:net';
import { expect, marker, test, type ChatPage, type EndpointConfig } from './fixtures';

/** The fixture's type predates per-endpoint timeouts (src/config/schema.ts has them). */
type FaultEndpoint = EndpointConfig & { timeouts?: { firstByteMs?: number; idleMs?: number } };

const LABEL = 'Fault demo';

/** Serves one endpoint with this scenario (model name) as the default, and opens the app. */
async function openWith(chat: ChatPage, model: string, extra: Partial<FaultEndpoint> = {}) {
  const endpoint: FaultEndpoint = { id: 'fault', label: LABEL, url: '/demo/v1', model, ...extra };
  await chat.configure({ endpoints: [endpoint], defaultEndpoint: 'fault' });
  await chat.open();
}

/**
 * `fail=N` counts per exact model string for the life of the (reused) demo server, and unknown options
 * are refused, so a distinct `rate` makes the string this test's own. Fast, so streams end quickly.
 */
function own(model: string): string {
  return `${model},rate=500.${Math.floor(Math.random() * 1e9)}`;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.describe('refusals before the answer', () => {
  test('401: the token was refused, in Japanese and in English', async ({ chat, demo, page }) => {
    const m = marker();
    await openWith(chat, 'demo-401');
    const answer = await chat.askAndWait(`token? ${m}`, 'error');
    const error = answer.getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'auth');
    await expect(error).toContainText(`「${LABEL}」がトークンを拒否しました（401）`);
    await expect(error).toContainText('設定画面でトークンを確認してください');
    await page.getByTestId('lang-toggle').click();
    await expect(error).toContainText(`“${LABEL}” refused the token (401)`);
    await expect(error).toContainText('Check the token in Settings');
    const entries = await demo.entriesFor(m);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ authorization: 'none', status: 401 });
  });

  test('404: an unknown model name points at the URL and the model', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, `no-such-model-${m}`);
    const error = (await chat.askAndWait(`who? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'not-found');
    await expect(error).toContainText('エンドポイントまたはモデルが見つかりません（404）');
    await expect(error).toContainText('URL とモデル名を確認してください');
    expect(await demo.entriesFor(m)).toHaveLength(1);
  });

  test('413: too large, saying how much was sent', async ({ chat, demo, page }) => {
    const m = marker();
    await openWith(chat, 'demo-413:max_body=2000');
    await chat.attach('rocket.jpg');
    await chat.waitForAttachmentsReady(1);
    // "640×427 52 KB" (sent) — the size the error must repeat.
    const shown = (await page.getByTestId('attachment-size').textContent()) ?? '';
    const sent = /640×427 ([\d.]+ [KM]?B)/.exec(shown)?.[1];
    expect(sent, shown).toBeTruthy();
    const error = (await chat.askAndWait(`big? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'too-large');
    await expect(error).toContainText('大きすぎるとして拒否しました（413）');
    await expect(error).toContainText(`送信したのは ${sent} です`);
    await expect(error).toContainText('画像を小さくするか枚数を減らす');
    expect(await demo.entriesFor(m)).toEqual([expect.objectContaining({ status: 413 })]);
  });
});

test.describe('retries before the first token', () => {
  test('429 with Retry-After 1 s: a countdown, then the answer (2 requests)', async ({ chat, demo, page }) => {
    const m = marker();
    await openWith(chat, own('demo-429:retry_after=1,fail=1'));
    const answer = await chat.ask(`busy? ${m}`);
    await expect(answer.getByTestId('retry-countdown')).toContainText(/\d+ 秒後に再試行します（1 回目）/);
    await chat.waitForAnswer(answer, 'ok');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    await expect(page.getByTestId('retry-countdown')).toHaveCount(0);
    expect((await demo.entriesFor(m)).map((e) => e.status)).toEqual([429, 200]);
  });

  test('429 with Retry-After 120 s: no retry; says when to try again', async ({ chat, demo, page }) => {
    const m = marker();
    await openWith(chat, own('demo-429:retry_after=120'));
    const error = (await chat.askAndWait(`busy? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'rate-limited');
    await expect(error).toContainText('リクエストが多すぎます（429）');
    await expect(error).toContainText('120 秒後にもう一度お試しください');
    await expect(page.getByTestId('retry-countdown')).toHaveCount(0);
    expect(await demo.entriesFor(m)).toHaveLength(1);
  });

  // `retry_after=1` keeps the waits short: without a Retry-After the demo's body says estimated_time 20,
  // which the app honours (20 s per wait).
  test('503 loading twice: two retries with a countdown, then the answer (3 requests)', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, own('demo-503:retry_after=1,fail=2'));
    const answer = await chat.ask(`loading? ${m}`);
    await expect(answer.getByTestId('retry-countdown')).toContainText('（1 回目）');
    await expect(answer.getByTestId('retry-countdown')).toContainText('（2 回目）');
    await chat.waitForAnswer(answer, 'ok');
    expect((await demo.entriesFor(m)).map((e) => e.status)).toEqual([503, 503, 200]);
  });

  test('503 loading for good: gives up after 3 requests with loading words', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, own('demo-503:retry_after=1'));
    const error = (await chat.askAndWait(`loading? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'loading');
    await expect(error).toContainText('モデルを読み込み中です（503）');
    await expect(error).toContainText('2 回再試行しました');
    await expect(error).toContainText('もう一度お試しください');
    expect((await demo.entriesFor(m)).map((e) => e.status)).toEqual([503, 503, 503]);
  });

  test('network loss: nothing listens at the URL', async ({ chat }) => {
    await openWith(chat, 'demo', { url: `http://127.0.0.1:${await closedPort()}/v1` });
    const error = (await chat.askAndWait('anyone there?', 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(error).toContainText(`「${LABEL}」に接続できませんでした`);
    await expect(error).toContainText('オフライン');
  });

  test('timeout: no first byte within the endpoint’s 1 s, tried 3 times', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, 'demo-slow-first-byte:first_byte_ms=5000', { timeouts: { firstByteMs: 1000 } });
    const error = (await chat.askAndWait(`slow? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'timeout');
    await expect(error).toContainText(`「${LABEL}」が時間内に応答しませんでした`);
    await expect
      .poll(async () => (await demo.entriesFor(m)).map((e) => e.outcome))
      .toEqual(['client-closed', 'client-closed', 'client-closed']);
  });
});

test.describe('faults after the first token: the partial answer is kept and never retried', () => {
  test('an error event mid-stream', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, 'demo-error-mid-stream:after=5');
    const answer = await chat.askAndWait(`break? ${m}`, 'error');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    const error = answer.getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'server');
    await expect(error).toContainText(`回答の途中で「${LABEL}」がエラーを返しました`);
    await expect(error).toContainText('demo: simulated error mid-stream');
    await expect(error).toContainText('届いた部分は残しています');
    expect(await demo.entriesFor(m)).toEqual([expect.objectContaining({ status: 200, tokensSent: 5, outcome: 'error' })]);
  });

  test('the connection is cut mid-stream', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, 'demo-cut-mid-stream:after=5');
    const answer = await chat.askAndWait(`cut? ${m}`, 'error');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    const error = answer.getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'network');
    await expect(error).toContainText(`回答の途中で「${LABEL}」との接続が切れました`);
    await expect(error).not.toContainText('接続できませんでした');
    await expect(error).toContainText('届いた部分は残しています');
    expect(await demo.entriesFor(m)).toEqual([expect.objectContaining({ tokensSent: 5, outcome: 'cut' })]);
  });

  test('a malformed chunk mid-stream is a protocol error', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, 'demo-malformed-chunk:after=5');
    const answer = await chat.askAndWait(`garbled? ${m}`, 'error');
    await expect(answer.getByTestId('answer-text')).not.toBeEmpty();
    const error = answer.getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'protocol');
    await expect(error).toContainText(`「${LABEL}」の応答をアプリが理解できませんでした`);
    await expect(error).toContainText('届いた部分は残しています');
    expect(await demo.entriesFor(m)).toHaveLength(1);
  });
});

test.describe('stream shapes', () => {
  test('vLLM-shaped chunks give the same answer as TGI-shaped ones', async ({ chat }) => {
    await openWith(chat, 'demo-vllm');
    const answer = await chat.askAndWait('What do you see?');
    await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');
    await expect(answer.getByTestId('answer-text')).not.toContainText('undefined');
    await expect(answer.getByTestId('answer-error')).toHaveCount(0);
  });

  test('a stream that ends without finish reason or [DONE] keeps its text and says it may be cut short', async ({ chat }) => {
    await openWith(chat, 'demo-no-done');
    const answer = await chat.askAndWait('What do you see?');
    await expect(answer.getByTestId('answer-text')).toContainText('demo endpoint');
    await expect(answer.getByTestId('no-finish-reason')).toContainText('終了理由なし');
  });

  test('SSE under a JSON content type is a protocol error, not retried', async ({ chat, demo }) => {
    const m = marker();
    await openWith(chat, 'demo-wrong-content-type');
    const error = (await chat.askAndWait(`type? ${m}`, 'error')).getByTestId('answer-error');
    await expect(error).toHaveAttribute('data-code', 'protocol');
    await expect(error).toContainText(`「${LABEL}」の応答をアプリが理解できませんでした`);
    await expect(error).toContainText('application/json');
    await expect(error).toContainText('OpenAI 互換の API');
    expect(await demo.entriesFor(m)).toHaveLength(1);
  });
});
