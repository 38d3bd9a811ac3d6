// Record lines and export zips made in Node, for specs that import files into the app.
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import type { RecordImage } from '../../src/records/schema';

let counter = 0;

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

type LineImage = RecordImage;

/** One record as an export line (schema 1), with the given question, answer and images. */
export function recordLine(fields: {
  id?: string;
  question?: string;
  output?: string;
  images?: LineImage[];
  label?: string;
  model?: string;
}) {
  counter += 1;
  return {
    schema: 1,
    id: fields.id ?? `rec-e2e-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    createdAt: '2025-03-01T10:00:00.000Z',
    endedAt: '2025-03-01T10:00:05.000Z',
    source: 'chat',
    endpoint: {
      id: 'tanuki-8b',
      label: fields.label ?? 'Tanuki-8B-vision',
      url: 'https://h.example/v1',
      model: fields.model ?? 'tanuki-8b',
      protocol: 'openai-chat',
    },
    params: { maxTokens: 200, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
    systemPrompt: 'system',
    messages: [{ role: 'user', text: fields.question ?? 'What is in the image?', images: fields.images ?? [] }],
    output: fields.output ?? 'A cat.',
    finishReason: 'stop',
    status: 'ok',
    error: null,
    timings: { ttftMs: 300, totalMs: 5000, outputTokens: 20, tokensPerSecond: 4.2 },
    usage: { promptTokens: 600, completionTokens: 20, totalTokens: 620 },
    appVersion: '0.1.0',
  };
}

const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** A zip with records.jsonl and the given entries. */
export function exportZipOf(lines: unknown[], entries: Record<string, Uint8Array | string> = {}): Buffer {
  const files: Record<string, Uint8Array> = { 'records.jsonl': strToU8(jsonl(lines)) };
  for (const [name, data] of Object.entries(entries)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return Buffer.from(zipSync(files));
}
