// Runs one chat answer: resolves the conversation's endpoint, parameters and history from the store and runs
// it through src/runs (which streams it into the live text and keeps its record), keeping the message current.
import type { Endpoint } from '../config/schema';
import { own } from '../config/own';
import { recordsRepo } from '../records/instance';
import { runLiveAnswer, stopLiveAnswer } from '../runs/live-run';
import { historyBefore } from '../runs/turns';
// A record that cannot be written must not stop the answer: the user is told instead.
import { reportStorageError, useAppStore } from '../store';
import { findEndpoint, resolveParams, resolveSystemPrompt } from '../store/endpoints';
import { askOtherTabsToStop } from '../store/persistence';
import type { AssistantMessage } from '../store/chat-types';

/** Stop closes the connection (the signal reaches fetch); an answer another tab streams is stopped there. */
export function stopAnswer(answerId: string): void {
  if (!stopLiveAnswer(answerId)) askOtherTabsToStop(answerId);
}

/** Another tab's Stop for an answer: only the tab that streams it can close its connection. */
export { stopLiveAnswer as stopAnswerHere };

export function newAnswer(endpoint: Endpoint): AssistantMessage {
  return {
    id: crypto.randomUUID(),
    role: 'assistant',
    text: '',
    status: 'streaming',
    finishReason: null,
    error: null,
    recordId: crypto.randomUUID(),
    endpointId: endpoint.id,
    endpointLabel: endpoint.label,
    model: endpoint.model,
    createdAt: Date.now(),
    ttftMs: null,
    tokensPerSecond: null,
  };
}

/**
 * Runs the answer `answerId` of a conversation (already in the store, status `streaming`) to its end. Never
 * throws, and never leaves the answer streaming: a failure before or around the stream (the records database
 * not opening, an image that cannot be read) ends it as an error with words.
 */
export async function runAnswer(conversationId: string, answerId: string): Promise<void> {
  const store = useAppStore.getState();
  const conversation = store.conversations[conversationId];
  const answer = conversation?.messages.find((m): m is AssistantMessage => m.id === answerId && m.role === 'assistant');
  if (!conversation || !answer) return;
  const patch = (p: Partial<AssistantMessage>) => useAppStore.getState().patchAnswer(conversationId, answerId, p);

  const endpoint = findEndpoint(store, conversation.endpointId);
  if (!endpoint) {
    patch({ status: 'error', error: { code: 'config', detail: `unknown endpoint ${conversation.endpointId}` } });
    return;
  }
  await runLiveAnswer({
    answerId,
    record: {
      id: answer.recordId,
      source: 'chat',
      conversationId,
      messageId: answerId,
      endpoint,
      params: resolveParams(endpoint, store),
      systemPrompt: resolveSystemPrompt(endpoint, store),
      history: historyBefore(conversation.messages, answerId),
    },
    token: own(store.tokens, endpoint.id),
    repo: () => recordsRepo(),
    onStorageError: reportStorageError,
    onCheckpoint: (text) => patch({ text }),
    onEnd: ({ text, status, finishReason, error, ttftMs, tokensPerSecond }) =>
      patch({ ...(text || status !== 'error' ? { text } : {}), status, finishReason, error, ttftMs, tokensPerSecond }),
  });
}
