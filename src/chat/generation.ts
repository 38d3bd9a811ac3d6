// Runs one chat answer: builds the request from the conversation and runs it through src/runs (which streams
// it and keeps its record), feeding the live text and the store as it goes.
import type { Endpoint } from '../config/schema';
import { recordsRepo } from '../records/instance';
import { runAnswer as runOne } from '../runs/run-answer';
// A record that cannot be written must not stop the answer: the user is told instead.
import { reportStorageError, useAppStore } from '../store';
import { findEndpoint, resolveParams, resolveSystemPrompt } from '../store/endpoints';
import { appendLive, endLive, liveText, setLiveRetry, startLive } from './live-text';
import { historyBefore, toChatTurns } from './turns';
import type { AssistantMessage, Message } from '../store/chat-types';

const running = new Map<string, AbortController>();

/** Stop closes the connection (the signal reaches fetch); what arrived is kept and marked. */
export function stopAnswer(answerId: string): void {
  running.get(answerId)?.abort();
}

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

async function loadBlobs(history: Message[]): Promise<Map<string, Blob>> {
  const repo = await recordsRepo();
  const hashes = new Set(history.flatMap((m) => (m.role === 'user' ? m.images.map((i) => i.sha256) : [])));
  const blobs = new Map<string, Blob>();
  for (const sha of hashes) {
    const stored = await repo.getImage(sha);
    if (stored) blobs.set(sha, stored.blob);
  }
  return blobs;
}

/**
 * Runs the answer `answerId` of a conversation (already in the store, status `streaming`) to its end. Never
 * throws, and never leaves the answer streaming: a failure before or around the stream (the records database
 * not opening, an image that cannot be read) ends it as an error with words.
 */
export async function runAnswer(conversationId: string, answerId: string): Promise<void> {
  const patch = (p: Partial<AssistantMessage>) => useAppStore.getState().patchAnswer(conversationId, answerId, p);
  try {
    await generate(conversationId, answerId, patch);
  } catch (e) {
    running.delete(answerId);
    const text = liveText(answerId);
    endLive(answerId);
    patch({
      ...(text ? { text } : {}),
      status: 'error',
      error: { code: 'internal', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) },
    });
  }
}

async function generate(conversationId: string, answerId: string, patch: (p: Partial<AssistantMessage>) => void): Promise<void> {
  const store = useAppStore.getState();
  const conversation = store.conversations[conversationId];
  const answer = conversation?.messages.find((m): m is AssistantMessage => m.id === answerId && m.role === 'assistant');
  if (!conversation || !answer) return;

  const endpoint = findEndpoint(store, conversation.endpointId);
  if (!endpoint) {
    patch({ status: 'error', error: { code: 'config', detail: `unknown endpoint ${conversation.endpointId}` } });
    return;
  }
  const params = resolveParams(endpoint, store);
  const systemPrompt = resolveSystemPrompt(endpoint, store);
  const history = historyBefore(conversation.messages, answerId);
  const blobs = await loadBlobs(history);
  const turns = toChatTurns(history, endpoint, systemPrompt, blobs);

  const controller = new AbortController();
  running.set(answerId, controller);
  startLive(answerId);
  const run = runOne({
    record: { id: answer.recordId, source: 'chat', conversationId, messageId: answerId, endpoint, params, systemPrompt, history },
    endpoint,
    token: store.tokens[endpoint.id],
    turns,
    sentBytes: [...blobs.values()].reduce((n, b) => n + b.size, 0),
    signal: controller.signal,
    repo: () => recordsRepo(),
    onStorageError: reportStorageError,
  });
  let step = await run.next();
  try {
    while (!step.done) {
      const progress = step.value;
      if (progress.type === 'delta') appendLive(answerId, progress.text);
      else if (progress.type === 'retry') setLiveRetry(answerId, { until: Date.now() + progress.waitMs, attempt: progress.attempt });
      else patch({ text: progress.text });
      step = await run.next();
    }
  } finally {
    running.delete(answerId);
  }
  const result = step.value;
  patch({
    text: result.output,
    status: result.status,
    finishReason: result.finishReason,
    error: result.error,
    ttftMs: result.timings.ttftMs,
    tokensPerSecond: result.timings.tokensPerSecond,
  });
  endLive(answerId);
}
