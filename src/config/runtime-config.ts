// Fetching the deployment's config.json at start-up. The validator (zod, in ./endpoints) is loaded only when
// the file configures something: the config.json the app ships with lists no endpoints, so a first visit to
// a plain deployment downloads no schema code.
import type { ConfigResult } from './endpoints';

const NOTHING: ConfigResult = { ok: true, config: { endpoints: [] } };

/** `{"endpoints": []}` and nothing else: valid by any reading, with nothing in it to check. */
function configuresNothing(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return (
      typeof json === 'object' &&
      json !== null &&
      Object.keys(json).join() === 'endpoints' &&
      Array.isArray((json as { endpoints: unknown }).endpoints) &&
      (json as { endpoints: unknown[] }).endpoints.length === 0
    );
  } catch {
    return false; // the validator words what is wrong
  }
}

/** Fetches config.json next to the app. A missing file is normal (no deployment config); a bad one is reported. */
export async function loadRuntimeConfig(url = `${import.meta.env.BASE_URL}config.json`): Promise<ConfigResult> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (res.status === 404) return NOTHING;
    if (!res.ok) return { ok: false, problem: { code: 'http', status: res.status } };
    const text = await res.text();
    if (configuresNothing(text)) return NOTHING;
    const { parseRuntimeConfig } = await import('./endpoints');
    return parseRuntimeConfig(text);
  } catch (e) {
    return { ok: false, problem: { code: 'unreachable', detail: (e as Error).message } };
  }
}
