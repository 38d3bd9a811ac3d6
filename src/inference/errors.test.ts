// The mapping is tested against errors the real library throws, produced by a scripted fetch.
import { InferenceClient } from '@huggingface/inference';
import { describe, expect, it } from 'vitest';
import { InferenceError, cleanText, toInferenceError } from './errors';
import { json, rejects, sse, text, fakeFetch, vllmChunks, type Reply } from '../../test-support/fetch';
import { parseRetryAfter, recordingFetch } from './transport';

const TOKEN = 'hf_TestTokenAbcdefghijklmnop';

/** Runs the real chatCompletionStream against one scripted reply and maps what it throws. */
async function mapped(reply: Reply, model = 'tanuki'): Promise<InferenceError> {
  const rec = recordingFetch(fakeFetch(reply));
  const client = new InferenceClient(TOKEN);
  try {
    const stream = client.chatCompletionStream(
      { endpointUrl: 'http://model.test/v1', model, messages: [{ role: 'user', content: 'hi' }] },
      { fetch: rec.fetch, retry_on_error: false },
    );
    for await (const chunk of stream) void chunk;
  } catch (e) {
    const error = toInferenceError(e, { ...rec.meta, sentBytes: rec.meta.sentBytes(), secrets: [TOKEN] });
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
    return error;
  }
  throw new Error('the library did not throw');
}

describe('toInferenceError, from the library', () => {
  it.each([401, 403])('%i is auth', async (status) => {
    const e = await mapped(json(status, { error: 'Invalid credentials in Authorization header' }));
    expect(e).toMatchObject({ code: 'auth', status, detail: 'Invalid credentials in Authorization header' });
  });

  it('404 is not-found, with vLLM’s message as detail and the request id', async () => {
    const e = await mapped(
      json(
        404,
        { object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 },
        { 'x-request-id': 'req-1' },
      ),
    );
    expect(e).toMatchObject({ code: 'not-found', status: 404, detail: 'The model `x` does not exist.', requestId: 'req-1' });
  });

  it('413 from a proxy page is too-large, with the bytes that were sent', async () => {
    const e = await mapped(
      () => new Response('<html>413 Request Entity Too Large</html>', { status: 413, headers: { 'content-type': 'text/html' } }),
    );
    expect(e.code).toBe('too-large');
    expect(e.status).toBe(413);
    expect(e.sentBytes).toBeGreaterThan(20);
  });

  it('429 is rate-limited and keeps Retry-After (seconds)', async () => {
    const e = await mapped(json(429, { error: 'Too many requests' }, { 'retry-after': '7' }));
    expect(e).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: 7000 });
  });

  it('Retry-After may be an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('a 503 loading body is loading, with estimated_time as the wait, capped', async () => {
    const e = await mapped(json(503, { error: 'Model tanuki is currently loading', estimated_time: 20.4 }));
    expect(e).toMatchObject({ code: 'loading', status: 503, retryAfterMs: 10_000, detail: 'Model tanuki is currently loading' });
    expect((await mapped(json(503, { error: 'loading', estimated_time: 2.5 }))).retryAfterMs).toBe(2500);
  });

  it('Retry-After wins over estimated_time', async () => {
    const e = await mapped(json(503, { error: 'loading', estimated_time: 20 }, { 'retry-after': '3' }));
    expect(e.retryAfterMs).toBe(3000);
  });

  it.each([408, 504])('%i is timeout', async (status) => {
    const e = await mapped(text(status, 'upstream timed out'));
    expect(e).toMatchObject({ code: 'timeout', status });
  });

  it.each([500, 502])('%i is server', async (status) => {
    const e = await mapped(json(status, { error: 'boom' }));
    expect(e).toMatchObject({ code: 'server', status, detail: 'boom' });
    expect(e.midStream).toBeUndefined();
  });

  it('an `error` inside a 200 stream is a mid-stream server error', async () => {
    const e = await mapped(
      sse([...vllmChunks(['Hi']).slice(0, 2), { error: 'Request failed during generation: CUDA out of memory', error_type: 'generation' }]),
    );
    expect(e).toMatchObject({ code: 'server', status: 200, midStream: true });
    expect(e.detail).toContain('CUDA out of memory');
  });

  it('a non-JSON data line is protocol (the library throws a raw SyntaxError)', async () => {
    const e = await mapped(sse(['{"choices": [']));
    expect(e.code).toBe('protocol');
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });

  it('a response that is not an event stream is protocol', async () => {
    const e = await mapped(json(200, { choices: [{ message: { content: 'hi' } }] }));
    expect(e).toMatchObject({ code: 'protocol', detail: 'it returned application/json' });
  });

  it('a fetch that rejects is network (Node and browser wordings)', async () => {
    const node = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect((await mapped(rejects(node))).code).toBe('network');
    expect((await mapped(rejects(new TypeError('Failed to fetch')))).code).toBe('network');
    expect((await mapped(rejects(new TypeError('NetworkError when attempting to fetch resource.')))).code).toBe('network');
  });

  it('an abort is aborted', async () => {
    const e = await mapped(rejects(new DOMException('This operation was aborted', 'AbortError')));
    expect(e.code).toBe('aborted');
  });

  it('the library’s input errors are config', async () => {
    const e = await mapped(json(200, {}), 'http://not-a-model-id');
    expect(e.code).toBe('config');
  });

  it('keeps secrets of a relative URL in the server text out of detail', async () => {
    const e = await mapped(json(500, { error: 'upstream failed: GET /v1/x?api_key=sk_live_abc123 (via //user:hunter2@h/v1)' }));
    expect(e.detail).toBe('upstream failed: GET /v1/x?api_key=[REDACTED] (via //h/v1)');
    expect(`${e.message} ${e.detail}`).not.toMatch(/sk_live_abc123|hunter2/);
  });

  it('keeps the token out of detail even when the server echoes it', async () => {
    const e = await mapped(json(401, { error: `token ${TOKEN} is invalid (Bearer ${TOKEN})` }));
    expect(e.detail).toBe('token [redacted] is invalid (Bearer [redacted])');
  });
});

describe('toInferenceError, other shapes', () => {
  it('passes an InferenceError through', () => {
    const e = new InferenceError('config', 'x');
    expect(toInferenceError(e)).toBe(e);
  });

  it('maps an invalid URL to config', () => {
    expect(toInferenceError(new TypeError('Invalid URL')).code).toBe('config');
  });

  it('maps AbortSignal.timeout to timeout', () => {
    expect(toInferenceError(new DOMException('signal timed out', 'TimeoutError')).code).toBe('timeout');
  });

  it('maps the unexpected to protocol, keeping the cause', () => {
    const cause = new RangeError('weird');
    const e = toInferenceError(cause);
    expect(e).toMatchObject({ code: 'protocol', detail: 'weird' });
    expect(e.cause).toBe(cause);
  });

  it('trims long server text', () => {
    expect(cleanText('x'.repeat(1000)).length).toBe(300);
  });

  it('leaves absent fields absent and serialises without its cause', () => {
    const e = new InferenceError('timeout', 'slow', { cause: new Error('inner'), status: undefined });
    expect(Object.keys(e).sort()).toEqual(['code', 'name']);
    expect(e.toJSON()).toEqual({ code: 'timeout', message: 'slow' });
  });
});
