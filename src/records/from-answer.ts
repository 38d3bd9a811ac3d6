// Builds a record from an answer being generated: written when the request starts, finished when it ends.
import type { Endpoint, GenerationParams } from '../config/schema';
import type { Usage } from '../inference/types';
import { RECORD_SCHEMA_VERSION, type RecordSource } from './constants';
import type { AnswerRecord, BatchProvenance, RecordMessage } from './schema';

export interface HistoryMessage {
  role: 'user' | 'assistant';
  text: string;
  images?: readonly { sha256: string; mime: string; width: number; height: number; bytes: number }[];
}

export function buildRecord(input: {
  id: string;
  source: RecordSource;
  conversationId?: string;
  messageId?: string;
  groupId?: string;
  endpoint: Endpoint;
  params: GenerationParams;
  systemPrompt: string;
  history: readonly HistoryMessage[];
  batch?: BatchProvenance;
}): AnswerRecord {
  const { endpoint } = input;
  const messages: RecordMessage[] = input.history.map((m) => ({
    role: m.role,
    text: m.text,
    images: (m.images ?? []).map(({ sha256, mime, width, height, bytes }) => ({ sha256, mime, width, height, bytes })),
  }));
  return {
    schema: RECORD_SCHEMA_VERSION,
    id: input.id,
    createdAt: new Date().toISOString(),
    endedAt: null,
    source: input.source,
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
    ...(input.messageId ? { messageId: input.messageId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    endpoint: { id: endpoint.id, label: endpoint.label, url: endpoint.url, model: endpoint.model, protocol: endpoint.protocol },
    params: input.params,
    systemPrompt: input.systemPrompt,
    messages,
    output: '',
    finishReason: null,
    status: 'pending',
    error: null,
    timings: { ttftMs: null, totalMs: null, outputTokens: null, tokensPerSecond: null },
    usage: null,
    appVersion: __APP_VERSION__,
    ...(input.batch ? { batch: input.batch } : {}),
  };
}

export function finishRecord(
  record: AnswerRecord,
  end: {
    output: string;
    status: Exclude<AnswerRecord['status'], 'pending'>;
    finishReason: string | null;
    error: { code: string; detail?: string } | null;
    timings: AnswerRecord['timings'];
    usage: Usage | null;
  },
): AnswerRecord {
  return {
    ...record,
    endedAt: new Date().toISOString(),
    output: end.output,
    status: end.status,
    finishReason: end.finishReason,
    error: end.error ? { code: end.error.code, message: end.error.detail ?? '' } : null,
    timings: end.timings,
    usage: end.usage,
  };
}
