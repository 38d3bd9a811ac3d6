// Validated shapes of endpoint configuration: presets, the runtime config.json, and custom endpoints
// added in Settings all pass through these schemas, so the rest of the app sees one Endpoint type.
import { z } from 'zod';

export const imagePolicySchema = z.union([
  z.object({ shortSide: z.number().int().min(16).max(8192) }).strict(),
  z.object({ longSide: z.number().int().min(16).max(8192) }).strict(),
  z.object({ passThrough: z.literal(true) }).strict(),
]);
export type ImagePolicy = z.infer<typeof imagePolicySchema>;

/** A numeric control: its default and the range the UI offers. */
const rangeSchema = z.object({ default: z.number(), min: z.number(), max: z.number(), step: z.number().positive() });
export type ParamRange = z.infer<typeof rangeSchema>;

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

const endpointBase = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1-64)'),
  label: z.string().min(1).max(100),
  /** Empty means "not configured yet": the endpoint is listed but cannot be used. */
  url: z.string().max(2000).refine((u) => u === '' || /^https?:\/\//.test(u) || u.startsWith('/'), 'must be http(s):// or a path'),
  model: z.string().max(200).default(''),
  imagePolicy: imagePolicySchema.default({ longSide: 1536 }),
  imagesPerConversation: z.number().int().min(0).max(16).optional(),
  maxImagesPerMessage: z.number().int().min(0).max(16).default(4),
  systemPrompt: z.string().max(10000).default(''),
  params: paramSpecSchema.partial().optional(),
  /** How long to wait for the first byte, and between chunks, before giving up (ms). */
  timeouts: z.object({ firstByteMs: z.number().int().min(100).max(600_000), idleMs: z.number().int().min(100).max(600_000) }).partial().optional(),
  /** Where a URL-less preset tells the user how to configure it. */
  hint: z.string().max(500).optional(),
});

export const endpointSchema = z.discriminatedUnion('protocol', [
  endpointBase.extend({ protocol: z.literal('openai-chat') }),
  endpointBase.extend({ protocol: z.literal('hf-vqa') }),
]);
export type Endpoint = z.infer<typeof endpointSchema>;
export type EndpointInput = z.input<typeof endpointSchema>;

export const runtimeConfigSchema = z.object({
  endpoints: z.array(endpointSchema).max(50).default([]),
  defaultEndpoint: z.string().optional(),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The generation parameters a request carries (already resolved from defaults and user choices). */
export const generationParamsSchema = z.object({
  maxTokens: z.number().int().min(1).max(32768),
  temperature: z.number().min(0).max(2),
  topP: z.number().min(0).max(1),
  repetitionPenalty: z.number().min(0.5).max(2),
  noRepeatNgramSize: z.number().int().min(0).max(20),
  seed: z.number().int().optional(),
});
export type GenerationParams = z.infer<typeof generationParamsSchema>;
