import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseSchema, validateInput, validateOutput, validateStreamChunk } from './chat-schemas.ts';
import { dataUrl, png, RED } from '../test-support/images.ts';
import { chatBody, post, readSse, startDemo, type RunningDemo } from './test-server.ts';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

const image = dataUrl(png(16, 16, () => RED));

async function streamedChunks(model: string, extra: Record<string, unknown> = {}): Promise<unknown[]> {
  const response = await post(`${demo.url}/v1/chat/completions`, chatBody(model, 'What is this?', image, { stream: true, ...extra }));
  const { data } = await readSse(response);
  return data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as unknown);
}

describe('normaliseSchema', () => {
  it('turns nullable into a union with null and drops OpenAPI annotations', () => {
    expect(normaliseSchema({ type: 'integer', format: 'int32', example: '3', nullable: true, description: 'd' })).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'null' }],
      description: 'd',
    });
  });

  it('keeps properties whose names look like keywords', () => {
    expect(normaliseSchema({ properties: { format: { type: 'string', format: 'uri' } } })).toEqual({
      properties: { format: { type: 'string' } },
    });
  });
});

describe('the request the app sends', () => {
  it('conforms to input.json, extra fields included', () => {
    const body = chatBody('demo', 'この画像を説明してください。', image, {
      stream: true,
      stop: ['</s>'],
      stream_options: { include_usage: true },
    });
    expect(validateInput(body)).toEqual({ ok: true });
  });

  it('is rejected when stop is a string, as the notes warn', () => {
    expect(validateInput({ ...chatBody('demo', 'hi', null), stop: '</s>' }).ok).toBe(false);
  });
});

describe('what the demo endpoint sends', () => {
  it('streams chunks that conform to stream_output.json', async () => {
    const chunks = await streamedChunks('demo:rate=0', { stream_options: { include_usage: true } });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(validateStreamChunk(chunk)).toEqual({ ok: true });
  });

  it('answers non-streamed with a body that conforms to output.json', async () => {
    const response = await post(`${demo.url}/v1/chat/completions`, chatBody('demo', 'What is this?', image));
    expect(validateOutput(await response.json())).toEqual({ ok: true });
  });

  it('sends vLLM-shaped chunks in demo-vllm that the TGI-shaped schema rejects', async () => {
    const chunks = await streamedChunks('demo-vllm:rate=0');
    const results = chunks.map((chunk) => validateStreamChunk(chunk));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results[0]).toMatchObject({ ok: false, errors: expect.stringContaining('system_fingerprint') });
  });
});
