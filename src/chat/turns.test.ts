import { describe, expect, it } from 'vitest';
import { builtInEndpoints } from '../config/presets';
import { historyBefore, toChatTurns } from './turns';
import type { AssistantMessage, ImageRef, Message } from '../store/chat-types';

const [demo, tanuki] = builtInEndpoints({});
const img = (sha: string): ImageRef => ({
  sha256: sha,
  mime: 'image/jpeg',
  width: 768,
  height: 1024,
  bytes: 10,
  original: { name: 'a.jpg', width: 3000, height: 4000, bytes: 100 },
});
const blobs = new Map([
  ['s1', new Blob(['1'])],
  ['s2', new Blob(['2'])],
]);
const answer = (id: string, text: string, status: AssistantMessage['status'] = 'ok'): AssistantMessage => ({
  id,
  role: 'assistant',
  text,
  status,
  finishReason: 'stop',
  error: null,
  recordId: 'r',
  endpointId: 'demo',
  endpointLabel: 'Demo',
  model: 'demo',
  createdAt: 0,
  ttftMs: null,
  tokensPerSecond: null,
});

describe('toChatTurns', () => {
  it('puts the system prompt first and each image before its question', () => {
    const history: Message[] = [{ id: 'u', role: 'user', text: 'q', images: [img('s1'), img('s2')], createdAt: 0 }];
    const turns = toChatTurns(history, demo!, 'sys', blobs);
    expect(turns.map((t) => t.role)).toEqual(['system', 'user']);
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'image', 'text']);
  });

  it('for one-image-per-conversation models, moves a later image into the first user message', () => {
    const history: Message[] = [
      { id: 'u1', role: 'user', text: 'hello', images: [], createdAt: 0 },
      answer('a1', 'hi'),
      { id: 'u2', role: 'user', text: 'and this?', images: [img('s1')], createdAt: 0 },
    ];
    const turns = toChatTurns(history, tanuki!, tanuki!.systemPrompt, blobs);
    expect(turns[0]).toEqual({ role: 'system', parts: [{ type: 'text', text: tanuki!.systemPrompt }] });
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'text']);
    expect(turns[3]!.parts.map((p) => p.type)).toEqual(['text']);
  });

  it('omits an empty system prompt', () => {
    expect(toChatTurns([], demo!, '  ', blobs)).toEqual([]);
  });
});

describe('historyBefore', () => {
  it('drops failed and empty answers and everything from the answer on', () => {
    const messages: Message[] = [
      { id: 'u1', role: 'user', text: 'q1', images: [], createdAt: 0 },
      answer('a1', 'partial', 'error'),
      answer('a2', 'kept', 'aborted'),
      { id: 'u2', role: 'user', text: 'q2', images: [], createdAt: 0 },
      answer('a3', ''),
    ];
    expect(historyBefore(messages, 'a3').map((m) => m.id)).toEqual(['u1', 'a2', 'u2']);
  });
});
