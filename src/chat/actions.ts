// What the chat screen's buttons do: each changes the store and starts an answer; the answer runs in generation.ts.
import { holdImage } from '../images/held';
import type { PreparedImage } from '../images/prepare-core';
import { recordsRepo } from '../records/instance';
import { holdLive } from '../records/hold-live';
import { reportStorageError, useAppStore } from '../store';
import { defaultEndpointId, findEndpoint } from '../store/endpoints';
import { afterClick } from '../ui/after-click';
import { holdConversationWrites, persistenceSettled } from '../store/persistence';
import { newAnswer, runAnswer } from './generation';

export { stopAnswer, stopAnswerHere } from './generation';
import type { ImageRef, Message, UserMessage } from '../store/chat-types';

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

const once = (run: () => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    run();
  };
};

/**
 * Starts an answer to `messages` (the conversation as it is about to be, up to the answer) in the caller's
 * task: with the sending code loaded and the images held, its request leaves before anything renders or is
 * stored. `show` (the caller's own changes to the store) runs after the click (src/ui/after-click.ts). The
 * answer joins the conversation once this tab holds its lock (or earlier, ended, when it ends first), and the
 * lock is let go only after its last state is stored: any other tab can tell a live answer from an
 * interrupted one.
 */
function startAnswer(conversationId: string, endpointId: string, messages: readonly Message[], show: () => void): void {
  const endpoint = findEndpoint(useAppStore.getState(), endpointId);
  if (!endpoint) return show();
  const answer = newAnswer(endpoint);
  const shown = once(show);
  const answerShown = once(() => {
    shown();
    useAppStore.getState().appendMessages(conversationId, answer);
  });
  void holdLive(answer.recordId, async (held) => {
    const running = runAnswer(conversationId, answer, messages, answerShown);
    afterClick(shown);
    void held.then(answerShown);
    await running;
    await persistenceSettled();
  });
}

/**
 * Sends at once: the request leaves before the new turn renders, with the images held in memory in the form
 * it carries them. They are stored beside it (from the task after the one that starts the request), and the
 * conversation that refers to them is written only after them, so a reload never finds a message whose image
 * was not stored. A failed image write is reported like any other storage failure; the question and its
 * answer go on. Without a conversation on screen, a new one (with the endpoint picked) holds the question.
 */
export function sendMessage(conversationId: string | null, text: string, images: PreparedImage[]): void {
  for (const p of images) holdImage(p.sha256, { blob: p.blob, dataUrl: p.dataUrl });
  const state = useAppStore.getState();
  const conversation = conversationId ? state.conversations[conversationId] : undefined;
  const id = conversation?.id ?? crypto.randomUUID();
  const endpointId = conversation?.endpointId ?? defaultEndpointId(state);
  const message: UserMessage = { id: crypto.randomUUID(), role: 'user', text, images: images.map(toImageRef), createdAt: Date.now() };
  const show = () => {
    if (images.length) {
      const stored = (async () => {
        const repo = await recordsRepo();
        for (const p of images) await repo.putImage(p.sha256, p.blob, { mime: p.mime, width: p.width, height: p.height, bytes: p.bytes });
      })();
      stored.catch(reportStorageError);
      holdConversationWrites(stored);
    }
    if (!conversation) useAppStore.getState().createConversation(endpointId, id);
    useAppStore.getState().appendMessages(id, message);
  };
  startAnswer(id, endpointId, [...(conversation?.messages ?? []), message], show);
}

/** Replaces the answer (and anything after it) with a new one; the old answer's record stays. */
export function regenerate(conversationId: string, answerId: string): void {
  const conversation = useAppStore.getState().conversations[conversationId];
  const messages = conversation?.messages ?? [];
  const index = messages.findIndex((m) => m.id === answerId);
  const before = messages[index - 1];
  if (!conversation || !before) return;
  startAnswer(conversationId, conversation.endpointId, messages.slice(0, index), () =>
    useAppStore.getState().truncateAfter(conversationId, before.id),
  );
}

export function editAndResend(conversationId: string, userMessageId: string, text: string): void {
  const conversation = useAppStore.getState().conversations[conversationId];
  const index = conversation?.messages.findIndex((m) => m.id === userMessageId) ?? -1;
  if (!conversation || index < 0) return;
  const messages = conversation.messages.slice(0, index + 1).map((m) => (m.id === userMessageId && m.role === 'user' ? { ...m, text } : m));
  startAnswer(conversationId, conversation.endpointId, messages, () => {
    useAppStore.getState().editUserText(conversationId, userMessageId, text);
    useAppStore.getState().truncateAfter(conversationId, userMessageId);
  });
}
