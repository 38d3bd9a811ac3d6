// Validated shapes of endpoint configuration: presets, the runtime config.json, and custom endpoints
// added in Settings all pass through these schemas, so the rest of the app sees one Endpoint type.
// zod/mini (the tree-shakable API): these schemas are read at start-up, where every kilobyte counts.
import * as z from 'zod/mini';

const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

export const imagePolicySchema = z.union([
  z.strictObject({ shortSide: int(16, 8192) }),
  z.strictObject({ longSide: int(16, 8192) }),
  z.strictObject({ passThrough: z.literal(true) }),
]);
export type ImagePolicy = z.infer<typeof imagePolicySchema>;

/** A numeric control: its default and the range the UI offers. */
const rangeSchema = z.object({
  default: z.number(),
  min: z.number(),
  max: z.number(),
  step: z.number().check(z.positive()),
});

export const paramSpecSchema = z.object({
  maxTokens: rangeSchema,
  temperature: rangeSchema,
  topP: rangeSchema,
  repetitionPenalty: rangeSchema,
  noRepeatNgramSize: rangeSchema,
});
export type ParamSpec = z.infer<typeof paramSpecSchema>;

export const protocolSchema = z.enum(['openai-chat', 'hf-vqa']);
export type Protocol = z.infer<typeof protocolSchema>;

/** Issue messages that name a problem the interface words itself (config/endpoints.ts, i18n/{en,ja}/settings.ts). */
export const URL_SCHEME = 'url-scheme';
export const URL_CREDENTIALS = 'url-credentials';

/**
 * A URL with a user name or password before its host (`https://user:password@host/v1`). Such URLs are
 * refused: browsers will not send them, and the password would show wherever the URL is shown or stored.
 */
export function hasUserinfo(url: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*@/i.test(url);
}

/** The URL without its user name and password (for endpoints stored before such URLs were refused). */
export function withoutUserinfo(url: string): string {
  return url.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:)?\/\/)[^/?#]*@/i, '$1');
}

/** The most endpoints a config.json may list. */
export const MAX_CONFIG_ENDPOINTS = 50;

const endpointBase = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1-64)')),
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Empty means "not configured yet": the endpoint is listed but cannot be used. */
  url: z.string().check(
    z.maxLength(2000),
    z.refine((u) => u === '' || /^https?:\/\//.test(u) || u.startsWith('/'), URL_SCHEME),
    z.refine((u) => !hasUserinfo(u), URL_CREDENTIALS),
  ),
  model: z._default(z.string().check(z.maxLength(200)), ''),
  imagePolicy: z._default(imagePolicySchema, { longSide: 1536 }),
  imagesPerConversation: z.optional(int(0, 16)),
  maxImagesPerMessage: z._default(int(0, 16), 4),
  systemPrompt: z._default(z.string().check(z.maxLength(10000)), ''),
  params: z.optional(z.partial(paramSpecSchema)),
  /** How long to wait for the first byte, and between chunks, before giving up (ms). */
  timeouts: z.optional(z.partial(z.object({ firstByteMs: int(100, 600_000), idleMs: int(100, 600_000) }))),
  /** Free text shown when the endpoint has no URL yet (how to configure it). */
  hint: z.optional(z.string().check(z.maxLength(500))),
});

export const endpointSchema = z.discriminatedUnion('protocol', [
  z.extend(endpointBase, { protocol: z.literal('openai-chat') }),
  z.extend(endpointBase, { protocol: z.literal('hf-vqa') }),
]);
export type Endpoint = z.infer<typeof endpointSchema>;

export const runtimeConfigSchema = z.object({
  endpoints: z._default(z.array(endpointSchema).check(z.maxLength(MAX_CONFIG_ENDPOINTS)), []),
  defaultEndpoint: z.optional(z.string()),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The generation parameters a request carries (already resolved from defaults and user choices). */
export const generationParamsSchema = z.object({
  maxTokens: int(1, 32768),
  temperature: z.number().check(z.gte(0), z.lte(2)),
  topP: z.number().check(z.gte(0), z.lte(1)),
  repetitionPenalty: z.number().check(z.gte(0.5), z.lte(2)),
  noRepeatNgramSize: int(0, 20),
  seed: z.optional(z.int()),
});
export type GenerationParams = z.infer<typeof generationParamsSchema>;
