// streamChat end to end over the real library, against a scripted fetch. Waits are injected or faked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listModels, modelsUrl, streamChat, type StreamChatOptions } from './client';
import type { InferenceError } from './errors';
import {
  collect,
  completion,
  fakeFetch,
  hang,
  json,
  rejects,
  sse,
  testRequest,
  tgiChunks,
  vllmChunks,
  type FakeFetch,
} from '../../test-support/fetch';
import type { ChatRequest, StreamEvent } from './types';

const TOKEN = 'hf_ClientTestTokenAbcdefgh';

function run(req: ChatRequest, fetch: FakeFetch, opts: StreamChatOptions = {}) {
  const waits: number[] = [];
  const events = collect(
    streamChat(req, {
      fetch,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...opts,
    }),
  );
  return { events, waits };
}

const terminal = (events: StreamEvent[]) => events.filter((e) => e.type === 'done' || e.type === 'error');
const errorOf = (events: StreamEvent[]): InferenceError => {
  const last = events.at(-1);
  if (last?.type !== 'error') throw new Error(`expected an error event, got ${JSON.stringify(last)}`);
  return last.error;
};

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('streamChat over openai-chat', () => {
  it('streams deltas, usage and done, and sends what the endpoint needs', async () => {
    const fetch = fakeFetch(sse(vllmChunks(['猫', 'です。'])));
    const events = await run(testRequest({ token: TOKEN }), fetch).events;
    expect(events).toEqual([
      { type: 'delta', text: '猫' },
      { type: 'delta', text: 'です。' },
      { type: 'usage', usage: { promptTokens: 620, completionTokens: 2, totalTokens: 622 } },
      { type: 'done', finishReason: 'stop' },
    ]);
    const [call] = fetch.calls;
    expect(call?.url).toBe('http://model.test/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.body).toMatchObject({ model: 'tanuki', stream: true, max_tokens: 200, stream_options: { include_usage: true } });
    expect(JSON.stringify(call?.body)).not.toContain(TOKEN);
    expect(call?.url).not.toContain(TOKEN);
  });

  it('keeps a query in the endpoint URL at the end of the URL it calls, not in the middle of the path', async () => {
    for (const [url, called] of [
      ['http://model.test/v1?key=abc', 'http://model.test/v1/chat/completions?key=abc'],
      ['http://model.test?key=abc&region=jp#x', 'http://model.test/v1/chat/completions?key=abc&region=jp'],
      ['http://model.test/v1/chat/completions?key=abc', 'http://model.test/v1/chat/completions?key=abc'],
    ]) {
      const fetch = fakeFetch(sse(vllmChunks(['ok'])));
      await run(testRequest({}, { url }), fetch).events;
      expect(fetch.calls[0]?.url).toBe(called);
    }
  });

  it('reads TGI-shaped streams too', async () => {
    const events = await run(testRequest(), fakeFetch(sse(tgiChunks(['a', 'b'], 'length')))).events;
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''))).toEqual(['a', 'b']);
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'length' });
  });

  it('retries a 503 while loading, announcing the wait, then streams', async () => {
    const fetch = fakeFetch(json(503, { error: 'Model tanuki is currently loading', estimated_time: 2 }), sse(vllmChunks(['ok'])));
    const { events, waits } = run(testRequest(), fetch);
    const got = await events;
    expect(got[0]).toMatchObject({ type: 'retry', attempt: 1, waitMs: 2000, error: { code: 'loading', status: 503 } });
    expect(got.slice(1)).toEqual([
      { type: 'delta', text: 'ok' },
      { type: 'usage', usage: { promptTokens: 620, completionTokens: 2, totalTokens: 622 } },
      { type: 'done', finishReason: 'stop' },
    ]);
    expect(waits).toEqual([2000]);
    expect(fetch.calls).toHaveLength(2);
  });

  it('gives up after two retries', async () => {
    const down = rejects(new TypeError('fetch failed'));
    const fetch = fakeFetch(down, down, down);
    const { events, waits } = run(testRequest(), fetch);
    const got = await events;
    expect(got.map((e) => e.type)).toEqual(['retry', 'retry', 'error']);
    expect(errorOf(got).code).toBe('network');
    expect(waits).toEqual([750, 1500]);
  });

  it('hands the first failure to a caller that owns its retries (maxRetries 0), Retry-After included', async () => {
    const fetch = fakeFetch(json(429, { error: 'slow down' }, { 'retry-after': '3' }));
    const { events, waits } = run(testRequest(), fetch, { maxRetries: 0 });
    const got = await events;
    expect(got.map((e) => e.type)).toEqual(['error']);
    expect(errorOf(got)).toMatchObject({ code: 'rate-limited', retryAfterMs: 3000 });
    expect(waits).toEqual([]);
  });

  it('does not retry a refused token', async () => {
    const fetch = fakeFetch(json(401, { error: 'Invalid token' }));
    const got = await run(testRequest(), fetch).events;
    expect(got.map((e) => e.type)).toEqual(['error']);
    expect(errorOf(got)).toMatchObject({ code: 'auth', status: 401 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('does not retry when Retry-After is too long, and keeps it for the words', async () => {
    const got = await run(testRequest(), fakeFetch(json(429, { error: 'slow down' }, { 'retry-after': '120' }))).events;
    expect(got.map((e) => e.type)).toEqual(['error']);
    expect(errorOf(got)).toMatchObject({ code: 'rate-limited', retryAfterMs: 120_000 });
  });

  it('keeps the partial answer and never retries after the first token (error mid-stream)', async () => {
    const fetch = fakeFetch(sse([...vllmChunks(['途中']).slice(0, 2), { error: 'generation failed', error_type: 'generation' }]));
    const got = await run(testRequest(), fetch).events;
    expect(got.map((e) => e.type)).toEqual(['delta', 'error']);
    expect(errorOf(got)).toMatchObject({ code: 'server', midStream: true, detail: 'generation failed' });
    expect(fetch.calls).toHaveLength(1);
  });

  it('a connection cut after the first token is a network error, not retried', async () => {
    const fetch = fakeFetch(sse(vllmChunks(['a']).slice(0, 2), { cut: true }));
    const got = await run(testRequest(), fetch).events;
    expect(got.map((e) => e.type)).toEqual(['delta', 'error']);
    expect(errorOf(got)).toMatchObject({ code: 'network', midStream: true, status: 200 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('Stop mid-stream ends with `aborted` and aborts the fetch', async () => {
    const fetch = fakeFetch(sse(vllmChunks(['first']).slice(0, 2), { keepOpen: true }));
    const stop = new AbortController();
    const events: StreamEvent[] = [];
    for await (const e of streamChat(testRequest(), { fetch, signal: stop.signal })) {
      events.push(e);
      if (e.type === 'delta') stop.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['delta', 'error']);
    expect(errorOf(events).code).toBe('aborted');
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('Stop during a retry wait ends with `aborted` without another request', async () => {
    const fetch = fakeFetch(json(503, { error: 'loading', estimated_time: 1 }));
    const stop = new AbortController();
    const got = await collect(
      streamChat(testRequest(), {
        fetch,
        signal: stop.signal,
        random: () => 0,
        sleep: async () => {
          stop.abort();
        },
      }),
    );
    expect(got.map((e) => e.type)).toEqual(['retry', 'error']);
    expect(errorOf(got).code).toBe('aborted');
    expect(fetch.calls).toHaveLength(1);
  });

  it('breaking out of the loop closes the connection', async () => {
    const fetch = fakeFetch(sse(vllmChunks(['x']).slice(0, 2), { keepOpen: true }));
    for await (const e of streamChat(testRequest(), { fetch })) if (e.type === 'delta') break;
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('an idle stream times out after its first token, without a retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fetch = fakeFetch(sse(vllmChunks(['slow']).slice(0, 2), { keepOpen: true }));
    const gen = streamChat(testRequest(), { fetch, idleTimeoutMs: 5000 });
    expect((await gen.next()).value).toEqual({ type: 'delta', text: 'slow' });
    const next = gen.next();
    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);
    const last = (await next).value as StreamEvent;
    expect(last).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    expect((await gen.next()).done).toBe(true);
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('the idle limit counts from the latest chunk, not while the consumer holds an event, and replaces the longer first-byte limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const [role, ...rest] = vllmChunks(['a', 'b', 'c']);
    let push: (chunk: unknown) => void = () => undefined;
    const fetch = fakeFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              push = (chunk) => controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(chunk)}\n\n`));
              push(role);
              push(rest[0]);
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const gen = streamChat(testRequest(), { fetch, firstByteTimeoutMs: 60_000, idleTimeoutMs: 5000 });
    expect((await gen.next()).value).toEqual({ type: 'delta', text: 'a' });
    // The consumer holds the event far longer than the idle limit: that is not the endpoint's silence.
    await vi.advanceTimersByTimeAsync(20_000);
    for (const chunk of rest.slice(1, 3)) {
      const next = gen.next();
      await vi.advanceTimersByTimeAsync(4000);
      push(chunk);
      expect((await next).value).toMatchObject({ type: 'delta' });
    }
    const stalled = gen.next();
    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);
    expect((await stalled).value).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('no first byte in time is a timeout that is retried', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fetch = fakeFetch(hang(), sse(vllmChunks(['late'])));
    const done = collect(streamChat(testRequest(), { fetch, firstByteTimeoutMs: 10_000, random: () => 0, sleep: async () => {} }));
    await vi.advanceTimersByTimeAsync(10_000);
    const got = await done;
    expect(got[0]).toMatchObject({ type: 'retry', attempt: 1, error: { code: 'timeout' } });
    expect(got.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('asked for whole (stream: false): one request without stream options, its answer as one delta, usage and done', async () => {
    const fetch = fakeFetch(json(200, completion('猫です。', 'length')));
    const events = await run(testRequest(), fetch, { stream: false }).events;
    expect(events).toEqual([
      { type: 'delta', text: '猫です。' },
      { type: 'usage', usage: { promptTokens: 620, completionTokens: 2, totalTokens: 622 } },
      { type: 'done', finishReason: 'length' },
    ]);
    expect(fetch.calls[0]?.body).toMatchObject({ model: 'tanuki', max_tokens: 200 });
    expect(fetch.calls[0]?.body).not.toHaveProperty('stream');
    expect(fetch.calls[0]?.body).not.toHaveProperty('stream_options');
  });

  it('a whole answer from a server that leaves out id, created, model and usage is read from that one reply', async () => {
    const { choices } = completion('猫です。') as { choices: unknown[] };
    const fetch = fakeFetch(json(200, { object: 'chat.completion', choices }));
    const events = await run(testRequest(), fetch, { stream: false }).events;
    expect(events).toEqual([
      { type: 'delta', text: '猫です。' },
      { type: 'done', finishReason: 'stop' },
    ]);
    expect(fetch.calls).toHaveLength(1);
  });

  it('a whole reply without a message is a protocol error, asked once and not retried', async () => {
    for (const reply of [{ object: 'chat.completion' }, { choices: [{ index: 0, text: '猫' }] }, ['猫']]) {
      const fetch = fakeFetch(json(200, reply));
      const events = await run(testRequest(), fetch, { stream: false }).events;
      expect(errorOf(events)).toMatchObject({ code: 'protocol', detail: 'The reply has no choices[0].message.' });
      expect(events.filter((e) => e.type === 'delta')).toEqual([]);
      expect(fetch.calls).toHaveLength(1);
    }
  });

  it('a whole answer may take as long as its tokens need; past that it times out; Stop aborts it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fetch = fakeFetch(hang());
    // 200 tokens asked for: the first-byte limit (10 s) and 500 ms per token (100 s).
    const gen = streamChat(testRequest(), { fetch, stream: false, firstByteTimeoutMs: 10_000, maxRetries: 0 });
    const next = gen.next();
    let settled = false;
    void next.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(109_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await next).value).toMatchObject({ type: 'error', error: { code: 'timeout' } });
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);

    const stopped = fakeFetch(hang());
    const stop = new AbortController();
    const got = collect(streamChat(testRequest(), { fetch: stopped, stream: false, signal: stop.signal }));
    await vi.advanceTimersByTimeAsync(0);
    stop.abort();
    expect(errorOf(await got).code).toBe('aborted');
    expect(stopped.calls[0]?.signal?.aborted).toBe(true);
  });

  it('an endpoint without a URL is a config error and makes no request', async () => {
    const fetch = fakeFetch();
    const got = await run(testRequest({}, { url: '' }), fetch).events;
    expect(got).toHaveLength(1);
    expect(errorOf(got)).toMatchObject({ code: 'config', configIssue: 'no-url' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('a path needs a page origin: config error in Node, resolved in the browser', async () => {
    const noOrigin = await run(testRequest({}, { url: '/demo/v1' }), fakeFetch()).events;
    expect(errorOf(noOrigin)).toMatchObject({ code: 'config', configIssue: 'invalid-url' });

    vi.stubGlobal('location', { origin: 'http://localhost:5173' });
    const fetch = fakeFetch(sse(vllmChunks(['hi'])));
    await run(testRequest({}, { url: '/demo/v1' }), fetch).events;
    expect(fetch.calls[0]?.url).toBe('http://localhost:5173/demo/v1/chat/completions');
  });

  it('ends with exactly one terminal event in every scenario above', async () => {
    for (const reply of [json(500, { error: 'x' }), sse(['not json']), sse(vllmChunks(['y']))]) {
      const got = await run(testRequest(), fakeFetch(reply)).events;
      expect(terminal(got)).toHaveLength(1);
      expect(terminal(got)[0]).toBe(got.at(-1));
    }
  });
});

describe('streamChat over hf-vqa', () => {
  const vqa = { protocol: 'hf-vqa' as const, url: 'https://xyz.endpoints.huggingface.cloud' };

  it('posts question and image to the URL as given and yields the answer once', async () => {
    const fetch = fakeFetch(json(200, [{ answer: '猫が二匹います。', score: 0.9 }]));
    const got = await run(testRequest({ token: TOKEN }, vqa), fetch).events;
    expect(got).toEqual([
      { type: 'delta', text: '猫が二匹います。' },
      { type: 'done', finishReason: 'stop' },
    ]);
    const [call] = fetch.calls;
    expect(call?.url).toBe('https://xyz.endpoints.huggingface.cloud');
    expect(call?.body).toMatchObject({
      inputs: { question: 'これは何？', image: expect.stringMatching(/^\/9j\//) },
      parameters: { max_new_tokens: 200, do_sample: false },
    });
  });

  it('needs an image', async () => {
    const fetch = fakeFetch();
    const got = await run(testRequest({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'q' }] }] }, vqa), fetch).events;
    expect(errorOf(got)).toMatchObject({ code: 'config', configIssue: 'needs-image' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('an answer of the wrong shape is protocol', async () => {
    for (const body of [{ generated_text: 'x' }, []]) {
      const got = await run(testRequest({}, vqa), fakeFetch(json(200, body))).events;
      expect(errorOf(got).code).toBe('protocol');
    }
  });
});

describe('listModels', () => {
  it('finds /v1/models from any form of the chat URL', () => {
    expect(modelsUrl('http://h')).toBe('http://h/v1/models');
    expect(modelsUrl('http://h/v1/')).toBe('http://h/v1/models');
    expect(modelsUrl('http://h/openai/v1/chat/completions')).toBe('http://h/openai/v1/models');
    expect(modelsUrl('/demo/v1')).toBeNull();
    expect(modelsUrl('http://h/v1?key=abc#x')).toBe('http://h/v1/models?key=abc');
  });

  it('returns the ids, sending the token only as a header', async () => {
    const fetch = fakeFetch(json(200, { object: 'list', data: [{ id: 'tanuki-8b' }, { id: 'tanuki-8x8b' }, { nope: 1 }] }));
    expect(await listModels('http://h/v1', TOKEN, { fetch })).toEqual(['tanuki-8b', 'tanuki-8x8b']);
    expect(fetch.calls[0]?.url).toBe('http://h/v1/models');
    expect(fetch.calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('throws InferenceErrors', async () => {
    await expect(listModels('http://h', undefined, { fetch: fakeFetch(json(401, { error: 'no' })) })).rejects.toMatchObject({
      code: 'auth',
    });
    await expect(listModels('http://h', undefined, { fetch: fakeFetch(json(200, { models: [] })) })).rejects.toMatchObject({
      code: 'protocol',
    });
    await expect(listModels('', undefined, { fetch: fakeFetch() })).rejects.toMatchObject({ code: 'config' });
  });
});
