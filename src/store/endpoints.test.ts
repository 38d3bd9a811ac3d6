import { describe, expect, it } from 'vitest';
import type { UserMessage } from './chat-types';
import { followEndpointLink } from './endpoints';
import { createAppStore } from './index';

const question: UserMessage = { id: 'u1', role: 'user', text: 'hi', images: [], createdAt: 0 };

function storeWithConfig() {
  const store = createAppStore();
  store.getState().setRuntimeConfig(
    [
      {
        id: 'first',
        label: 'First',
        protocol: 'openai-chat',
        url: '/v1',
        model: 'a',
        imagePolicy: { longSide: 1536 },
        maxImagesPerMessage: 4,
        systemPrompt: '',
      },
      {
        id: 'second',
        label: 'Second',
        protocol: 'openai-chat',
        url: '/v1',
        model: 'b',
        imagePolicy: { longSide: 1536 },
        maxImagesPerMessage: 4,
        systemPrompt: '',
      },
    ],
    'first',
    null,
  );
  return store;
}

describe('?endpoint=<id>', () => {
  it('starts a new conversation when the open one already talks to another endpoint', () => {
    const store = storeWithConfig();
    const open = store.getState().createConversation('first');
    store.getState().appendMessages(open, question);
    expect(followEndpointLink(store.getState(), 'second')).toEqual({ kind: 'selected', newConversation: true });
    const s = store.getState();
    expect(s.activeId).not.toBe(open);
    expect(s.conversations[s.activeId!]?.endpointId).toBe('second');
    expect(s.conversations[open]?.endpointId).toBe('first');
    expect(s.selectedEndpointId).toBe('second');
  });

  it('moves an empty open conversation, and keeps one already on that endpoint', () => {
    const store = storeWithConfig();
    const open = store.getState().createConversation('first');
    expect(followEndpointLink(store.getState(), 'second')).toEqual({ kind: 'selected', newConversation: false });
    expect(store.getState().conversations[open]?.endpointId).toBe('second');
    store.getState().appendMessages(open, question);
    expect(followEndpointLink(store.getState(), 'second')).toEqual({ kind: 'selected', newConversation: false });
    expect(store.getState().activeId).toBe(open);
  });

  it('reports an id no endpoint has, including names every object inherits', () => {
    for (const id of ['nope', '__proto__', 'constructor', 'toString', 'x'.repeat(5000), '<script>alert(1)</script>']) {
      const store = storeWithConfig();
      expect(followEndpointLink(store.getState(), id)).toEqual({ kind: 'unknown', id });
      expect(store.getState().selectedEndpointId).toBeNull();
    }
  });
});
