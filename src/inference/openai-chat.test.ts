import { describe, expect, it } from 'vitest';
import { MODEL_WHEN_UNSET, buildOpenAIBody, buildOpenAIMessages } from './openai-chat';
import { JPEG_BYTES, testImage, testRequest } from '../../test-support/fetch';
import { bytesToBase64 } from './transport';

const JPEG_DATA_URL = `data:image/jpeg;base64,${bytesToBase64(JPEG_BYTES)}`;

describe('buildOpenAIMessages', () => {
  it('puts the images before the text, as data URLs', async () => {
    const req = testRequest({
      messages: [
        {
          role: 'user',
          parts: [
            { type: 'text', text: 'これは何？' },
            { type: 'image', image: testImage() },
          ],
        },
      ],
    });
    expect(await buildOpenAIMessages(req)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: JPEG_DATA_URL } },
          { type: 'text', text: 'これは何？' },
        ],
      },
    ]);
  });

  it('sends a data URL made beforehand as it is, without reading the blob again', async () => {
    const image = { ...testImage(), blob: new Blob([]), dataUrl: JPEG_DATA_URL };
    const [msg] = await buildOpenAIMessages(testRequest({ messages: [{ role: 'user', parts: [{ type: 'image', image }] }] }));
    expect(msg).toEqual({ role: 'user', content: [{ type: 'image_url', image_url: { url: JPEG_DATA_URL } }] });
  });

  it('finds the MIME type from the bytes when the Blob has none', async () => {
    const [msg] = await buildOpenAIMessages(
      testRequest({
        messages: [
          {
            role: 'user',
            parts: [
              { type: 'image', image: testImage('') },
              { type: 'text', text: 'q' },
            ],
          },
        ],
      }),
    );
    expect(JSON.stringify(msg)).toContain('data:image/jpeg;base64,');
  });

  it('sends a non-empty system turn, drops an empty one, and sends text-only and assistant turns as strings', async () => {
    const messages = await buildOpenAIMessages(
      testRequest({
        messages: [
          { role: 'system', parts: [{ type: 'text', text: 'あなたは親切です。' }] },
          { role: 'system', parts: [{ type: 'text', text: '  ' }] },
          {
            role: 'user',
            parts: [
              { type: 'image', image: testImage() },
              { type: 'text', text: '説明して' },
            ],
          },
          { role: 'assistant', parts: [{ type: 'text', text: '猫です。' }] },
          { role: 'user', parts: [{ type: 'text', text: '色は？' }] },
        ],
      }),
    );
    expect(messages.map((m) => [m.role, typeof m.content])).toEqual([
      ['system', 'string'],
      ['user', 'object'],
      ['assistant', 'string'],
      ['user', 'string'],
    ]);
    expect(messages[2]).toEqual({ role: 'assistant', content: '猫です。' });
  });

  it('never adds the endpoint’s system prompt by itself', async () => {
    const messages = await buildOpenAIMessages(testRequest({}, { systemPrompt: 'preset prompt' }));
    expect(messages.some((m) => m.role === 'system')).toBe(false);
  });
});

describe('buildOpenAIBody', () => {
  it('carries the parameters, the extra fields and usage in the stream', async () => {
    const body = await buildOpenAIBody(
      testRequest({ params: { maxTokens: 256, temperature: 0, topP: 1, repetitionPenalty: 1.15, noRepeatNgramSize: 3 } }),
    );
    expect(body).toMatchObject({
      model: 'tanuki',
      max_tokens: 256,
      temperature: 0,
      top_p: 1,
      repetition_penalty: 1.15,
      no_repeat_ngram_size: 3,
      stream_options: { include_usage: true },
    });
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('stop');
  });

  it('sends a seed when there is one and stop as an array', async () => {
    const body = await buildOpenAIBody(
      testRequest({
        params: { maxTokens: 1, temperature: 1, topP: 0.9, repetitionPenalty: 1, noRepeatNgramSize: 0, seed: 0 },
        stop: ['</s>', ''],
      }),
    );
    expect(body.seed).toBe(0);
    expect(body.stop).toEqual(['</s>']);
  });

  it('names a model even when the endpoint has none', async () => {
    expect((await buildOpenAIBody(testRequest({}, { model: '' }))).model).toBe(MODEL_WHEN_UNSET);
  });

  it('never contains the token', async () => {
    const token = 'hf_SecretTokenValue123456';
    const body = await buildOpenAIBody(testRequest({ token }));
    expect(JSON.stringify(body)).not.toContain(token);
  });
});
