import { describe, expect, it } from 'vitest';
import type { Conversation } from './chat-types';
import { readPersisted, recoverInterrupted } from './persistence';

const conversation = (status: 'streaming' | 'ok', text: string): Conversation => ({
  id: 'c',
  title: '',
  createdAt: 0,
  updatedAt: 0,
  endpointId: 'demo',
  messages: [
    { id: 'u', role: 'user', text: 'q', images: [], createdAt: 0 },
    {
      id: 'a',
      role: 'assistant',
      text,
      status,
      finishReason: null,
      error: null,
      recordId: 'r',
      endpointId: 'demo',
      endpointLabel: 'D',
      model: 'demo',
      createdAt: 0,
      ttftMs: null,
      tokensPerSecond: null,
    },
  ],
});

describe('recoverInterrupted', () => {
  it('marks a streaming answer incomplete and keeps the longer checkpointed text', () => {
    const [c] = recoverInterrupted([conversation('streaming', 'abc')], { a: 'abcdef' });
    expect(c!.messages[1]).toMatchObject({ status: 'incomplete', text: 'abcdef' });
  });
  it('leaves finished conversations as the same objects', () => {
    const list = [conversation('ok', 'x')];
    expect(recoverInterrupted(list, { a: 'longer' })[0]).toBe(list[0]);
  });
});

describe('readPersisted', () => {
  it('keeps valid fields and drops the ones that no longer fit', () => {
    const read = readPersisted({
      lang: 'fr',
      annotator: 'aki',
      rememberTokens: 'yes',
      customEndpoints: [{ id: 'bad id!' }],
      activeId: 'c1',
    });
    expect(read).toEqual({ annotator: 'aki', activeId: 'c1' });
  });
  it('survives garbage', () => {
    expect(readPersisted(null)).toEqual({});
    expect(readPersisted('x')).toEqual({});
  });
});
