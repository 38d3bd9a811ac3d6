// The worker's protocol, both ends in Node over a MessageChannel: the worker's end runs the real streamChat
// (and library) against a scripted fetch, as the worker does in the browser.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collect,
  completion,
  fakeFetch,
  hang,
  json,
  sse,
  testImage,
  testRequest,
  vllmChunks,
  type FakeFetch,
  type FetchCall,
} from '../../test-support/fetch';
import { streamChat } from './client';
import { InferenceError } from './errors';
import { serveStreams, streamsOver, type StreamAsk, type StreamReply } from './stream-wire';
import { loadLibrary } from './transport';
import type { ChatRequest, StreamEvent } from './types';

beforeAll(() => loadLibrary());

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A worker's end serving `stream` and the page's end talking to it; `connects` counts the workers started. */
function wire(stream: Parameters<typeof serveStreams>[1]) {
  const counts = { connects: 0 };
  /** What crossed: the page's messages and the worker's replies. */
  const asks: StreamAsk[] = [];
  const replies: StreamReply[] = [];
  let crash: (reason: string) => void = () => {};
  const page = streamsOver((onReply, onCrash) => {
    counts.connects += 1;
    crash = onCrash;
    const channel = new MessageChannel();
    channels.push(channel);
    serveStreams(channel.port2 as unknown as Parameters<typeof serveStreams>[0], stream);
    channel.port1.onmessage = (event: MessageEvent<StreamReply>) => {
      replies.push(event.data);
      onReply(event.data);
    };
    return {
      post: (message: StreamAsk) => {
        asks.push(message);
        channel.port1.postMessage(message);
      },
    };
  });
  return { ...page, counts, asks, replies, crash: (reason: string) => crash(reason) };
}

/** The data: URL each request's body carried for its first image. */
const firstImageUrl = (c: FetchCall) =>
  (c.body as { messages: { content: { image_url?: { url: string } }[] }[] }).messages[0]!.content[0]!.image_url?.url;

/** For each request asked of the worker: whether its first image crossed with its bytes. */
const crossedWithBytes = (asks: StreamAsk[]) =>
  asks
    .flatMap((a) => (a.type === 'ask' ? [a.req.messages[0]!.parts[0]] : []))
    .map((p) => p?.type === 'image' && p.image.blob instanceof Blob);

const overFetch = (fetch: FakeFetch) => (req: ChatRequest, opts: Parameters<typeof streamChat>[1]) =>
  streamChat(req, { ...opts, fetch, maxRetries: 0 });

describe('a stream read in a worker', () => {
  it('hands over the first text at once, then the rest gathered, with the count of deltas it joins', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `w${i} `);
    const { streamChat: ask } = wire(overFetch(fakeFetch(sse(vllmChunks(texts)))));
    const events = await collect(ask(testRequest()));
    const deltas = events.flatMap((e) => (e.type === 'delta' ? [e] : []));
    expect(deltas[0]).toEqual({ type: 'delta', text: 'w0 ', deltas: 1 });
    expect(deltas.length).toBeLessThan(texts.length);
    expect(deltas.map((d) => d.text).join('')).toBe(texts.join(''));
    expect(deltas.reduce((n, d) => n + (d.deltas ?? 1), 0)).toBe(texts.length);
    expect(events.find((e) => e.type === 'usage')).toBeDefined();
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('keeps an error’s kind, status, Retry-After and words across', async () => {
    const fetch = fakeFetch(json(429, { error: 'Too many requests, slow down' }, { 'retry-after': '7' }));
    const { streamChat: ask } = wire(overFetch(fetch));
    const last = (await collect(ask(testRequest()))).at(-1);
    expect(last?.type).toBe('error');
    const error = (last as Extract<StreamEvent, { type: 'error' }>).error;
    expect(error).toBeInstanceOf(InferenceError);
    expect(error).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: 7000, detail: 'Too many requests, slow down' });
  });

  it('Stop aborts the worker’s request and ends the stream as stopped', async () => {
    const fetch = fakeFetch(hang());
    const { streamChat: ask } = wire(overFetch(fetch));
    const stop = new AbortController();
    const events = collect(ask(testRequest(), { signal: stop.signal }));
    await expect.poll(() => fetch.calls.length).toBe(1);
    stop.abort();
    expect((await events).at(-1)).toMatchObject({ type: 'error', error: { code: 'aborted' } });
    expect(fetch.calls[0]!.signal?.aborted).toBe(true);
  });

  it('a consumer that breaks off aborts the worker’s request', async () => {
    const fetch = fakeFetch(sse(vllmChunks(['first']), { keepOpen: true }));
    const { streamChat: ask } = wire(overFetch(fetch));
    for await (const e of ask(testRequest())) if (e.type === 'delta') break;
    await expect.poll(() => fetch.calls[0]!.signal?.aborted).toBe(true);
  });

  it('a worker that dies ends its streams with an error, and the next answer starts a new one', async () => {
    const { streamChat: ask, crash, counts } = wire(overFetch(fakeFetch(hang(), sse(vllmChunks(['again'])))));
    const first = collect(ask(testRequest()));
    crash('out of memory');
    expect((await first).at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'internal', message: expect.stringContaining('out of memory') },
    });
    const second = await collect(ask(testRequest()));
    expect(second.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    expect(counts.connects).toBe(2);
  });

  it('a whole answer (stream: false) crosses in one message, its usage with it', async () => {
    const { streamChat: ask, replies } = wire(overFetch(fakeFetch(json(200, completion('A tanuki.')))));
    const events = await collect(ask(testRequest(), { stream: false }));
    expect(events.map((e) => e.type)).toEqual(['delta', 'usage', 'done']);
    expect(replies).toHaveLength(1);
  });

  it('an image the worker holds crosses as its hash alone, and every request still carries it', async () => {
    const fetch = fakeFetch(...Array.from({ length: 4 }, () => json(200, completion('ok'))));
    const { streamChat: ask, asks, crash } = wire(overFetch(fetch));
    const image = { ...testImage(), dataUrl: 'data:image/jpeg;base64,/9j/4AAQ' };
    const withImage = () =>
      testRequest({
        messages: [
          {
            role: 'user',
            parts: [
              { type: 'image', image },
              { type: 'text', text: '何？' },
            ],
          },
        ],
      });
    for (let i = 0; i < 2; i += 1) await collect(ask(withImage(), { stream: false }));
    crash('restarted');
    for (let i = 0; i < 2; i += 1) await collect(ask(withImage(), { stream: false }));
    // With its bytes the first time each worker sees it, without them after.
    expect(crossedWithBytes(asks)).toEqual([true, false, true, false]);
    const urls = fetch.calls.map(firstImageUrl);
    expect(urls).toEqual(Array(4).fill(image.dataUrl));
  });

  it('an image the worker has let go of, after 64 others, crosses with its bytes again', async () => {
    const images = Array.from({ length: 66 }, (_, i) => ({
      ...testImage(),
      sha256: String(i).padStart(64, '0'),
      dataUrl: `data:image/jpeg;base64,${i}`,
    }));
    const order = [...images, images[65]!, images[0]!];
    const fetch = fakeFetch(...order.map(() => json(200, completion('ok'))));
    const { streamChat: ask, asks } = wire(overFetch(fetch));
    for (const image of order)
      await collect(ask(testRequest({ messages: [{ role: 'user', parts: [{ type: 'image', image }] }] }), { stream: false }));
    expect(crossedWithBytes(asks).slice(-2)).toEqual([false, true]);
    const urls = fetch.calls.map(firstImageUrl);
    expect(urls).toEqual(order.map((i) => i.dataUrl));
  });
});
