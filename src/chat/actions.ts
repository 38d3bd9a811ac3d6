// What the chat screen's buttons do: each changes the store and starts an answer; the answer runs in generation.ts.
import { holdImage } from '../images/held';
import type { PreparedImage } from '../images/prepare-core';
import { recordsRepo } from '../records/instance';
import { holdLive } from '../records/live-answers';
import { reportStorageError, useAppStore } from '../store';
import { defaultEndpointId, findEndpoint } from '../store/endpoints';
import { holdConversationWrites, persistenceSettled } from '../store/persistence';
import { newAnswer, runAnswer } from './generation';

export { stopAnswer, stopAnswerHere } from './generation';
import type { ImageRef, UserMessage } from '../store/chat-types';

function toImageRef(p: PreparedImage): ImageRef {
  return {
    sha256: p.sha256,
    mime: p.mime,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    original: { name: p.original.name, width: p.original.width, height: p.original.height, bytes: p.original.bytes },
  };
}

/** `onRequest` is called once the answer's request has been started (or when there is none to start). */
function startAnswer(conversationId: string, onRequest: () => void = () => {}): void {
  const state = useAppStore.getState();
  const conversation = state.conversations[conversationId];
  const endpoint = conversation && findEndpoint(state, conversation.endpointId);
  if (!endpoint) return onRequest();
  const answer = newAnswer(endpoint);
  // The answer enters the conversation only once this tab holds its lock, and the lock is let go only
  // after its last state is stored: any other tab can tell a live answer from an interrupted one.
  void holdLive(answer.recordId, async () => {
    useAppStore.getState().appendMessages(conversationId, answer);
    const running = runAnswer(conversationId, answer.id);
    // With its code loaded, the answer calls fetch in this task (after microtasks only).
    onRequest();
    await running;
    await persistenceSettled();
  }).finally(onRequest);
}

export function ensureConversation(): string {
  const state = useAppStore.getState();
  return state.activeId && state.conversations[state.activeId] ? state.activeId : state.createConversation(defaultEndpointId(state));
}

/**
 * Sends at once: the request leaves as soon as the answer holds its lock, with the images held in memory in the
 * form it carries them. They are stored beside it (from the task after the one that starts the request), and
 * the conversation that refers to them is written only after them, so a reload never finds a message whose
 * image was not stored. A failed image write is reported like any other storage failure; the question and its
 * answer go on.
 */
export function sendMessage(conversationId: string, text: string, images: PreparedImage[]): void {
  for (const p of images) holdImage(p.sha256, { blob: p.blob, dataUrl: p.dataUrl });
  let requestStarted = () => {};
  if (images.length) {
    // From the task after the request's: checking and storing the images must not hold the request back.
    const stored = new Promise<void>((resolve) => (requestStarted = resolve))
      .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .then(async () => {
        const repo = await recordsRepo();
        for (const p of images) await repo.putImage(p.sha256, p.blob, { mime: p.mime, width: p.width, height: p.height, bytes: p.bytes });
      });
    stored.catch(reportStorageError);
    holdConversationWrites(stored);
  }
  const message: UserMessage = { id: crypto.randomUUID(), role: 'user', text, images: images.map(toImageRef), createdAt: Date.now() };
  useAppStore.getState().appendMessages(conversationId, message);
  startAnswer(conversationId, requestStarted);
}

/** Replaces the answer (and anything after it) with a new one; the old answer's record stays. */
export function regenerate(conversationId: string, answerId: string): void {
  const state = useAppStore.getState();
  const messages = state.conversations[conversationId]?.messages ?? [];
  const index = messages.findIndex((m) => m.id === answerId);
  const before = messages[index - 1];
  if (!before) return;
  state.truncateAfter(conversationId, before.id);
  startAnswer(conversationId);
}

export function editAndResend(conversationId: string, userMessageId: string, text: string): void {
  const state = useAppStore.getState();
  state.editUserText(conversationId, userMessageId, text);
  state.truncateAfter(conversationId, userMessageId);
  startAnswer(conversationId);
}
