// Adapter for Hugging Face Inference Endpoints with the visual-question-answering task (custom handlers):
// one image, one question, one answer, not streamed. The library posts to the URL as given.
import type { GenerationParams } from '../config/schema';
import { InferenceError } from './errors';
import { loadLibrary, type Adapter } from './transport';
import type { ChatImage, ChatRequest } from './types';

/** The last user turn's first image and its text: these models answer single turns only. */
/** The last question, about the conversation's latest image (a follow-up question carries none of its own). */
export function vqaInputs(req: ChatRequest): { question: string; image: ChatImage } | null {
  const users = [...req.messages].reverse().filter((t) => t.role === 'user');
  const turn = users[0];
  const image = users.flatMap((t) => t.parts).find((p) => p.type === 'image')?.image;
  if (!turn || !image) return null;
  const question = turn.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n\n');
  return { question, image };
}

/**
 * Generation settings in transformers' `generate` names, which custom handlers pass on. Greedy is said
 * with do_sample rather than temperature 0, which `generate` rejects when sampling.
 */
function vqaParameters(p: GenerationParams): Record<string, number | boolean> {
  const sampling = p.temperature > 0;
  return {
    max_new_tokens: p.maxTokens,
    do_sample: sampling,
    ...(sampling ? { temperature: p.temperature, top_p: p.topP } : {}),
    repetition_penalty: p.repetitionPenalty,
    ...(p.noRepeatNgramSize > 0 ? { no_repeat_ngram_size: p.noRepeatNgramSize } : {}),
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
  };
}

export const hfVqaAdapter: Adapter = async function* (req, ctx) {
  const inputs = vqaInputs(req);
  if (!inputs) {
    throw new InferenceError('config', 'A visual-question-answering endpoint needs an image in the question.', {
      configIssue: 'needs-image',
    });
  }
  const { InferenceClient } = await loadLibrary();
  const client = new InferenceClient(req.token ?? '');
  const result: unknown = await client.visualQuestionAnswering(
    {
      endpointUrl: ctx.url,
      inputs: { question: inputs.question, image: inputs.image.blob },
      parameters: vqaParameters(req.params),
    },
    { signal: ctx.signal, fetch: ctx.fetch, retry_on_error: false },
  );
  ctx.onChunk();
  // The library checks an array of {answer, score} but returns its first element, which an empty array lacks.
  const answer = typeof result === 'object' && result !== null ? (result as { answer?: unknown }).answer : undefined;
  if (typeof answer !== 'string') {
    throw new InferenceError('protocol', 'The endpoint returned no answer.', { detail: 'expected [{"answer": string, "score": number}]' });
  }
  if (answer) yield { type: 'delta', text: answer };
  yield { type: 'done', finishReason: 'stop' };
};
