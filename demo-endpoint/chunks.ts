/*
 * The JSON the endpoint sends, in the two shapes real servers use. TGI's shape is what the
 * @huggingface/tasks schemas describe (role and system_fingerprint in every chunk, the finish
 * reason on the last token); vLLM's differs in ways clients must tolerate.
 */
import type { Completion } from './tokens.ts';

const SYSTEM_FINGERPRINT = 'tanuki-vision-studio-demo';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

export interface StreamEvent {
  data: Record<string, unknown>;
  /** Whether the event carries a token (mid-stream faults count these). */
  token: boolean;
}

export interface StreamPlan {
  shape: 'tgi' | 'vllm';
  completion: Completion;
  usage: Usage;
  includeUsage: boolean;
  /** Leave out every finish_reason, as a stream that just stops would. */
  withoutFinish: boolean;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export function streamEvents(identity: ResponseIdentity, plan: StreamPlan): StreamEvent[] {
  return plan.shape === 'tgi' ? tgiEvents(identity, plan) : vllmEvents(identity, plan);
}

function chunk(identity: ResponseIdentity, extra: Record<string, unknown>): Record<string, unknown> {
  return { id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, ...extra };
}

function choice(delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

function tgiEvents(identity: ResponseIdentity, plan: StreamPlan): StreamEvent[] {
  const { tokens, finishReason } = plan.completion;
  const finish = plan.withoutFinish ? null : finishReason;
  const tgi = (extra: Record<string, unknown>): Record<string, unknown> =>
    chunk(identity, { system_fingerprint: SYSTEM_FINGERPRINT, ...extra });
  const events: StreamEvent[] = tokens.map((content, i) => ({
    data: tgi({ choices: [choice({ role: 'assistant', content }, i === tokens.length - 1 ? finish : null)] }),
    token: true,
  }));
  if (tokens.length === 0) {
    events.push({ data: tgi({ choices: [choice({ role: 'assistant', content: '' }, finish)] }), token: false });
  }
  if (plan.includeUsage && !plan.withoutFinish) {
    events.push({ data: tgi({ choices: [], usage: plan.usage }), token: false });
  }
  return events;
}

function vllmEvents(identity: ResponseIdentity, plan: StreamPlan): StreamEvent[] {
  const events: StreamEvent[] = [
    { data: chunk(identity, { choices: [choice({ role: 'assistant', content: '' }, null)] }), token: false },
    ...plan.completion.tokens.map((content) => ({
      data: chunk(identity, { choices: [choice({ content }, null)] }),
      token: true,
    })),
  ];
  if (plan.withoutFinish) return events;
  events.push({ data: chunk(identity, { choices: [choice({}, plan.completion.finishReason)] }), token: false });
  events.push({ data: chunk(identity, { choices: [], usage: plan.usage }), token: false });
  return events;
}

export function completionObject(identity: ResponseIdentity, completion: Completion, usage: Usage): Record<string, unknown> {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: completion.tokens.join('') },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage,
  };
}

/** OpenAI's error body; `type` is what clients switch on. */
export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null) {
  return { error: { message, type, param, code } };
}
