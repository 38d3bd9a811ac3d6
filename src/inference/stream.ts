// From chat-completion stream chunks to the app's events. Pure and tolerant: TGI sends a role and a
// system_fingerprint in every chunk; vLLM sends the role only first, ends with `delta: {}`, and reports
// usage in a chunk of its own with `choices: []`.
import type { StreamEvent, Usage } from './types';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function toUsage(u: Rec): Usage {
  const usage: Usage = {};
  const prompt = num(u.prompt_tokens);
  const completion = num(u.completion_tokens);
  const total = num(u.total_tokens);
  if (prompt !== undefined) usage.promptTokens = prompt;
  if (completion !== undefined) usage.completionTokens = completion;
  if (total !== undefined) usage.totalTokens = total;
  return usage;
}

/** Yields deltas and usage as they come, then exactly one `done` (never `error`: failures are thrown). */
export async function* chunksToEvents(chunks: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<StreamEvent> {
  let finishReason: string | null = null;
  for await (const chunk of chunks) {
    if (!isRec(chunk)) continue;
    const choice = Array.isArray(chunk.choices) ? (chunk.choices[0] as unknown) : undefined;
    if (isRec(choice)) {
      const delta = isRec(choice.delta) ? choice.delta : undefined;
      const text = typeof delta?.content === 'string' ? delta.content : '';
      if (text) yield { type: 'delta', text };
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) finishReason = choice.finish_reason;
    }
    if (isRec(chunk.usage)) yield { type: 'usage', usage: toUsage(chunk.usage) };
  }
  yield { type: 'done', finishReason };
}
