// Stored settings are read through a schema: a field that no longer fits is dropped, not trusted.
// A module of its own, loaded only when there are stored settings to read (persistence.ts).
import * as z from 'zod/mini';
import { endpointSchema, generationParamsSchema, withoutUserinfo } from '../config/schema';
import type { PersistedSettings } from './settings-slice';

/** Settings, and which conversation was open, so that a reload comes back to it. */
export type Persisted = PersistedSettings & { activeId: string | null };

function isUrlHolder(e: unknown): e is { url: string } {
  return typeof e === 'object' && e !== null && typeof (e as { url?: unknown }).url === 'string';
}

const persistedSchema = z.object({
  lang: z.enum(['ja', 'en']),
  annotator: z.string().check(z.maxLength(100)),
  selectedEndpointId: z.nullable(z.string().check(z.maxLength(64))),
  // Stored before URLs with user:password@ were refused: the password is dropped, the endpoint kept.
  customEndpoints: z.pipe(
    z.transform((list: unknown) =>
      Array.isArray(list) ? list.map((e: unknown) => (isUrlHolder(e) ? { ...e, url: withoutUserinfo(e.url) } : e)) : list,
    ),
    z.array(endpointSchema).check(z.maxLength(100)),
  ),
  overrides: z.record(
    z.string(),
    z.object({
      params: z.optional(z.partial(generationParamsSchema)),
      systemPrompt: z.optional(z.string().check(z.maxLength(10000))),
    }),
  ),
  rememberTokens: z.boolean(),
  activeId: z.nullable(z.string().check(z.maxLength(100))),
});

export function readPersisted(raw: unknown): Partial<Persisted> {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(persistedSchema.shape)) {
    const parsed = field.safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as Partial<Persisted>;
}
