// `npm run probe -- --url … --model …`: checks one endpoint without a browser, through the same inference
// module the app uses (streamChat), with a fetch that keeps the raw bytes so the stream itself can be
// checked against the chat-completion schema. Same checks and words as the smoke suite (e2e/smoke/judge.ts).
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { validateStreamChunk } from '../demo-endpoint/chat-schemas';
import { endpointSchema, protocolSchema, type Protocol } from '../src/config/schema';
import { streamChat, type StreamChatOptions } from '../src/inference/client';
import { loadLibrary } from '../src/inference/transport';
import type { ChatImage, Usage } from '../src/inference/types';
import { sniffImage } from '../src/images/sniff';
import { answerTimings } from '../src/runs/timings';
import { judge, NO_FIGURES, withCheck, type Check, type FailureKind, type Figures, type Observed, type Verdict } from '../e2e/smoke/judge';
import {
  BUILT_IN_IMAGES,
  BUILT_IN_PROBES,
  DEFAULT_LIMITS,
  lookAtEndpoint,
  readToken,
  safeUrl,
  SmokeConfigError,
} from '../e2e/smoke/targets';

export interface ProbeOptions {
  url: string;
  model: string;
  protocol: Protocol;
  /** Path to a JPEG or PNG, sent as is. */
  image: string;
  question: string;
  keywords: string[];
  token?: string;
  maxFirstTokenMs: number;
  maxTotalMs: number;
  maxTokens: number;
  /** Progress lines (retries) while it runs; the CLI prints them to stderr. */
  onProgress?: (line: string) => void;
  /** Tests: the platform's fetch and retry sleep unless given. */
  fetch?: typeof fetch;
  sleep?: StreamChatOptions['sleep'];
}

export type DeviationKind = 'content-type' | 'non-json' | 'schema' | 'missing-done' | 'missing-finish-reason' | 'cut' | 'empty';

export interface StreamCheck {
  contentType: string | null;
  /** `data:` payloads other than [DONE]. */
  chunks: number;
  done: boolean;
  finishReason: string | null;
  /** Errors sent inside the stream (`data: {"error": …}`). */
  errors: string[];
  deviations: { kind: DeviationKind; detail: string }[];
  /** Deviations the app copes with, named so that nobody chases them. */
  tolerated: string[];
}

export interface ProbeReport extends Figures {
  status: Verdict;
  kind: FailureKind | null;
  reason: string | null;
  endpoint: { url: string; model: string; protocol: Protocol };
  modelIndependentOnly: boolean;
  note: string | null;
  image: { path: string; format: string; width: number; height: number; bytes: number };
  question: string;
  keywords: string[];
  limits: { maxFirstTokenMs: number; maxTotalMs: number };
  retries: { attempt: number; waitMs: number; code: string; status?: number }[];
  httpStatuses: number[];
  stream: StreamCheck | null;
  checks: Check[];
}

// ---------------------------------------------------------------------------------------------------------
// The raw exchange: a fetch that tees every body so that the bytes can be read after the library is done

interface Exchange {
  status: number;
  contentType: string | null;
  bytes: Uint8Array[];
  /** complete: the body ended; broken: it failed (a cut connection, or our own abort). */
  ended: Promise<'complete' | 'broken'>;
}

export function capturingFetch(base: typeof fetch = globalThis.fetch): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const res = await base(input, init);
    const bytes: Uint8Array[] = [];
    if (!res.body) {
      exchanges.push({ status: res.status, contentType: res.headers.get('content-type'), bytes, ended: Promise.resolve('complete') });
      return res;
    }
    const [mine, theirs] = res.body.tee();
    const ended = (async () => {
      const reader = mine.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'complete' as const;
          bytes.push(value);
        }
      } catch {
        return 'broken' as const;
      }
    })();
    exchanges.push({ status: res.status, contentType: res.headers.get('content-type'), bytes, ended });
    return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: wrapped, exchanges };
}

