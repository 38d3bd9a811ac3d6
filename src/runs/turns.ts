// From a conversation's messages to the turns a model receives. Pure: the images' bytes are passed in. Any domain's
// messages fit (chat's conversations, compare's sides): only role, text, images by hash and status are read.
import type { Endpoint } from '../config/schema';
import type { HeldImage } from '../images/held';
import type { ImageFacts } from '../images/types';
import type { ChatImage, ChatTurn } from '../inference';

export interface TurnMessage {
  role: 'user' | 'assistant';
  text: string;
  /** By hash: the Blob lives once in the records' image store. */
  images?: readonly ImageFacts[];
  /** An assistant message's status: a failed answer is left out of the history. */
  status?: string;
}

/**
 * Models trained on one image per conversation (Tanuki, LLaVA-1.5) saw it in the first user message,
 * so for such endpoints an image attached later is moved there.
 */
export function toChatTurns(
  history: readonly TurnMessage[],
  endpoint: Endpoint,
  systemPrompt: string,
  images: ReadonlyMap<string, HeldImage>,
): ChatTurn[] {
  const turns: ChatTurn[] = [];
  if (systemPrompt.trim()) turns.push({ role: 'system', parts: [{ type: 'text', text: systemPrompt }] });
  const imagesOf = (m: TurnMessage): ChatImage[] =>
    m.role === 'user'
      ? (m.images ?? []).flatMap((i) => {
          const image = images.get(i.sha256);
          return image ? [{ sha256: i.sha256, blob: image.blob, dataUrl: image.dataUrl, width: i.width, height: i.height }] : [];
        })
      : [];
  const hoist = endpoint.imagesPerConversation === 1;
  const hoisted = hoist ? history.flatMap(imagesOf).slice(0, 1) : [];
  let firstUser = true;
  for (const m of history) {
    if (m.role === 'assistant') {
      if (m.text) turns.push({ role: 'assistant', parts: [{ type: 'text', text: m.text }] });
      continue;
    }
    const own = hoist ? (firstUser ? hoisted : []) : imagesOf(m);
    firstUser = false;
    turns.push({
      role: 'user',
      parts: [...own.map((image) => ({ type: 'image' as const, image })), { type: 'text' as const, text: m.text }],
    });
  }
  return turns;
}

/** The messages an answer is generated from: user messages, and answers that are neither failed nor empty. */
function usableHistory<M extends TurnMessage>(messages: readonly M[]): M[] {
  return messages.filter((m) => m.role === 'user' || (m.text !== '' && m.status !== 'error'));
}

/** The history an answer is generated from: everything before it, without failed or empty answers. */
export function historyBefore<M extends TurnMessage & { id: string }>(messages: readonly M[], answerId: string): M[] {
  const index = messages.findIndex((m) => m.id === answerId);
  return usableHistory(messages.slice(0, index < 0 ? messages.length : index));
}
