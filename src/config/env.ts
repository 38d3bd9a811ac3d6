// Build-time environment, validated once: a bad value fails loudly at start instead of deep in a request.
import { z } from 'zod';

const envSchema = z.object({
  VITE_TANUKI_8B_URL: z.string().url().optional().or(z.literal('')),
  VITE_TANUKI_8X8B_URL: z.string().url().optional().or(z.literal('')),
});

const parsed = envSchema.safeParse(import.meta.env);

export const env = {
  tanuki8bUrl: parsed.success ? parsed.data.VITE_TANUKI_8B_URL || undefined : undefined,
  tanuki8x8bUrl: parsed.success ? parsed.data.VITE_TANUKI_8X8B_URL || undefined : undefined,
  error: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
};
