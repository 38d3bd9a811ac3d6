// The verdict on one answer, from what was observed: pure, so that the browser suite and the Node probe
// apply the same checks in the same order and word failures the same way.
import { loadLanguage } from '../src/i18n';
import { describeError } from '../src/inference/error-words';
import type { ErrorCode } from '../src/inference/errors';
import { findKeyword, NORMAL_FINISH_REASONS, type Probe } from './targets';

// Failures are worded with the app's own English error words, loaded (as the app loads them) before any verdict.
await loadLanguage('en');

export type Verdict = 'pass' | 'fail' | 'unreachable';

export type FailureKind =
  | 'unreachable'
  | 'app'
  | 'config'
  | 'endpoint-error'
  | 'error-mid-stream'
  | 'stream-cut'
  | 'slow-first-token'
  | 'slow-total'
  | 'empty-answer'
  | 'bad-finish-reason'
  | 'missing-keyword'
  | 'protocol'
  | 'not-recorded'
  | 'cancel-failed';

export interface Check {
  name: string;
  /** null: does not apply (the demo endpoint and keywords, say). */
  ok: boolean | null;
  detail: string;
}

/** The figures of one answer, as the smoke report and the probe both print them. */
export interface Figures {
  answer: string;
  finishReason: string | null;
  ttftMs: number | null;
  totalMs: number | null;
  outputTokens: number | null;
  tokensPerSecond: number | null;
}

/** Before anything was measured. */
export const NO_FIGURES: Figures = {
  answer: '',
  finishReason: null,
  ttftMs: null,
  totalMs: null,
  outputTokens: null,
  tokensPerSecond: null,
};

/** One answer as the UI or the probe saw it. */
export interface Observed extends Figures {
  /** done: the stream ended normally; error: it failed; the two `limit` ends: we gave up waiting. */
  end: 'done' | 'error' | 'no-first-token-in-time' | 'not-finished-in-time';
  error: { code: string; status?: number; message: string; midStream?: boolean } | null;
  /** HTTP statuses the endpoint answered with, in order (retries included). */
  statuses?: number[];
}

export interface Judged {
  verdict: Verdict;
  kind: FailureKind | null;
  reason: string | null;
  checks: Check[];
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);

function statusesNote(statuses: readonly number[] | undefined): string {
  const errors = (statuses ?? []).filter((s) => s >= 400);
  return errors.length ? ` (the endpoint answered HTTP ${errors.join(', ')})` : '';
}

/** What went wrong when the stream did not end normally: kind and words. */
function describeFailure(o: Observed, limits: Pick<Probe, 'maxFirstTokenMs' | 'maxTotalMs'>): { kind: FailureKind; reason: string } {
  const e = o.error;
  const got = o.answer.length > 0 || o.ttftMs !== null;
  if (o.end === 'no-first-token-in-time') {
    return {
      kind: 'slow-first-token',
      reason: `no first token within the ${seconds(limits.maxFirstTokenMs)} limit${statusesNote(o.statuses)}`,
    };
  }
  if (o.end === 'not-finished-in-time') {
    return {
      kind: 'slow-total',
      reason: `the answer did not finish within the ${seconds(limits.maxTotalMs)} limit (${o.answer.length} characters so far)`,
    };
  }
  if (!e) return { kind: 'protocol', reason: 'the stream ended without a result' };
  const status = e.status ?? [...(o.statuses ?? [])].reverse().find((s) => s >= 400);
  const words = describeError({ code: e.code as ErrorCode, message: e.message, detail: e.message, ...(status ? { status } : {}) }, 'en');
  const said = e.message ? ` Said: ${e.message}` : '';
  if (e.code === 'network' && !got)
    return { kind: 'unreachable', reason: `unreachable: the endpoint could not be reached (network error, DNS or CORS).${said}` };
  if (e.code === 'network')
    return { kind: 'stream-cut', reason: `stream cut: the connection broke after ${o.answer.length} characters.${said}` };
  if (e.code === 'server' && (e.midStream || (got && status === undefined))) {
    return { kind: 'error-mid-stream', reason: `error mid-stream after ${o.answer.length} characters.${said}` };
  }
  if (e.code === 'config') return { kind: 'config', reason: `${words.title} ${words.hint}${said}`.trim() };
  if (e.code === 'protocol') return { kind: 'protocol', reason: `protocol error: ${e.message || words.title}` };
  return { kind: 'endpoint-error', reason: `${e.code}${status ? ` (HTTP ${status})` : ''}: ${words.title} ${words.hint}${said}`.trim() };
}

