import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InferenceClient } from '@huggingface/inference';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoEndpoint } from './handler.ts';
import { SCENARIO_NAMES } from './scenarios.ts';
import { chatBody, post, readSse, startDemo, waitFor, type RunningDemo } from './test-server.ts';
import { dataUrl, jpegImage, png, RED, withExifOrientation } from '../test-support/images.ts';

interface Chunk {
  object?: string;
  system_fingerprint?: string;
  choices: { index: number; delta: { role?: string; content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
interface Completion {
  object: string;
  choices: { message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
interface ErrorBody {
  error: { message: string; type: string };
}

const redPng = dataUrl(png(64, 48, () => RED));
let demo: RunningDemo;
let chatUrl: string;

beforeAll(async () => {
  demo = await startDemo({ maxBodyBytes: 200_000 });
  chatUrl = `${demo.url}/v1/chat/completions`;
});
afterAll(() => demo.close());
beforeEach(async () => {
  await post(`${demo.url}/__control/reset`, {});
});

const chat = (model: string, extra: Record<string, unknown> = {}, question = 'What is this?', init: RequestInit = {}) =>
  post(chatUrl, chatBody(model, question, redPng, extra), init);

async function streamed(model: string, extra: Record<string, unknown> = {}, question = 'What is this?') {
  const response = await chat(model, { stream: true, ...extra }, question);
  const read = await readSse(response);
  const json = read.data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Chunk);
  return { response, ...read, chunks: json, text: json.map((c) => c.choices?.[0]?.delta.content ?? '').join('') };
}

describe('routes', () => {
  it('answers health, with CORS headers', async () => {
    const response = await fetch(`${demo.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('retry-after');
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(chatUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization, content-type');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('lists demo and every scenario as models', async () => {
    const body = (await (await fetch(`${demo.url}/v1/models`)).json()) as {
      object: string;
      data: { id: string; object: string; owned_by: string }[];
    };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toEqual(SCENARIO_NAMES);
    expect(body.data[0]).toMatchObject({ id: 'demo', object: 'model', owned_by: 'tanuki-vision-studio-demo' });
  });

  it('answers 404 JSON for unknown routes and 405 for the wrong method', async () => {
    const missing = await fetch(`${demo.url}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.type).toBe('invalid_request_error');
    expect((await fetch(chatUrl)).status).toBe(405);
  });

  it('serves under a base path and hands other paths to next()', async () => {
    const endpoint = createDemoEndpoint({ basePath: '/demo' });
    const server = createServer((req, res) =>
      endpoint.handle(req, res, () => {
        res.writeHead(299);
        res.end('next');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${origin}/demo/health`)).status).toBe(200);
      expect((await fetch(`${origin}/demo/v1/models`)).status).toBe(200);
      expect((await fetch(`${origin}/demo/elsewhere`)).status).toBe(404);
      expect((await fetch(`${origin}/index.html`)).status).toBe(299);
      expect((await fetch(`${origin}/demonstration`)).status).toBe(299);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const standalone = await startDemo({ basePath: '/demo' });
    try {
      expect((await fetch(standalone.url.replace('/demo', '/elsewhere'))).status).toBe(404);
    } finally {
      await standalone.close();
    }
  });
});

describe('chat completions', () => {
  it('answers at once with a chat.completion and usage', async () => {
    const response = await chat('demo');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Completion;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]?.message.role).toBe('assistant');
    expect(body.choices[0]?.message.content).toContain('not a vision model');
    expect(body.choices[0]?.message.content).toContain('64 × 48 px, PNG');
    expect(body.choices[0]?.message.content).toContain('red 100%');
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('streams the same text token by token, ending with [DONE]', async () => {
    const whole = ((await (await chat('demo:rate=0')).json()) as Completion).choices[0]?.message.content;
    const { response, data, chunks, text } = await streamed('demo:rate=0');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(text).toBe(whole);
    expect(data.at(-1)).toBe('[DONE]');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.choices[0]?.delta.role === 'assistant')).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it('adds a usage chunk when asked', async () => {
    const { chunks } = await streamed('demo:rate=0', { stream_options: { include_usage: true } });
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(chunks.length - 1);
  });

  it('paces tokens at the requested rate', async () => {
    const started = Date.now();
    const { chunks } = await streamed('demo-long:rate=100,tokens=30');
    expect(chunks).toHaveLength(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('truncates at max_tokens with finish reason length', async () => {
    const body = (await (await chat('demo', { max_tokens: 7 })).json()) as Completion;
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(7);
    const { chunks } = await streamed('demo:rate=0', { max_tokens: 7 });
    expect(chunks).toHaveLength(7);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });

  it('answers in Japanese to a Japanese question', async () => {
    const { text } = await streamed('demo:rate=0', {}, 'この画像を説明してください。');
    expect(text).toMatch(/^これは Tanuki Vision Studio のデモ用エンドポイントで、視覚モデルではありません。/);
    expect(text).toContain('サイズ 64×48');
    expect(text).toContain('主な色：赤 100%');
  });

  it('gives the same text for the same request', async () => {
    const a = ((await (await chat('demo')).json()) as Completion).choices[0]?.message.content;
    const b = ((await (await chat('demo')).json()) as Completion).choices[0]?.message.content;
    expect(a).toBe(b);
  });

  it('refuses bad bodies with 400 invalid_request_error', async () => {
    const notJson = await post(chatUrl, '{nope');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.type).toBe('invalid_request_error');
    const noMessages = await post(chatUrl, { model: 'demo' });
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as ErrorBody).error.message).toContain('messages');
    const badRole = await post(chatUrl, { model: 'demo', messages: [{ role: 'wizard', content: 'hi' }] });
    expect(badRole.status).toBe(400);
  });

  it('never fetches a remote image', async () => {
    const response = await post(chatUrl, chatBody('demo', 'what?', 'https://example.com/cat.png'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.message).toContain('Remote image URLs are not fetched');
  });

  it('answers 404 for an unknown model', async () => {
    const response = await chat('gpt-4o');
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.message).toBe('The model `gpt-4o` does not exist.');
  });

  it('answers 413 past the body limit, saying how much arrived', async () => {
    const body = JSON.stringify(chatBody('demo', 'x'.repeat(250_000), null));
    const response = await post(chatUrl, body);
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.message).toContain(`received ${Buffer.byteLength(body)} bytes`);
  });

  it('answers without an image, saying so', async () => {
    const body = (await (await post(chatUrl, chatBody('demo', 'hello', null))).json()) as Completion;
    expect(body.choices[0]?.message.content).toContain('Your last message has no image');
  });
});

describe('scenarios', () => {
  it('demo-vllm sends vLLM-shaped chunks', async () => {
    const { chunks, data } = await streamed('demo-vllm:rate=0');
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks[1]?.choices[0]?.delta.role).toBeUndefined();
    expect(chunks.every((c) => c.system_fingerprint === undefined)).toBe(true);
    const final = chunks.at(-2);
    expect(final?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(chunks.length - 3);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('demo-slow-first-byte delays even the headers', async () => {
    const started = Date.now();
    const response = await chat('demo-slow-first-byte:first_byte_ms=300', { stream: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    await readSse(response);
  });

  it('demo-latency answers no sooner than ms after the request arrived, the whole answer at once', async () => {
    const { text, chunks } = await streamed('demo-latency:ms=150');
    const normal = await streamed('demo:rate=0');
    expect(text).toBe(normal.text);
    expect(chunks.length).toBe(normal.chunks.length);
    const entry = (await demo.log()).at(-2);
    expect(entry).toMatchObject({ scenario: 'demo-latency', outcome: 'completed' });
    // Counted from the arrival (its log time, in whole milliseconds): a lower bound only, which no load can break.
    expect((entry?.firstTokenAtMs ?? NaN) - Date.parse(entry?.at ?? '')).toBeGreaterThanOrEqual(149);
  });

  it('demo-429 answers 429 with Retry-After', async () => {
    const response = await chat('demo-429');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as ErrorBody).error.type).toBe('rate_limit_error');
    expect((await chat('demo-429:retry_after=7')).headers.get('retry-after')).toBe('7');
  });

  it('fail=N fails the first N requests, then answers, until reset', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat('demo-429:fail=2')).status);
    expect(statuses).toEqual([429, 429, 200]);
    await post(`${demo.url}/__control/reset`, {});
    expect((await chat('demo-429:fail=2')).status).toBe(429);
  });

  it('demo-503 says the model is loading', async () => {
    const response = await chat('demo-503:fail=1');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'Model tanuki is currently loading', estimated_time: 20 });
    expect(response.headers.get('retry-after')).toBeNull();
    expect((await chat('demo-503:fail=1')).status).toBe(200);
    expect((await chat('demo-503:retry_after=3')).headers.get('retry-after')).toBe('3');
  });

  it('demo-500 answers a server error', async () => {
    const response = await chat('demo-500');
    expect(response.status).toBe(500);
    expect(((await response.json()) as ErrorBody).error.type).toBe('server_error');
  });

  it('demo-401 wants the bearer token', async () => {
    expect((await chat('demo-401')).status).toBe(401);
    expect((await chat('demo-401', {}, 'hi', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await chat('demo-401', {}, 'hi', { headers: { authorization: 'Bearer demo-token' } })).status).toBe(200);
    expect((await chat('demo-401:token=s3cret', {}, 'hi', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('demo-413 limits the body to max_body', async () => {
    const response = await chat('demo-413:max_body=200');
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/received \d+ bytes; the limit is 200 bytes/);
    expect((await post(chatUrl, chatBody('demo-413', 'hi', null))).status).toBe(200);
  });

  it('demo-error-mid-stream sends an error event after some tokens', async () => {
    const { data, error } = await streamed('demo-error-mid-stream:after=3,rate=0');
    expect(error).toBeNull();
    expect(data).toHaveLength(4);
    expect(JSON.parse(data[3] ?? '')).toEqual({ error: { message: 'demo: simulated error mid-stream', type: 'server_error' } });
    const entry = (await demo.log()).at(-1);
    expect(entry).toMatchObject({ outcome: 'error', status: 200, tokensSent: 3 });
  });

  it('demo-cut-mid-stream drops the connection without [DONE]', async () => {
    const response = await chat('demo-cut-mid-stream:after=4,rate=0', { stream: true });
    const { data, error } = await readSse(response);
    expect(error).not.toBeNull();
    expect(data).toHaveLength(4);
    expect(data).not.toContain('[DONE]');
    expect((await demo.log()).at(-1)).toMatchObject({ outcome: 'cut', tokensSent: 4 });
  });

  it('demo-malformed-chunk sends a data line that is not JSON', async () => {
    const { data } = await readSse(await chat('demo-malformed-chunk:rate=0', { stream: true }));
    expect(data).toHaveLength(6);
    expect(() => JSON.parse(data[5] ?? '')).toThrow(SyntaxError);
  });

  it('demo-long sends the requested number of tokens', async () => {
    const body = (await (await chat('demo-long:tokens=500', { max_tokens: null })).json()) as Completion;
    expect(body.usage.completion_tokens).toBe(500);
    const { chunks } = await streamed('demo-long:rate=0,tokens=300', { max_tokens: 1000 });
    expect(chunks).toHaveLength(300);
  });

  it('demo-no-done ends without finish_reason and without [DONE]', async () => {
    const { data, chunks, error } = await streamed('demo-no-done:rate=0');
    expect(error).toBeNull();
    expect(data).not.toContain('[DONE]');
    expect(chunks.every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it('demo-wrong-content-type streams under application/json', async () => {
    const { response, data } = await streamed('demo-wrong-content-type:rate=0');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(data.at(-1)).toBe('[DONE]');
  });
});

describe('request log', () => {
  it('records who asked what, without the token', async () => {
    const photo = dataUrl(
      withExifOrientation(
        jpegImage(40, 30, () => RED),
        6,
      ),
      'image/jpeg',
    );
    await post(chatUrl, chatBody('demo', '猫はいますか', photo), { headers: { authorization: 'Bearer hf_secret' } });
    const entries = await demo.log();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      id: expect.any(Number),
      path: '/v1/chat/completions',
      model: 'demo',
      scenario: 'demo',
      stream: false,
      authorization: 'bearer',
      messageCount: 2,
      lastUserText: '猫はいますか',
      images: [{ width: 40, height: 30, format: 'jpeg', bytes: expect.any(Number), exifOrientation: 6 }],
      params: { max_tokens: 200, temperature: 0, top_p: 1, seed: 42, repetition_penalty: 1, no_repeat_ngram_size: 0 },
      status: 200,
      outcome: 'completed',
    });
    expect(entry?.tokensSent).toBeGreaterThan(10);
    expect(new Date(entry?.at ?? '').toISOString()).toBe(entry?.at);
    expect(JSON.stringify(entries)).not.toContain('hf_secret');
  });

  it('notes on the machine clock when the body arrived, when the first token left and when it ended', async () => {
    const before = Date.now();
    await streamed('demo');
    const entry = (await demo.log()).at(-1);
    const received = entry?.bodyReceivedAtMs ?? NaN;
    expect(received).toBeGreaterThanOrEqual(before);
    expect(entry?.firstTokenAtMs).toBeGreaterThanOrEqual(received);
    expect(entry?.endedAtMs).toBeGreaterThanOrEqual(entry?.firstTokenAtMs ?? NaN);
    expect(entry?.endedAtMs).toBeLessThanOrEqual(Date.now());
  });

  it('records a client that closes mid-stream', async () => {
    const controller = new AbortController();
    const response = await chat('demo-long:rate=50,tokens=400', { stream: true, max_tokens: 1000 }, 'go', { signal: controller.signal });
    await readSse(response, 3);
    controller.abort();
    const entries = await waitFor(demo.log, (e) => e.at(-1)?.outcome !== null);
    const entry = entries.at(-1);
    expect(entry).toMatchObject({ outcome: 'client-closed', status: 200 });
    expect(entry?.tokensSent).toBeGreaterThanOrEqual(3);
    expect(entry?.tokensSent).toBeLessThan(400);
    // The timers stopped: no more tokens are counted after the close.
    const sent = entry?.tokensSent;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await demo.log()).at(-1)?.tokensSent).toBe(sent);
  });

  it('records a client that gives up during a slow first byte', async () => {
    const controller = new AbortController();
    const pending = chat('demo-slow-first-byte', {}, 'hi', { signal: controller.signal }).catch((e: unknown) => e);
    await waitFor(demo.log, (e) => e.length === 1 && e[0]?.scenario !== null);
    controller.abort();
    await pending;
    const entries = await waitFor(demo.log, (e) => e.at(-1)?.outcome !== null);
    expect(entries.at(-1)).toMatchObject({ outcome: 'client-closed', status: null, tokensSent: 0 });
  });

  it('logs refusals with their status, and reset clears the log', async () => {
    await chat('demo-429');
    expect((await demo.log()).at(-1)).toMatchObject({ status: 429, outcome: 'error', scenario: 'demo-429', authorization: 'none' });
    await post(`${demo.url}/__control/reset`, {});
    expect(await demo.log()).toEqual([]);
  });
});

describe('visual question answering', () => {
  it('answers the body that @huggingface/inference posts', async () => {
    const client = new InferenceClient();
    const image = new Blob([new Uint8Array(png(30, 20, () => RED))], { type: 'image/png' });
    const output = await client.visualQuestionAnswering({
      endpointUrl: `${demo.url}/vqa`,
      inputs: { question: 'What colour is it?', image },
    });
    expect(output).toEqual({
      answer: 'Demo endpoint, not a model: 30 × 20 PNG, mostly red (100%), dark brightness, not text-like.',
      score: 1,
    });
    expect((await demo.log()).at(-1)).toMatchObject({
      path: '/vqa',
      lastUserText: 'What colour is it?',
      images: [{ width: 30, height: 20 }],
    });
  });

  it('takes a scenario from x-demo-scenario', async () => {
    const body = { inputs: { question: '何色？', image: Buffer.from(png(4, 4, () => RED)).toString('base64') } };
    const normal = (await (await post(`${demo.url}/vqa`, body)).json()) as { answer: string }[];
    expect(normal[0]?.answer).toMatch(/^デモ用エンドポイント/);
    const refused = await post(`${demo.url}/vqa`, body, { headers: { 'x-demo-scenario': 'demo-503' } });
    expect(refused.status).toBe(503);
  });
});

describe('through @huggingface/inference', () => {
  const question = 'What is this?';
  const messages = () => chatBody('demo', question, redPng).messages;

  it('streams the default and the vLLM shape alike', async () => {
    const client = new InferenceClient();
    const texts: string[] = [];
    for (const model of ['demo:rate=0', 'demo-vllm:rate=0']) {
      let text = '';
      const stream = client.chatCompletionStream({ endpointUrl: demo.url, model, messages: messages() }, { retry_on_error: false });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      texts.push(text);
    }
    expect(texts[0]).toContain('not a vision model');
    expect(texts[1]).toBe(texts[0]);
  });

  it('surfaces an error mid-stream as an error', async () => {
    const client = new InferenceClient();
    const consume = async () => {
      const stream = client.chatCompletionStream(
        { endpointUrl: demo.url, model: 'demo-error-mid-stream:rate=0', messages: messages() },
        { retry_on_error: false },
      );
      for await (const chunk of stream) void chunk;
    };
    await expect(consume()).rejects.toThrow('demo: simulated error mid-stream');
  });

  it('returns a non-streamed completion', async () => {
    const client = new InferenceClient();
    const output = await client.chatCompletion({ endpointUrl: demo.url, model: 'demo', messages: messages() }, { retry_on_error: false });
    expect(output.choices[0]?.message.content).toContain('red 100%');
  });
});
