// Runs one answer: builds the request from the conversation, streams it through the inference module,
// feeds the live text, checkpoints, and writes the answer's record at the start and at the end.
import type { Endpoint } from '../config/schema';
import { streamChat } from '../inference';
import type { StreamEvent, Usage } from '../inference';
import { recordsRepo } from '../records/instance';
import { buildRecord, finishRecord } from '../records/from-answer';
// A record that cannot be written must not stop the answer: the user is told instead.
import { reportStorageError, useAppStore } from '../store';
import { findEndpoint, resolveParams, resolveSystemPrompt } from '../store/endpoints';
import { appendLive, endLive, liveText, setLiveRetry, startLive } from './live-text';
import { historyBefore, toChatTurns } from './turns';
import type { AnswerError, AssistantMessage, Message } from '../store/chat-types';

const CHECKPOINT_MS = 1000;

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
  const params = resolveParams(endpoint, store);
  const systemPrompt = resolveSystemPrompt(endpoint, store);
  const history = historyBefore(conversation.messages, answerId);
  const blobs = await loadBlobs(history);
  const messages = toChatTurns(history, endpoint, systemPrompt, blobs);
  const sentBytes = [...blobs.values()].reduce((n, b) => n + b.size, 0);

  const repo = await recordsRepo();
  let record = buildRecord({
    id: answer.recordId,
    source: 'chat',
    conversationId,
    messageId: answerId,
    endpoint,
    params,
    systemPrompt,
    history,
  });
  await repo.putRecord(record).catch(reportStorageError);

  const controller = new AbortController();
  running.set(answerId, controller);
  startLive(answerId);
  const started = performance.now();
  let firstTokenAt: number | null = null;
  let deltas = 0;
  let retries = 0;
  let usage: Usage | null = null;
  let lastCheckpoint = started;
  let final: StreamEvent | null = null;

  try {
    for await (const event of streamChat(
      { endpoint, token: store.tokens[endpoint.id], messages, params },
      { signal: controller.signal, firstByteTimeoutMs: endpoint.timeouts?.firstByteMs, idleTimeoutMs: endpoint.timeouts?.idleMs },
    )) {
      if (event.type === 'delta') {
        firstTokenAt ??= performance.now();
        deltas += 1;
        appendLive(answerId, event.text);
        const now = performance.now();
        if (now - lastCheckpoint > CHECKPOINT_MS) {
          lastCheckpoint = now;
          const text = liveText(answerId) ?? '';
          patch({ text });
          void repo.putRecord({ ...record, output: text }).catch(reportStorageError);
        }
      } else if (event.type === 'retry') {
        retries = event.attempt;
        setLiveRetry(answerId, { until: Date.now() + event.waitMs, attempt: event.attempt });
      } else if (event.type === 'usage') {
        usage = event.usage;
      } else {
        final = event;
      }
    }
  } finally {
    running.delete(answerId);
  }

  const ended = performance.now();
  const text = liveText(answerId) ?? '';
  const outputTokens = usage?.completionTokens ?? (deltas || null);
  const streamSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
  const timings = {
    ttftMs: firstTokenAt === null ? null : Math.round(firstTokenAt - started),
    totalMs: Math.round(ended - started),
    outputTokens,
    // One delta (a non-streamed answer) has no rate to speak of.
    tokensPerSecond: outputTokens && deltas > 1 && streamSeconds > 0 ? Math.round((outputTokens / streamSeconds) * 10) / 10 : null,
  };
  let error: AnswerError | null = null;
  let status: AssistantMessage['status'] = 'ok';
  let finishReason: string | null = null;
  if (final?.type === 'done') {
    finishReason = final.finishReason;
  } else {
    const e = final?.type === 'error' ? final.error : null;
    status = e?.code === 'aborted' ? 'aborted' : 'error';
    error = e
      ? {
          code: e.code,
          status: e.status,
          retryAfterMs: e.retryAfterMs,
          detail: e.detail ?? e.message,
          sentBytes,
          midStream: e.midStream,
          retries,
        }
      : { code: 'protocol', detail: 'the stream ended without an event', sentBytes };
  }
  patch({ text, status, finishReason, error, ttftMs: timings.ttftMs, tokensPerSecond: timings.tokensPerSecond });
  endLive(answerId);
  record = finishRecord(record, { output: text, status, finishReason, error, timings, usage });
  await repo.putRecord(record).catch(reportStorageError);
}
