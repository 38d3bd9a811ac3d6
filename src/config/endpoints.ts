// Reading endpoint configuration from outside: the deployment's config.json and the Settings form.
import * as z from 'zod/mini';
import { endpointSchema, runtimeConfigSchema, type RuntimeConfig } from './schema';

export type ConfigResult = { ok: true; config: RuntimeConfig } | { ok: false; error: string };

/** Validates the text of a config.json. Pure, so the words of every failure are unit-tested. */
export function parseRuntimeConfig(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message})` };
  }
  const result = runtimeConfigSchema.safeParse(json);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error) };
  return { ok: true, config: result.data };
}

/** Fetches config.json next to the app. A missing file is normal (no deployment config); a bad one is reported. */
export async function loadRuntimeConfig(url = `${import.meta.env.BASE_URL}config.json`): Promise<ConfigResult> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (res.status === 404) return { ok: true, config: { endpoints: [] } };
    if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
    return parseRuntimeConfig(await res.text());
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function parseEndpoint(input: unknown) {
  return endpointSchema.safeParse(input);
}