/**
 * The checks, in order; the first that fails gives the verdict's kind and reason. `modelIndependentOnly`
 * (the demo endpoint) leaves out the keyword check, which only a vision model can pass.
 */
export function judge(
  o: Observed,
  probe: Pick<Probe, 'keywords' | 'maxFirstTokenMs' | 'maxTotalMs'>,
  modelIndependentOnly: boolean,
): Judged {
  const checks: Check[] = [];
  let failure: { kind: FailureKind; reason: string } | null = null;
  const add = (name: string, ok: boolean | null, detail: string, kind?: FailureKind, reason?: string) => {
    checks.push({ name, ok, detail });
    if (ok === false && !failure && kind) failure = { kind, reason: reason ?? detail };
  };

  const ended = o.end === 'done';
  const broke = ended ? null : describeFailure(o, probe);
  add('answered', ended, broke?.reason ?? 'the stream ended normally', broke?.kind, broke?.reason);

  const ttftOk =
    o.end === 'no-first-token-in-time' ? false : o.ttftMs === null ? (ended ? false : null) : o.ttftMs <= probe.maxFirstTokenMs;
  // A limit we stopped waiting at has already failed `answered` with the same words.
  add(
    'first-token',
    ttftOk,
    `first token after ${seconds(o.ttftMs)} (limit ${seconds(probe.maxFirstTokenMs)})`,
    'slow-first-token',
    o.ttftMs === null
      ? `no first token within ${seconds(probe.maxFirstTokenMs)}${statusesNote(o.statuses)}`
      : `first token after ${seconds(o.ttftMs)}, over the ${seconds(probe.maxFirstTokenMs)} limit`,
  );
  const totalOk = o.end === 'not-finished-in-time' ? false : o.totalMs === null || !ended ? null : o.totalMs <= probe.maxTotalMs;
  add(
    'finished',
    totalOk,
    `finished after ${seconds(o.totalMs)} (limit ${seconds(probe.maxTotalMs)})`,
    'slow-total',
    `not finished within ${seconds(probe.maxTotalMs)}`,
  );
  add(
    'non-empty',
    ended ? o.answer.trim() !== '' : null,
    ended && !o.answer.trim() ? 'the answer is empty' : `${o.answer.length} characters`,
    'empty-answer',
  );
  const normal = (NORMAL_FINISH_REASONS as readonly string[]).includes(o.finishReason ?? '');
  add(
    'finish-reason',
    ended ? normal : null,
    o.finishReason === null ? 'no finish reason' : `finish reason "${o.finishReason}"`,
    'bad-finish-reason',
    o.finishReason === null
      ? 'no finish reason: the stream ended without one'
      : `finish reason "${o.finishReason}" is not a normal end (${NORMAL_FINISH_REASONS.join(', ')})`,
  );
  if (modelIndependentOnly || probe.keywords.length === 0) {
    add('keywords', null, modelIndependentOnly ? 'not checked: the demo endpoint is not a model' : 'no keywords given');
  } else {
    const hit = ended ? findKeyword(o.answer, probe.keywords) : null;
    add(
      'keywords',
      ended ? hit !== null : null,
      hit ? `contains "${hit}"` : `contains none of ${probe.keywords.map((k) => `"${k}"`).join(', ')}`,
      'missing-keyword',
      `wrong answer: it contains none of ${probe.keywords.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  const f = failure as { kind: FailureKind; reason: string } | null;
  return {
    verdict: f === null ? 'pass' : f.kind === 'unreachable' ? 'unreachable' : 'fail',
    kind: f?.kind ?? null,
    reason: f?.reason ?? null,
    checks,
  };
}

/** Adds a later check (recording, cancellation, protocol) to a verdict: the first failure still wins. */
export function withCheck(j: Judged, check: Check, kind: FailureKind, reason = check.detail): Judged {
  const checks = [...j.checks, check];
  if (check.ok !== false || j.verdict !== 'pass') return { ...j, checks };
  return { verdict: 'fail', kind, reason, checks };
}
