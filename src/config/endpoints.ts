// Reading endpoint configuration from outside: the deployment's config.json and the Settings form.
// Failures come back as problems with codes and numbers, never as a library's English: the interface words
// them in both languages (settings.problem.* and config.problem.* in i18n/{en,ja}/settings.ts).
import * as z from 'zod/mini';
import { endpointSchema, MAX_CONFIG_ENDPOINTS, runtimeConfigSchema, URL_CREDENTIALS, URL_SCHEME, type RuntimeConfig } from './schema';

/** What is wrong with one field: the URL's two known faults, or anything else the schema refused. */
export interface FieldProblem {
  /** Where, as written in the file: `endpoints[0].url`, `label`. */
  path: string;
  code: 'url-credentials' | 'url-scheme' | 'invalid';
}

export type ConfigProblem =
  | { code: 'json'; detail: string }
  | { code: 'http'; status: number }
  | { code: 'unreachable'; detail: string }
  | { code: 'too-many'; count: number; limit: number }
  | { code: 'fields'; fields: FieldProblem[] };

export type ConfigResult = { ok: true; config: RuntimeConfig } | { ok: false; problem: ConfigProblem };

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

/** The schema's issues as problems the interface can word (at most ten: a broken file can have thousands). */
export function fieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: pathText(issue.path),
    code: issue.message === URL_CREDENTIALS ? 'url-credentials' : issue.message === URL_SCHEME ? 'url-scheme' : 'invalid',
  }));
}

/** Validates the text of a config.json. Pure, so every failure is unit-tested. */
export function parseRuntimeConfig(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: { code: 'json', detail: (e as Error).message } };
  }
  const endpoints = (json as { endpoints?: unknown } | null)?.endpoints;
  if (Array.isArray(endpoints) && endpoints.length > MAX_CONFIG_ENDPOINTS) {
    return { ok: false, problem: { code: 'too-many', count: endpoints.length, limit: MAX_CONFIG_ENDPOINTS } };
  }
  const result = runtimeConfigSchema.safeParse(json);
  if (!result.success) return { ok: false, problem: { code: 'fields', fields: fieldProblems(result.error) } };
  return { ok: true, config: result.data };
}

export function parseEndpoint(input: unknown) {
  return endpointSchema.safeParse(input);
}
