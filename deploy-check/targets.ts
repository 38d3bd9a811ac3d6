// What a smoke run is aimed at, read from the environment and checked with zod: the app, the endpoints,
// the token and the probes (built in, or a JSON file). Also the Node-side look at an endpoint before the
// browser touches it (reachable? the demo endpoint?). Shared by the Playwright suite and `npm run probe`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { hasUserinfo, protocolSchema, type Protocol } from '../src/config/schema';
import type { Lang } from '../src/i18n';
import { modelsUrl } from '../src/inference/client';
import { sanitizeUrl } from '../src/records/schema';

/** The built-in probes' photos: the app's own examples, the project's one copy of its sample photos. */
export const BUILT_IN_IMAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'examples');

/** Where the suite starts the locally built app when SMOKE_APP_URL is not set. */
export const DEFAULT_APP_PORT = 4327;
export const DEFAULT_LIMITS = { maxFirstTokenMs: 30_000, maxTotalMs: 120_000 } as const;
/** The demo endpoint's /v1/models says so; it is not a model, so only model-independent checks apply. */
const DEMO_OWNER = 'tanuki-vision-studio-demo';
/** Finish reasons of a normal end: OpenAI/vLLM say stop or length, TGI says eos_token or stop_sequence. */
export const NORMAL_FINISH_REASONS = ['stop', 'length', 'eos', 'eos_token', 'stop_sequence'] as const;

type Env = Record<string, string | undefined>;

export interface SmokeEndpoint {
  label: string;
  /** Absolute http(s) URL. */
  url: string;
  model: string;
  protocol: Protocol;
}

/** One image and one question in one language, with what a working model must do. */
export interface Probe {
  id: string;
  lang: Lang;
  /** Absolute path. */
  image: string;
  question: string;
  /** The answer contains at least one (case-insensitive); empty: no keyword check. */
  keywords: string[];
  maxFirstTokenMs: number;
  maxTotalMs: number;
}

export interface SmokeTarget {
  appUrl: string;
  /** The suite builds and serves the app itself (no SMOKE_APP_URL). */
  localApp: boolean;
  endpoints: SmokeEndpoint[];
  probes: Probe[];
  /** Never printed, never put into a URL: it goes into the Settings form's password field only. */
  token: string | undefined;
}

export class SmokeConfigError extends Error {
  override name = 'SmokeConfigError';
}

const probeInputSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1-64)'),
    /** A built-in photo's file name, or a path (relative to the probes file). */
    image: z.string().min(1),
    question: z.union([
      z.string().min(1),
      z
        .object({ ja: z.string().min(1).optional(), en: z.string().min(1).optional() })
        .strict()
        .refine((q) => q.ja !== undefined || q.en !== undefined, 'give ja, en or both'),
    ]),
    keywords: z.array(z.string().min(1)).default([]),
    maxFirstTokenMs: z.number().int().positive().optional(),
    maxTotalMs: z.number().int().positive().optional(),
  })
  .strict();
export type ProbeInput = z.input<typeof probeInputSchema>;

const probesFileSchema = z.union([z.array(probeInputSchema).min(1), z.object({ probes: z.array(probeInputSchema).min(1) }).strict()]);

const endpointInputSchema = z
  .object({
    label: z.string().min(1).max(100).optional(),
    url: z.string().min(1).max(2000),
    model: z.string().max(200).default(''),
    protocol: z.enum(protocolSchema.options).default('openai-chat'),
  })
  .strict();

/** The built-in set: photos whose subject any working vision model names, with words it names it by. */
export const BUILT_IN_PROBES: ProbeInput[] = [
  { id: 'cat', image: 'chelsea.png', question: { ja: 'この画像には何が写っていますか？' }, keywords: ['猫', 'ねこ', 'ネコ', 'cat'] },
  { id: 'rocket', image: 'rocket.jpg', question: { en: 'What is shown in this picture?' }, keywords: ['rocket', 'ロケット'] },
  {
    id: 'coffee',
    image: 'coffee.png',
    question: { ja: 'この写真に写っている飲み物は何ですか？' },
    keywords: ['コーヒー', 'coffee', 'cup', 'カップ'],
  },
];

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/u;
const languageOf = (text: string): Lang => (JAPANESE.test(text) ? 'ja' : 'en');

