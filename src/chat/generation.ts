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
import type { AssistantMessage, Message } from '../store/chat-types';

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
 * Runs `answer`, generated from `messages` (the conversation's messages before it), to its end, keeping the
 * store's copy current. `show` is called before the first change to it: the caller puts the answer in the
 * store there if it has not yet. Never throws, and never leaves the answer streaming: a failure before or
 * around the stream (the records database not opening, an image that cannot be read) ends it as an error
 * with words.
 */
export async function runAnswer(
  conversationId: string,
  answer: AssistantMessage,
  messages: readonly Message[],
  show: () => void,
): Promise<void> {
  const store = useAppStore.getState();
  const patch = (p: Partial<AssistantMessage>) => {
    show();
    useAppStore.getState().patchAnswer(conversationId, answer.id, p);
  };
  const endpoint = findEndpoint(store, answer.endpointId);
  if (!endpoint) {
    patch({ status: 'error', error: { code: 'config', detail: `unknown endpoint ${answer.endpointId}` } });
    return;
  }
  await runLiveAnswer({
    answerId: answer.id,
    record: {
      id: answer.recordId,
      source: 'chat',
      conversationId,
      messageId: answer.id,
      endpoint,
      params: resolveParams(endpoint, store),
      systemPrompt: resolveSystemPrompt(endpoint, store),
      history: historyBefore(messages, answer.id),
    },
    token: own(store.tokens, endpoint.id),
    repo: () => recordsRepo(),
    onStorageError: reportStorageError,
    onChange: patch,
  });
}
