import { describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../store';
import type { AssistantMessage, UserMessage } from '../store/chat-types';
import { newAnswer, runAnswer } from './generation';

// The records database does not open (blocked, private mode, a chunk that did not load).
vi.mock('../records/instance', () => ({ recordsRepo: () => Promise.reject(new DOMException('open blocked', 'UnknownError')) }));

describe('runAnswer', () => {
  it('ends the answer in an error with words when something fails before the stream, never streaming forever', async () => {
    const state = useAppStore.getState();
    const endpoint = { ...(await import('../config/presets')).builtInEndpoints({})[0]! };
    const id = state.createConversation(endpoint.id);
    const image = { sha256: 'a'.repeat(64), mime: 'image/jpeg', width: 1, height: 1, bytes: 1 };
    const user: UserMessage = {
      id: 'u',
      role: 'user',
      text: 'q',
      images: [{ ...image, original: { name: 'a.jpg', width: 1, height: 1, bytes: 1 } }],
      createdAt: 0,
    };
    const answer = newAnswer(endpoint);
    state.appendMessages(id, user, answer);
    await runAnswer(id, answer, [user], () => {});
    const after = useAppStore.getState().conversations[id]?.messages[1] as AssistantMessage;
    expect(after.status).toBe('error');
    expect(after.error).toMatchObject({ code: 'internal', detail: 'UnknownError: open blocked' });
  });
});
