// The shape of smoke-report.json, shared by the spec (which attaches one result per test) and the reporter
// (which collects them). Nothing here holds the token: URLs pass through safeUrl before they get here.
import path from 'node:path';
import type { Protocol } from '../../src/config/schema';
import type { Check, FailureKind, Figures, Verdict } from '../../deploy-check/judge';
import type { Lang } from '../../src/i18n';

export const RESULT_ATTACHMENT = 'smoke-result';

export function reportDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.SMOKE_REPORT_DIR?.trim() || 'smoke-report');
}

export interface SmokeResult extends Figures {
  status: Verdict;
  kind: FailureKind | null;
  reason: string | null;
  endpoint: { label: string; url: string; model: string; protocol: Protocol };
  probe: { id: string; lang: Lang; image: string; question: string; keywords: string[] };
  limits: { maxFirstTokenMs: number; maxTotalMs: number };
  /** The demo endpoint: keyword checks do not apply. */
  modelIndependentOnly: boolean;
  note: string | null;
  /** HTTP statuses of the chat requests the page made (retries included). */
  httpStatuses: number[];
  cancellation: { status: 'ok' | 'failed' | 'not-verified' | 'skipped'; detail: string };
  checks: Check[];
  /** Relative to the report folder. */
  screenshot: string | null;
}

export interface SmokeReport {
  ok: boolean;
  startedAt: string;
  durationMs: number;
  app: { url: string; builtLocally: boolean };
  counts: { total: number; passed: number; failed: number; unreachable: number };
  /** Problems outside any probe (the app would not build, the configuration is invalid). */
  errors: string[];
  results: SmokeResult[];
}
