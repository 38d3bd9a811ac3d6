import { describe, expect, it } from 'vitest';
import type { AssistantMessage, UserMessage } from './chat-types';
import { createAppStore } from './index';

const user = (id: string, text: string): UserMessage => ({ id, role: 'user', text, images: [], createdAt: 0 });
const answer = (id: string, text = ''): AssistantMessage => ({
  id,
  role: 'assistant',
  text,
  status: 'streaming',
  finishReason: null,
  error: null,
  recordId: `r-${id}`,
  endpointId: 'demo',
  endpointLabel: 'Demo',
  model: 'demo',
  createdAt: 0,
  ttftMs: null,
  tokensPerSecond: null,
});

describe('chat slice', () => {
  it('creates, titles from the first question, and moves the active conversation to the top', () => {
    const store = createAppStore();
    const a = store.getState().createConversation('demo');
    const b = store.getState().createConversation('demo');
    expect(store.getState().order).toEqual([b, a]);
    store.getState().appendMessages(a, user('u1', 'この猫は何をしていますか？\n二行目'), answer('a1'));
    expect(store.getState().order).toEqual([a, b]);
    expect(store.getState().conversations[a]?.title).toBe('この猫は何をしていますか？');
  });

  it('patches only the named answer and leaves other conversations untouched (same object)', () => {
    const store = createAppStore();
    const a = store.getState().createConversation('demo');
    const b = store.getState().createConversation('demo');
    store.getState().appendMessages(a, user('u1', 'q'), answer('a1'));
    const before = store.getState().conversations[b];
    store.getState().patchAnswer(a, 'a1', { text: 'done', status: 'ok' });
    expect(store.getState().conversations[a]?.messages[1]).toMatchObject({ text: 'done', status: 'ok' });
    expect(store.getState().conversations[b]).toBe(before);
  });

  it('truncates after a message and edits user text (edit and resend)', () => {
    const store = createAppStore();
    const a = store.getState().createConversation('demo');
    store.getState().appendMessages(a, user('u1', 'q1'), answer('a1', 'x'), user('u2', 'q2'), answer('a2', 'y'));
    store.getState().editUserText(a, 'u2', 'q2 edited');
    store.getState().truncateAfter(a, 'u2');
    expect(store.getState().conversations[a]?.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2']);
    expect(store.getState().conversations[a]?.messages[2]?.text).toBe('q2 edited');
  });

  it('deleting the active conversation activates the next one', () => {
    const store = createAppStore();
    const a = store.getState().createConversation('demo');
    const b = store.getState().createConversation('demo');
    store.getState().deleteConversation(b);
    expect(store.getState().activeId).toBe(a);
    expect(store.getState().conversations[b]).toBeUndefined();
  });
});
