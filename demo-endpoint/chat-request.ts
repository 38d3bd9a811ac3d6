/*
 * The request bodies the demo endpoint accepts, and the facts it reads from them. Unknown top-level
 * fields pass (real servers ignore sampling options they do not know); what the demo relies on is
 * checked strictly, and images must travel inside the request: it never fetches a URL.
 */
import { z } from 'zod';

const DATA_IMAGE_URL = /^data:image\/[\w.+-]+(?:;[\w-]+=[\w.-]+)*;base64,/iu;

const imageUrl = z.string().superRefine((url, ctx) => {
  if (/^https?:/iu.test(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'Remote image URLs are not fetched by the demo endpoint: send the image as a base64 data: URL.',
    });
  } else if (!DATA_IMAGE_URL.test(url)) {
    ctx.addIssue({ code: 'custom', message: 'Expected a base64 data URL of an image (data:image/...;base64,...).' });
  }
});

const contentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: imageUrl, detail: z.string().optional() }) }),
]);

const message = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(contentPart)]),
  name: z.string().optional(),
});

const optionalNumber = z.number().nullish();
const optionalCount = z.number().int().min(0).nullish();

export const chatRequestSchema = z.looseObject({
  model: z.string().nullish(),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: optionalCount,
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.array(z.string()).max(4).nullish(),
  repetition_penalty: optionalNumber,
  no_repeat_ngram_size: optionalCount,
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof message>;

/** The body `visualQuestionAnswering` of @huggingface/inference posts: the image as bare base64. */
export const vqaRequestSchema = z.looseObject({
  inputs: z.object({ question: z.string(), image: z.string().min(1) }),
});

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`).join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

export function messageImageUrls(content: ChatMessage['content']): string[] {
  if (typeof content === 'string') return [];
  return content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []));
}

export interface ConversationFacts {
  lastUserText: string;
  /** Data URLs of the images in the last user message. */
  lastUserImages: string[];
  conversationImages: number;
  turns: number;
}

export function readConversation(messages: readonly ChatMessage[]): ConversationFacts {
  const users = messages.filter((m) => m.role === 'user');
  const last = users.at(-1);
  return {
    lastUserText: last ? messageText(last.content) : '',
    lastUserImages: last ? messageImageUrls(last.content) : [],
    conversationImages: messages.reduce((sum, m) => sum + messageImageUrls(m.content).length, 0),
    turns: users.length,
  };
}