function describeZod(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

function positiveInt(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new SmokeConfigError(`${name} must be a positive whole number of milliseconds, not "${raw}".`);
  return n;
}

/** A built-in photo by name, else a path relative to `baseDir`. */
function resolveImage(image: string, baseDir: string): string {
  const builtIn = path.join(BUILT_IN_IMAGES, image);
  if (!image.includes('/') && !image.includes('\\') && existsSync(builtIn)) return builtIn;
  const resolved = path.resolve(baseDir, image);
  if (!existsSync(resolved))
    throw new SmokeConfigError(`Probe image not found: ${image} (looked in ${BUILT_IN_IMAGES} and at ${resolved}).`);
  return resolved;
}

/** One probe per language; limits from the environment win over the file's. */
function expandProbes(inputs: ProbeInput[], baseDir: string, env: Env = {}): Probe[] {
  const ttft = positiveInt(env, 'SMOKE_TTFT_MS');
  const total = positiveInt(env, 'SMOKE_TOTAL_MS');
  return inputs.flatMap((raw) => {
    const p = probeInputSchema.parse(raw);
    const q = p.question;
    const questions: [Lang, string][] =
      typeof q === 'string'
        ? [[languageOf(q), q]]
        : (['ja', 'en'] as const).flatMap((l) => {
            const text = q[l];
            return text ? [[l, text] as [Lang, string]] : [];
          });
    const image = resolveImage(p.image, baseDir);
    return questions.map(([lang, question]) => ({
      id: p.id,
      lang,
      image,
      question,
      keywords: p.keywords,
      maxFirstTokenMs: ttft ?? p.maxFirstTokenMs ?? DEFAULT_LIMITS.maxFirstTokenMs,
      maxTotalMs: total ?? p.maxTotalMs ?? DEFAULT_LIMITS.maxTotalMs,
    }));
  });
}

function readProbes(env: Env): Probe[] {
  const file = env.SMOKE_PROBES?.trim();
  if (!file) return expandProbes(BUILT_IN_PROBES, BUILT_IN_IMAGES, env);
  const full = path.resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, 'utf8'));
  } catch (e) {
    throw new SmokeConfigError(`SMOKE_PROBES: cannot read ${full} as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = probesFileSchema.safeParse(json);
  if (!parsed.success) throw new SmokeConfigError(`SMOKE_PROBES (${full}): ${describeZod(parsed.error)}`);
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.probes;
  return expandProbes(list, path.dirname(full), env);
}

/** An absolute URL: a path (`/demo/v1`) is taken on the app's origin. Node has no page to resolve against. */
function absoluteUrl(url: string, appUrl: string): string {
  const u = url.trim();
  // The app refuses such URLs in Settings: said here, before a browser is started, without the password.
  if (hasUserinfo(u)) {
    throw new SmokeConfigError(
      `Endpoint URL must not contain a user name or password (user:password@): ${sanitizeUrl(u)}. Give a token in SMOKE_TOKEN instead.`,
    );
  }
  if (/^https?:\/\//i.test(u)) {
    if (!URL.canParse(u)) throw new SmokeConfigError(`Not a valid URL: ${sanitizeUrl(u)}`);
    return u;
  }
  if (u.startsWith('/') && !u.startsWith('//')) return new URL(u, appUrl).href;
  throw new SmokeConfigError(`Endpoint URL must be absolute (http:// or https://) or a path on the app: ${sanitizeUrl(u)}`);
}

function defaultLabel(e: { url: string; model: string }): string {
  const host = URL.canParse(e.url) ? new URL(e.url).host : e.url;
  return `${e.model || 'endpoint'} @ ${host}`.slice(0, 100);
}

function readEndpoints(env: Env, appUrl: string): SmokeEndpoint[] {
  let inputs: z.input<typeof endpointInputSchema>[];
  if (env.SMOKE_ENDPOINTS?.trim()) {
    let json: unknown;
    try {
      json = JSON.parse(env.SMOKE_ENDPOINTS);
    } catch (e) {
      throw new SmokeConfigError(`SMOKE_ENDPOINTS is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = z.array(endpointInputSchema).min(1).safeParse(json);
    if (!parsed.success) throw new SmokeConfigError(`SMOKE_ENDPOINTS: ${describeZod(parsed.error)}`);
    inputs = parsed.data;
  } else if (env.SMOKE_ENDPOINT_URL?.trim()) {
    const protocol = protocolSchema.safeParse(env.SMOKE_PROTOCOL?.trim() || 'openai-chat');
    if (!protocol.success)
      throw new SmokeConfigError(`SMOKE_PROTOCOL must be one of ${protocolSchema.options.join(', ')}, not "${env.SMOKE_PROTOCOL}".`);
    inputs = [
      {
        url: env.SMOKE_ENDPOINT_URL,
        model: env.SMOKE_MODEL?.trim() ?? '',
        protocol: protocol.data,
        label: env.SMOKE_LABEL?.trim() || undefined,
      },
    ];
  } else {
    // The app's own demo endpoint, as a preview or `npm start` serves it.
    inputs = [{ url: '/demo/v1', model: env.SMOKE_MODEL?.trim() || 'demo', label: 'Smoke: demo endpoint' }];
  }
  const seen = new Map<string, number>();
  return inputs.map((raw) => {
    const e = endpointInputSchema.parse(raw);
    const url = absoluteUrl(e.url, appUrl);
    let label = e.label ?? defaultLabel({ url, model: e.model });
    // The chat's picker selects by label: two endpoints must not share one.
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    if (n > 1) label = `${label} #${n}`;
    return { label, url, model: e.model, protocol: e.protocol };
  });
}

export function readToken(env: Env): string | undefined {
  const token = env.SMOKE_TOKEN?.trim() || env.HF_TOKEN?.trim();
  return token || undefined;
}

export function appUrlOf(env: Env): { appUrl: string; localApp: boolean } {
  const given = env.SMOKE_APP_URL?.trim();
  if (given) {
    if (!/^https?:\/\//i.test(given) || !URL.canParse(given))
      throw new SmokeConfigError(`SMOKE_APP_URL must be an http(s) URL, not "${given}".`);
    return { appUrl: given, localApp: false };
  }
  const port = Number(env.SMOKE_APP_PORT ?? DEFAULT_APP_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new SmokeConfigError(`SMOKE_APP_PORT is not a port: "${env.SMOKE_APP_PORT}".`);
  return { appUrl: `http://127.0.0.1:${port}/`, localApp: true };
}

export function readTarget(env: Env = process.env): SmokeTarget {
  const { appUrl, localApp } = appUrlOf(env);
  return { appUrl, localApp, endpoints: readEndpoints(env, appUrl), probes: readProbes(env), token: readToken(env) };
}

// ---------------------------------------------------------------------------------------------------------
// Looking at a target from Node, before the browser does

export type Reach = { ok: true; status: number; body: string } | { ok: false; reason: string };

/** Any HTTP answer counts as reachable (a 401 or 404 is the endpoint speaking); only no answer does not. */
export async function reach(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Reach> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    const body = await res.text().catch(() => '');
    return { ok: true, status: res.status, body };
  } catch (e) {
    return { ok: false, reason: networkReason(e, timeoutMs) };
  }
}

function networkReason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return cause ? `${err?.message ?? 'fetch failed'} (${cause})` : (err?.message ?? String(e));
}

export interface EndpointLook {
  reach: Reach;
  /** The demo endpoint: only model-independent checks apply. */
  demo: boolean;
  /** How that was decided, for the report. */
  demoBecause: string | null;
  /** Model ids from /v1/models when the endpoint lists them. */
  servedModels: string[] | null;
}

function parseModels(body: string): { ids: string[]; owners: string[] } | null {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    if (!Array.isArray(data)) return null;
    const items = data.filter((m): m is { id?: unknown; owned_by?: unknown } => typeof m === 'object' && m !== null);
    return {
      ids: items.flatMap((m) => (typeof m.id === 'string' ? [m.id] : [])),
      owners: items.flatMap((m) => (typeof m.owned_by === 'string' ? [m.owned_by] : [])),
    };
  } catch {
    return null;
  }
}

export async function lookAtEndpoint(
  endpoint: Pick<SmokeEndpoint, 'url' | 'model' | 'protocol'>,
  token?: string,
  timeoutMs = 10_000,
): Promise<EndpointLook> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const byName = endpoint.model.startsWith('demo') ? `the model name "${endpoint.model}" starts with "demo"` : null;
  // A VQA handler has no model list; its URL itself is what must answer. Its sibling /v1/models may say "demo".
  const listUrl =
    endpoint.protocol === 'openai-chat' ? modelsUrl(endpoint.url) : new URL('v1/models', endpoint.url.replace(/[^/]*$/, '')).href;
  const probeUrl = endpoint.protocol === 'openai-chat' ? listUrl : endpoint.url;
  if (!probeUrl) return { reach: { ok: false, reason: 'invalid URL' }, demo: false, demoBecause: null, servedModels: null };
  const r = await reach(probeUrl, { headers }, timeoutMs);
  const list = r.ok && probeUrl === listUrl ? r : listUrl && r.ok ? await reach(listUrl, { headers }, timeoutMs) : null;
  const models = list?.ok && list.status === 200 ? parseModels(list.body) : null;
  const byOwner = models?.owners.includes(DEMO_OWNER) ? `/v1/models says owned_by ${DEMO_OWNER}` : null;
  return {
    reach: r,
    demo: Boolean(byName ?? byOwner),
    demoBecause: byName ?? byOwner,
    servedModels: endpoint.protocol === 'openai-chat' && models ? models.ids : null,
  };
}

/** The first keyword the answer contains (case- and width-insensitive), or null. */
export function findKeyword(answer: string, keywords: readonly string[]): string | null {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase();
  const text = norm(answer);
  return keywords.find((k) => text.includes(norm(k))) ?? null;
}

/** For reports and the console: the URL without anything that looks like a credential. */
export const safeUrl = (url: string): string => sanitizeUrl(url);
