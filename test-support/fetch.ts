// Test-only: a scripted fetch that behaves like the platform's where it matters here (the signal errors an
// open body, headers and status are real Response objects), plus chunk shapes taken from vLLM and TGI.
// Imported by *.test.ts files only, so it never reaches the app bundle.
import type { Endpoint } from '../src/config/schema';
import type { ChatImage, ChatRequest } from '../src/inference/types';

export interface FetchCall {
  url: string;
  init: RequestInit;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

export type Reply = (call: FetchCall) => Response | Promise<Response>;

export type FakeFetch = typeof fetch & { calls: FetchCall[] };

/** Each call takes the next reply; a call beyond the script fails the test loudly. */
export function fakeFetch(...replies: Reply[]): FakeFetch {
  const calls: FetchCall[] = [];
  const f = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // A body may be a Blob (an image sent again goes as one: src/inference/image-bodies.ts).
    const raw = typeof init.body === 'string' ? init.body : init.body instanceof Blob ? await init.body.text() : undefined;
    let body: unknown = raw;
    try {
      body = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      // Not JSON: keep the text.
    }
    const call: FetchCall = {
      url,
      init,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    const reply = replies[calls.length - 1];
    if (!reply) throw new Error(`fakeFetch: unexpected call ${calls.length} to ${url}`);
    if (call.signal?.aborted) throw call.signal.reason;
    return reply(call);
  };
  return Object.assign(f as typeof fetch, { calls });
}

const abortError = () => new DOMException('This operation was aborted', 'AbortError');

/** An SSE response. `keepOpen` leaves the body open (a stalled or slow server); `cut` errors it like a dropped connection. */
export function sse(
  events: unknown[],
  opts: { status?: number; headers?: Record<string, string>; keepOpen?: boolean; cut?: boolean; done?: boolean } = {},
): Reply {
  return (call) => {
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const e of events) controller.enqueue(enc.encode(`data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`));
        if (!opts.cut && !opts.keepOpen) {
          if (opts.done !== false) controller.enqueue(enc.encode('data: [DONE]\n\n'));
          controller.close();
        }
        call.signal?.addEventListener('abort', () => {
          try {
            controller.error(abortError());
          } catch {
            // Already closed.
          }
        });
      },
      // Called once the reader has drained what was queued: erroring in start() would discard the queue.
      pull(controller) {
        if (opts.cut) controller.error(new TypeError('terminated'));
      },
    });
    return new Response(stream, {
      status: opts.status ?? 200,
      headers: { 'content-type': 'text/event-stream', ...opts.headers },
    });
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return () => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

export function rejects(error: unknown): Reply {
  return () => Promise.reject(error);
}

/** A server that accepted the connection and never answers; only the signal ends it. */
export function hang(): Reply {
  return (call) =>
    new Promise<Response>((_, reject) => {
      call.signal?.addEventListener('abort', () => reject(abortError()));
    });
}

const usage = { prompt_tokens: 620, completion_tokens: 2, total_tokens: 622 };

/** vLLM: role only first, no system_fingerprint, `delta: {}` with the finish reason, usage alone. */
export function vllmChunks(texts: string[], finishReason: string | null = 'stop', withUsage = true): unknown[] {
  const base = { id: 'chatcmpl-abc', object: 'chat.completion.chunk', created: 1700000000, model: 'tanuki' };
  const choice = (delta: object, finish: string | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  return [
    { ...base, choices: [choice({ role: 'assistant', content: '' })] },
    ...texts.map((content) => ({ ...base, choices: [choice({ content })] })),
    ...(finishReason ? [{ ...base, choices: [{ ...choice({}, finishReason), stop_reason: null }] }] : []),
    ...(withUsage ? [{ ...base, choices: [], usage }] : []),
  ];
}

/** A whole (non-streamed) chat completion, as vLLM answers one. */
export function completion(text: string, finishReason = 'stop'): unknown {
  return {
    id: 'chatcmpl-abc',
    object: 'chat.completion',
    created: 1700000000,
    model: 'tanuki',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

/** TGI: role and system_fingerprint in every chunk, `usage: null` until the end. */
export function tgiChunks(texts: string[], finishReason = 'stop'): unknown[] {
  const base = { object: 'chat.completion.chunk', id: '', created: 1700000000, model: 'tgi', system_fingerprint: '3.0.1-sha-abc' };
  const chunk = (content: string, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content }, logprobs: null, finish_reason: finish }],
    usage: null,
  });
  return [...texts.map((t, i) => chunk(t, i === texts.length - 1 ? finishReason : null)), { ...base, choices: [], usage }];
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function* streamOf<T>(...items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export const JPEG_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

export function testImage(type = 'image/jpeg'): ChatImage {
  return { sha256: 'ab'.repeat(32), blob: new Blob([JPEG_BYTES], { type }), width: 768, height: 1024 };
}

function testEndpoint(over: Partial<Endpoint> = {}): Endpoint {
  return {
    id: 'test',
    label: 'Test endpoint',
    protocol: 'openai-chat',
    url: 'http://model.test/v1',
    model: 'tanuki',
    imagePolicy: { shortSide: 768 },
    maxImagesPerMessage: 1,
    systemPrompt: '',
    ...over,
  } as Endpoint;
}

export function testRequest(over: Partial<ChatRequest> = {}, endpoint: Partial<Endpoint> = {}): ChatRequest {
  return {
    endpoint: testEndpoint(endpoint),
    messages: [
      {
        role: 'user',
        parts: [
          { type: 'image', image: testImage() },
          { type: 'text', text: 'これは何？' },
        ],
      },
    ],
    params: { maxTokens: 200, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
    ...over,
  };
}
