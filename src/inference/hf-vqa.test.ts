import { describe, expect, it } from 'vitest';
import { builtInEndpoints } from '../config/presets';
import { vqaInputs } from './hf-vqa';
import type { ChatImage, ChatRequest } from './types';

const image: ChatImage = { sha256: 'a'.repeat(64), blob: new Blob(['x']), width: 1, height: 1 };
const request = (messages: ChatRequest['messages']): ChatRequest => ({
  endpoint: builtInEndpoints({})[0]!,
  messages,
  params: { maxTokens: 10, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
});

describe('vqaInputs', () => {
  it('asks the last question about the latest image, even when the question carries none', () => {
    const inputs = vqaInputs(
      request([
        {
          role: 'user',
          parts: [
            { type: 'image', image },
            { type: 'text', text: 'what is it?' },
          ],
        },
        { role: 'assistant', parts: [{ type: 'text', text: 'a cat' }] },
        { role: 'user', parts: [{ type: 'text', text: 'what colour?' }] },
      ]),
    );
    expect(inputs).toEqual({ question: 'what colour?', image });
  });
  it('is null without any image', () => {
    expect(vqaInputs(request([{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }]))).toBeNull();
  });
});
