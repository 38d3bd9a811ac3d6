// The app's own request builder, checked against the published chat-completion input schema (the demo's
// sample body in chat-schemas.test.ts is the endpoint's view; this is the app's).
import { describe, expect, it } from 'vitest';
import { builtInEndpoints } from '../src/config/presets.ts';
import { buildOpenAIBody } from '../src/inference/openai-chat.ts';
import { validateInput } from './chat-schemas.ts';
import { png, RED } from '../test-support/images.ts';

const [, tanuki] = builtInEndpoints({ tanuki8bUrl: 'https://tanuki.example/v1' });

describe('the body buildOpenAIBody makes', () => {
  it('conforms to input.json: system prompt, image before text, history, extra generation fields', async () => {
    const image = {
      sha256: 'a'.repeat(64),
      blob: new Blob([new Uint8Array(png(8, 8, () => RED))], { type: 'image/png' }),
      width: 8,
      height: 8,
    };
    const body = await buildOpenAIBody({
      endpoint: tanuki!,
      token: 'secret-token',
      messages: [
        { role: 'system', parts: [{ type: 'text', text: tanuki!.systemPrompt }] },
        {
          role: 'user',
          parts: [
            { type: 'image', image },
            { type: 'text', text: 'この画像を説明してください。' },
          ],
        },
        { role: 'assistant', parts: [{ type: 'text', text: '赤い画像です。' }] },
        { role: 'user', parts: [{ type: 'text', text: 'もっと詳しく' }] },
      ],
      params: { maxTokens: 200, temperature: 0, topP: 1, repetitionPenalty: 1.15, noRepeatNgramSize: 3, seed: 7 },
    });
    expect(validateInput({ ...body, stream: true })).toEqual({ ok: true });
    expect(JSON.stringify(body)).not.toContain('secret-token');
    expect(body).toMatchObject({ model: 'weblab-GENIAC/Tanuki-8B-vision', repetition_penalty: 1.15, no_repeat_ngram_size: 3, seed: 7 });
  });
});
