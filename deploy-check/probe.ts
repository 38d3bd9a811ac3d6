// One probe of one endpoint, in Node, through the same inference module the app uses (streamChat), with a
// fetch that keeps the raw bytes so that the stream itself is checked too (stream.ts). Judged with the same
// checks and words as the smoke suite (judge.ts). The command line is scripts/probe.ts (`npm run probe`).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endpointSchema, type Protocol } from '../src/config/schema';
import { streamChat, type StreamChatOptions } from '../src/inference/client';
import { loadLibrary } from '../src/inference/transport';
import type { ChatImage, Usage } from '../src/inference/types';
import { sniffImage } from '../src/images/sniff';
import { answerTimings } from '../src/runs/timings';
import { judge, NO_FIGURES, withCheck, type Check, type FailureKind, type Figures, type Observed, type Verdict } from './judge';
import { capturingFetch, checkStream, type StreamCheck } from './stream';
import { lookAtEndpoint, safeUrl, SmokeConfigError } from './targets';

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
// One probe

function readImage(file: string): { image: ChatImage; info: ProbeReport['image'] } {
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