// ---------------------------------------------------------------------------------------------------------
// The stream against the schema

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * vLLM leaves out `system_fingerprint`, sends `role` only in the first delta and ends with `delta: {}`;
 * the schema (TGI's) wants all three. A chunk that passes once they are filled in is vLLM-shaped.
 */
function asTgi(chunk: Json): Json {
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  return {
    ...chunk,
    system_fingerprint: chunk.system_fingerprint ?? '',
    choices: choices.map((c: unknown) => {
      if (!isObject(c) || !isObject(c.delta)) return c;
      const delta = { role: 'assistant', ...c.delta };
      if (!('content' in delta) && !('tool_calls' in delta)) Object.assign(delta, { content: '' });
      return { ...c, delta };
    }),
  };
}

/** The SSE body as received, checked event by event. `broken`: the body did not end cleanly. */
export function checkStream(raw: string, contentType: string | null, broken: boolean): StreamCheck {
  const out: StreamCheck = { contentType, chunks: 0, done: false, finishReason: null, errors: [], deviations: [], tolerated: [] };
  const deviation = (kind: DeviationKind, detail: string) => {
    if (!out.deviations.some((d) => d.kind === kind)) out.deviations.push({ kind, detail });
  };
  if (!/^text\/event-stream\b/i.test(contentType ?? '')) {
    deviation('content-type', `wrong content type: "${contentType ?? '(none)'}" instead of text/event-stream`);
  }
  let nonJson = 0;
  let schemaErrors = 0;
  let vllm = false;
  const events = raw.split(/\r\n\r\n|\n\n|\r\r/);
  // The text after the last blank line is an event only if the body ended cleanly.
  const complete = broken ? events.slice(0, -1) : events;
  for (const event of complete) {
    const data = event
      .split(/\r\n|\n|\r/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length === 0) continue;
    const payload = data.join('\n');
    if (payload.trim() === '[DONE]') {
      out.done = true;
      continue;
    }
    out.chunks++;
    let chunk: unknown;
    try {
      chunk = JSON.parse(payload);
    } catch {
      if (nonJson++ === 0) deviation('non-json', `non-JSON chunk: ${JSON.stringify(payload.slice(0, 80))}`);
      continue;
    }
    if (isObject(chunk) && 'error' in chunk) {
      const e = chunk.error;
      out.errors.push(isObject(e) && typeof e.message === 'string' ? e.message : typeof e === 'string' ? e : JSON.stringify(e));
      continue;
    }
    for (const choice of isObject(chunk) && Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (isObject(choice) && typeof choice.finish_reason === 'string' && choice.finish_reason) out.finishReason = choice.finish_reason;
    }
    const valid = validateStreamChunk(chunk);
    if (valid.ok) continue;
    if (isObject(chunk) && validateStreamChunk(asTgi(chunk)).ok) {
      vllm = true;
      continue;
    }
    if (schemaErrors++ === 0) deviation('schema', `chunk ${out.chunks} does not match the chat-completion stream schema: ${valid.errors}`);
  }
  if (nonJson > 1) deviation('non-json', `${nonJson} non-JSON chunks`);
  if (schemaErrors > 1) out.deviations.find((d) => d.kind === 'schema')!.detail += ` (${schemaErrors} chunks in all)`;
  if (vllm) out.tolerated.push('vLLM-style chunks (no system_fingerprint/role), tolerated');
  if (out.chunks === 0 && !broken) deviation('empty', 'the stream carried no chunks');
  if (broken && !out.done) deviation('cut', 'the connection closed before the stream ended (no [DONE])');
  else if (!out.done) deviation('missing-done', 'missing [DONE]: the stream ended without it');
  if (out.finishReason === null && out.errors.length === 0)
    deviation('missing-finish-reason', 'missing finish reason: no chunk carried one');
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// One probe

export function readImage(file: string): { image: ChatImage; info: ProbeReport['image'] } {
  const bytes = new Uint8Array(readFileSync(file));
  const sniffed = sniffImage(bytes);
  if ((sniffed.format !== 'jpeg' && sniffed.format !== 'png') || sniffed.width === null || sniffed.height === null) {
    throw new SmokeConfigError(
      `${file}: the probe sends JPEG or PNG files as they are (it does not re-encode); this is ${sniffed.format === 'unknown' ? 'not a readable image' : sniffed.format}.`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    image: {
      sha256,
      blob: new Blob([bytes], { type: sniffed.mime ?? 'application/octet-stream' }),
      width: sniffed.width,
      height: sniffed.height,
    },
    info: { path: file, format: sniffed.format, width: sniffed.width, height: sniffed.height, bytes: bytes.byteLength },
  };
}

export async function runProbe(opts: ProbeOptions): Promise<ProbeReport> {
  const { image, info } = readImage(opts.image);
  const endpoint = endpointSchema.parse({
    id: 'probe',
    label: 'probe',
    protocol: opts.protocol,
    url: opts.url,
    model: opts.model,
    imagePolicy: { passThrough: true },
  });
  const limits = { maxFirstTokenMs: opts.maxFirstTokenMs, maxTotalMs: opts.maxTotalMs };
  const report: ProbeReport = {
    status: 'fail',
    kind: null,
    reason: null,
    endpoint: { url: safeUrl(opts.url), model: opts.model, protocol: opts.protocol },
    modelIndependentOnly: false,
    note: null,
    image: info,
    question: opts.question,
    keywords: opts.keywords,
    ...NO_FIGURES,
    limits,
    retries: [],
    httpStatuses: [],
    stream: null,
    checks: [],
  };

  const look = await lookAtEndpoint(endpoint, opts.token);
  report.modelIndependentOnly = look.demo;
  report.note = look.demo ? `demo endpoint (${look.demoBecause}): model-independent checks only` : null;
  if (!look.reach.ok) {
    const reason = `unreachable: ${safeUrl(opts.url)}: ${look.reach.reason}`;
    return { ...report, status: 'unreachable', kind: 'unreachable', reason, checks: [{ name: 'reachable', ok: false, detail: reason }] };
  }

  // Loaded before the clock starts: the first token is the endpoint's time, not the module's.
  await loadLibrary();
  const capture = capturingFetch(opts.fetch);
  const ctrl = new AbortController();
  // Set from the timers; an object, so that the compiler does not narrow it to its initial null.
  const limit: { hit: Observed['end'] | null } = { hit: null };
  const started = performance.now();
  let firstTokenAt: number | null = null;
  const firstTokenTimer = setTimeout(() => {
    if (firstTokenAt === null) {
      limit.hit = 'no-first-token-in-time';
      ctrl.abort();
    }
  }, opts.maxFirstTokenMs);
  const totalTimer = setTimeout(() => {
    limit.hit ??= 'not-finished-in-time';
    ctrl.abort();
  }, opts.maxTotalMs);

  let answer = '';
  let deltas = 0;
  let usage: Usage | null = null;
  let finishReason: string | null = null;
  let error: Observed['error'] = null;
  try {
    for await (const event of streamChat(
      {
        endpoint,
        token: opts.token,
        messages: [
          {
            role: 'user',
            parts: [
              { type: 'image', image },
              { type: 'text', text: opts.question },
            ],
          },
        ],
        params: { maxTokens: opts.maxTokens, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
      },
      // The limits are ours (above); the module's own timeouts would retry instead of failing.
      {
        signal: ctrl.signal,
        fetch: capture.fetch,
        firstByteTimeoutMs: opts.maxTotalMs + 1000,
        idleTimeoutMs: opts.maxTotalMs + 1000,
        ...(opts.sleep ? { sleep: opts.sleep } : {}),
      },
    )) {
      if (event.type === 'delta') {
        firstTokenAt ??= performance.now();
        answer += event.text;
        deltas++;
      } else if (event.type === 'usage') usage = event.usage;
      else if (event.type === 'retry') {
        const e = event.error;
        report.retries.push({ attempt: event.attempt, waitMs: event.waitMs, code: e.code, ...(e.status ? { status: e.status } : {}) });
        opts.onProgress?.(
          `retry ${event.attempt} in ${(event.waitMs / 1000).toFixed(1)} s after ${e.code}${e.status ? ` (HTTP ${e.status})` : ''}`,
        );
      } else if (event.type === 'done') finishReason = event.finishReason;
      else if (event.type === 'error') {
        const e = event.error;
        error = {
          code: e.code,
          // The server's own words when it gave some; the cause code (UND_ERR_SOCKET) with the message otherwise.
          message: e.detail && e.code === 'network' ? `${e.message} (${e.detail})` : (e.detail ?? e.message),
          ...(e.status ? { status: e.status } : {}),
          ...(e.midStream ? { midStream: true } : {}),
        };
      }
    }
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
  }
  const ended = performance.now();

  // The same figures, computed the same way, as the app's records.
  const { ttftMs, totalMs, outputTokens, tokensPerSecond } = answerTimings({
    started,
    firstTokenAt,
    ended,
    deltas,
    completionTokens: usage?.completionTokens,
  });
  const observed: Observed = {
    end: limit.hit ?? (error ? 'error' : 'done'),
    answer,
    finishReason,
    ttftMs,
    totalMs: totalMs ?? Math.round(ended - started),
    outputTokens,
    tokensPerSecond,
    error: limit.hit ? null : error,
    statuses: capture.exchanges.map((x) => x.status),
  };
  let verdict = judge(observed, { keywords: opts.keywords, ...limits }, look.demo);
  if (
    verdict.kind === 'endpoint-error' &&
    error?.code === 'not-found' &&
    look.servedModels?.length &&
    !look.servedModels.includes(opts.model)
  ) {
    verdict = { ...verdict, reason: `${verdict.reason} The endpoint serves: ${look.servedModels.slice(0, 10).join(', ')}.` };
  }

  // The stream of the last attempt, once its bytes are all in (or it broke).
  const last = capture.exchanges.at(-1);
  if (last && opts.protocol === 'openai-chat' && last.status >= 200 && last.status < 300) {
    const state = await Promise.race([last.ended, new Promise<'broken'>((r) => setTimeout(() => r('broken'), 2000))]);
    const raw = Buffer.concat(last.bytes).toString('utf8');
    // When the client stopped reading (a limit, or an error it met in the stream), the end of the stream
    // was never seen: only a network error means the server cut it.
    const clientStopped = limit.hit !== null || (error !== null && error.code !== 'network');
    const stream = checkStream(raw, last.contentType, state === 'broken' && !clientStopped);
    if (clientStopped)
      stream.deviations = stream.deviations.filter((d) => d.kind === 'content-type' || d.kind === 'non-json' || d.kind === 'schema');
    report.stream = stream;
    const detail = stream.deviations.length
      ? stream.deviations.map((d) => d.detail).join('; ')
      : ['the stream matches the chat-completion schema', ...stream.tolerated].join('; ');
    verdict = withCheck(
      verdict,
      { name: 'protocol', ok: stream.deviations.length === 0, detail },
      'protocol',
      `protocol deviation: ${detail}`,
    );
  }

  return {
    ...report,
    status: verdict.verdict,
    kind: verdict.kind,
    reason: verdict.reason,
    answer,
    finishReason,
    ttftMs: observed.ttftMs,
    totalMs: observed.totalMs,
    outputTokens,
    tokensPerSecond: observed.tokensPerSecond,
    httpStatuses: observed.statuses ?? [],
    checks: verdict.checks,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The command line

export const HELP = `Usage: npm run probe -- --url URL [--model NAME] [options]

Checks one endpoint without a browser, in Node, through the app's own inference module: sends one image
and one question, streams the answer, and prints time to first token, total time, tokens per second, the
answer and the finish reason. The raw stream is checked against the chat-completion stream schema of
@huggingface/tasks, and protocol deviations are named (wrong content type, non-JSON chunks, missing [DONE],
missing finish reason). Exits 0 when every check passes, 1 when one fails or the endpoint is unreachable,
2 on bad arguments.

  --url URL            endpoint URL, absolute (http:// or https://); for openai-chat the base, …/v1 or
                       …/v1/chat/completions; for hf-vqa the Inference Endpoint URL itself
  --model NAME         model name sent in the request (vLLM needs the served name; TGI ignores it)
  --protocol P         openai-chat (default) or hf-vqa
  --image PATH         a JPEG or PNG; default: the built-in cat photo (public/examples/chelsea.png)
                       Image preparation in the app runs in a browser worker; here the file is sent
                       as it is (its size is read from its header), so keep it small, as the app would.
  --question TEXT      default: the built-in question (Japanese)
  --keywords A,B       the answer must contain one of these; default: the built-in ones with the
                       built-in image and question. Not checked against the demo endpoint.
  --token-env NAME     read the bearer token from environment variable NAME (default: SMOKE_TOKEN,
                       then HF_TOKEN). The token is never printed.
  --ttft-ms N          first token within N ms (default ${DEFAULT_LIMITS.maxFirstTokenMs}, or SMOKE_TTFT_MS)
  --total-ms N         answer finished within N ms (default ${DEFAULT_LIMITS.maxTotalMs}, or SMOKE_TOTAL_MS)
  --max-tokens N       max_tokens sent (default 200; temperature 0)
  --json               print the report as JSON instead of text
  --help

Examples:
  npm run probe -- --url http://127.0.0.1:4173/demo/v1 --model demo
  HF_TOKEN=hf_… npm run probe -- --url https://gpu-box.example.org/v1 --model weblab-GENIAC/Tanuki-8B-vision
  npm run probe -- --url https://xyz.endpoints.huggingface.cloud --protocol hf-vqa --token-env HF_TOKEN
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function whole(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, not "${value}".`);
  return n;
}

export function parseCli(argv: string[], env: Record<string, string | undefined>): (ProbeOptions & { json: boolean }) | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: 'string' },
        model: { type: 'string', default: '' },
        protocol: { type: 'string', default: 'openai-chat' },
        image: { type: 'string' },
        question: { type: 'string' },
        keywords: { type: 'string' },
        'token-env': { type: 'string' },
        'ttft-ms': { type: 'string' },
        'total-ms': { type: 'string' },
        'max-tokens': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return 'help';
  if (!values.url) throw new UsageError('--url is required.');
  if (!/^https?:\/\//i.test(values.url) || !URL.canParse(values.url)) {
    throw new UsageError(`--url must be absolute (http:// or https://): Node has no page to resolve "${safeUrl(values.url)}" against.`);
  }
  const protocol = protocolSchema.safeParse(values.protocol);
  if (!protocol.success) throw new UsageError(`--protocol must be openai-chat or hf-vqa, not "${values.protocol}".`);
  let token: string | undefined;
  if (values['token-env'] !== undefined) {
    token = env[values['token-env']]?.trim();
    if (!token) throw new UsageError(`--token-env ${values['token-env']}: that environment variable is empty or not set.`);
  } else token = readToken(env);

  const cat = BUILT_IN_PROBES[0]!;
  const builtInQuestion = typeof cat.question === 'string' ? cat.question : (cat.question.ja ?? cat.question.en ?? '');
  const image = values.image ? path.resolve(values.image) : path.join(BUILT_IN_IMAGES, cat.image);
  const question = values.question ?? builtInQuestion;
  const keywords =
    values.keywords !== undefined
      ? values.keywords
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : !values.image && !values.question
        ? (cat.keywords ?? [])
        : [];
  return {
    url: values.url,
    model: values.model,
    protocol: protocol.data,
    image,
    question,
    keywords,
    ...(token ? { token } : {}),
    maxFirstTokenMs: whole(values['ttft-ms'], '--ttft-ms') ?? whole(env.SMOKE_TTFT_MS, 'SMOKE_TTFT_MS') ?? DEFAULT_LIMITS.maxFirstTokenMs,
    maxTotalMs: whole(values['total-ms'], '--total-ms') ?? whole(env.SMOKE_TOTAL_MS, 'SMOKE_TOTAL_MS') ?? DEFAULT_LIMITS.maxTotalMs,
    maxTokens: whole(values['max-tokens'], '--max-tokens') ?? 200,
    json: values.json,
  };
}

const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? '✓' : '✗');

export function formatReport(r: ProbeReport): string {
  const lines = [
    `probe     ${r.endpoint.url}  model ${r.endpoint.model || '(none)'}  ${r.endpoint.protocol}`,
    `image     ${r.image.path}  ${r.image.width}×${r.image.height} ${r.image.format}, ${r.image.bytes} bytes, sent as is`,
    `question  ${r.question}`,
  ];
  if (r.status !== 'unreachable') {
    const answer = r.answer.replace(/\s+/g, ' ').trim();
    lines.push(`answer    ${answer ? (answer.length > 300 ? `${answer.slice(0, 299)}…` : answer) : '(empty)'}`);
    lines.push(
      `figures   ttft ${s(r.ttftMs)} · total ${s(r.totalMs)} · ${r.tokensPerSecond ?? '—'} tok/s · ${r.outputTokens ?? '—'} tokens · finish ${r.finishReason ?? '(none)'}`,
    );
  }
  if (r.retries.length)
    lines.push(`retries   ${r.retries.map((x) => `${x.code}${x.status ? ` ${x.status}` : ''} → waited ${s(x.waitMs)}`).join(', ')}`);
  if (r.stream) {
    const st = r.stream;
    lines.push(
      `stream    ${st.chunks} chunks · content-type ${st.contentType ?? '(none)'} · [DONE] ${st.done ? 'yes' : 'no'}${st.errors.length ? ` · error in stream: ${st.errors[0]}` : ''}`,
    );
    for (const t of st.tolerated) lines.push(`          note: ${t}`);
  } else if (r.endpoint.protocol === 'hf-vqa' && r.status !== 'unreachable')
    lines.push('stream    not streamed (hf-vqa): stream checks do not apply');
  lines.push(`checks    ${r.checks.map((c) => `${mark(c.ok)} ${c.name}`).join('  ')}`);
  for (const c of r.checks) if (c.ok === false) lines.push(`          ✗ ${c.name}: ${c.detail}`);
  if (r.note) lines.push(`note      ${r.note}`);
  lines.push(r.status === 'pass' ? 'result    PASS' : `result    ${r.status.toUpperCase()}: ${r.reason}`);
  return lines.join('\n');
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let options;
  try {
    options = parseCli(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`probe: ${e.message}\n\n${HELP}`);
    return 2;
  }
  if (options === 'help') {
    out(HELP);
    return 0;
  }
  const { json, ...probe } = options;
  let report: ProbeReport;
  try {
    report = await runProbe({ ...probe, ...(json ? {} : { onProgress: (line) => err(`… ${line}`) }) });
  } catch (e) {
    if (!(e instanceof SmokeConfigError)) throw e;
    err(`probe: ${e.message}`);
    return 2;
  }
  out(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.status === 'pass' ? 0 : 1;
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (invoked === import.meta.url) {
  main(
    process.argv.slice(2),
    process.env,
    (s) => console.log(s),
    (s) => console.error(s),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error('probe: unexpected error:', e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
