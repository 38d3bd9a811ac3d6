// Adapter for OpenAI-compatible chat completions (vLLM, TGI, SGLang, the HF router, the demo endpoint):
// the main path. Streams through @huggingface/inference's chatCompletionStream, or asks for the whole answer
// at once through its chatCompletion when the caller needs no stream.
import type { ChatCompletionInput, ChatCompletionInputMessage } from '@huggingface/tasks';
import { InferenceError } from './errors';
import { ImageBodies } from './image-bodies';
import { chunksToEvents } from './stream';
import { blobToDataUrl, loadLibrary, type Adapter } from './transport';
import type { ChatImage, ChatPart, ChatRequest } from './types';

/**
 * The `model` sent when an endpoint names none. Without one the library sends the endpoint URL, which is
 * never a valid name and puts the host into server logs. TGI (and HF Inference Endpoints running it)
 * ignores the field, and "tgi" is the name its own docs use; vLLM and the router need the served name and
 * answer 404, which the app words as "check the model name".
 */
export const MODEL_WHEN_UNSET = 'tgi';

type ContentPart = Exclude<ChatCompletionInputMessage['content'], string | undefined>[number];

export type OpenAIChatBody = ChatCompletionInput & {
  model: string;
  messages: ChatCompletionInputMessage[];
  repetition_penalty: number;
  no_repeat_ngram_size: number;
};

const textOf = (parts: ChatPart[]): string => parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n\n');

/** What the JSON carries for an image: its data: URL unless told otherwise (image-bodies.ts). */
type ImageUrl = (image: ChatImage, dataUrl: string) => string;

/** OpenAI messages from the app's turns. Images go before the text: LLaVA-style templates expect them first. */
export async function buildOpenAIMessages(
  req: ChatRequest,
  imageUrl: ImageUrl = (_, dataUrl) => dataUrl,
): Promise<ChatCompletionInputMessage[]> {
  const messages: ChatCompletionInputMessage[] = [];
  for (const turn of req.messages) {
    const text = textOf(turn.parts);
    if (turn.role === 'system') {
      if (text.trim()) messages.push({ role: 'system', content: text });
      continue;
    }
    if (turn.role === 'assistant') {
      messages.push({ role: 'assistant', content: text });
      continue;
    }
    const images = turn.parts.flatMap((p) => (p.type === 'image' ? [p.image] : []));
    if (images.length === 0) {
      // A plain string for text-only turns: every server accepts it, not every one accepts parts.
      messages.push({ role: 'user', content: text });
      continue;
    }
    const content: ContentPart[] = [];
    for (const image of images) {
      content.push({ type: 'image_url', image_url: { url: imageUrl(image, image.dataUrl ?? (await blobToDataUrl(image.blob))) } });
    }
    if (text) content.push({ type: 'text', text });
    messages.push({ role: 'user', content });
  }
  return messages;
}

/** Everything the library sends except `stream: true`, which it adds. Holds no token: that goes in a header. */
export async function buildOpenAIBody(req: ChatRequest, imageUrl?: ImageUrl): Promise<OpenAIChatBody> {
  const p = req.params;
  const stop = req.stop?.filter((s) => s !== '');
  return {
    model: req.endpoint.model.trim() || MODEL_WHEN_UNSET,
    messages: await buildOpenAIMessages(req, imageUrl),
    max_tokens: p.maxTokens,
    temperature: p.temperature,
    top_p: p.topP,
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    ...(stop && stop.length > 0 ? { stop } : {}),
    // Not in the OpenAI schema: vLLM and TGI read them as extra fields; the Tanuki demo exposes both.
    repetition_penalty: p.repetitionPenalty,
    no_repeat_ngram_size: p.noRepeatNgramSize,
    stream_options: { include_usage: true },
  };
}

async function* tap<T>(source: AsyncIterable<T>, onItem: () => void): AsyncGenerator<T> {
  for await (const item of source) {
    onItem();
    yield item;
  }
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null;

/**
 * A whole answer in the shape of a stream chunk carrying all of it, so one reader (chunksToEvents) reads both.
 * Only the message is required: given an endpoint URL the library hands the reply over unchecked, and servers
 * and proxies that leave out id, created, model or usage (as their streamed chunks may) are read all the same.
 */
function asChunk(reply: unknown): unknown {
  const choice: unknown = isRec(reply) && Array.isArray(reply.choices) ? reply.choices[0] : undefined;
  if (!isRec(reply) || !isRec(choice) || !isRec(choice.message)) {
    throw new InferenceError('protocol', 'The reply holds no answer.', { detail: 'The reply has no choices[0].message.' });
  }
  return { choices: [{ delta: { content: choice.message.content }, finish_reason: choice.finish_reason }], usage: reply.usage };
}

export const openAIChatAdapter: Adapter = async function* (req, ctx) {
  const images = new ImageBodies();
  const [{ InferenceClient }, body] = await Promise.all([loadLibrary(), buildOpenAIBody(req, (image, url) => images.url(image, url))]);
  const client = new InferenceClient(req.token ?? '');
  // retry_on_error: false, because the library would re-send a 503 at once and forever; retry.ts decides.
  const options = { signal: ctx.signal, fetch: images.fetch(ctx.fetch), retry_on_error: false };
  if (!ctx.stream) {
    // Servers refuse stream_options on a request that does not stream.
    const { stream_options: _streamOnly, ...whole } = body;
    const output = await client.chatCompletion({ endpointUrl: ctx.url, ...whole }, options);
    ctx.onChunk();
    yield* chunksToEvents([asChunk(output)]);
    return;
  }
  const chunks = client.chatCompletionStream({ endpointUrl: ctx.url, ...body }, options);
  yield* chunksToEvents(tap(chunks, ctx.onChunk));
};
