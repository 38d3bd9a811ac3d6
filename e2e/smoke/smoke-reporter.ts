// The smoke run's console and smoke-report.json: one line per probe as it ends, then one screen that says
// what passed, what failed and why, and where the reports are. Playwright's exit code stays the verdict.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { RESULT_ATTACHMENT, reportDir, type SmokeReport, type SmokeResult } from './report';
import { NO_FIGURES } from '../../deploy-check/judge';
import { appUrlOf, safeUrl } from '../../deploy-check/targets';

const secs = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)}s`);
const pad = (s: string, n: number) => (s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
// eslint-disable-next-line no-control-regex -- terminal colour codes start with ESC on purpose
const firstLine = (s: string | undefined) => oneLine((s ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0] ?? '');

export default class SmokeReporter implements Reporter {
  private readonly started = new Date();
  private readonly results = new Map<string, SmokeResult>();
  private readonly errors: string[] = [];
  private readonly dir = reportDir();
  private total = 0;

  printsToStdio() {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite) {
    this.total = suite.allTests().length;
    let app = '(invalid SMOKE_APP_URL)';
    try {
      const a = appUrlOf(process.env);
      app = `${safeUrl(a.appUrl)}${a.localApp ? ' (built and served by the suite)' : ''}`;
    } catch {
      // The spec reports the configuration error itself.
    }
    console.log(`Smoke: ${this.total} probe${this.total === 1 ? '' : 's'} against app ${app}`);
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const attached = result.attachments.find((a) => a.name === RESULT_ATTACHMENT && a.body);
    const r = attached ? (JSON.parse(attached.body!.toString('utf8')) as SmokeResult) : this.crashed(test, result);
    this.results.set(test.id, r);
    const mark = r.status === 'pass' ? '✓' : r.status === 'unreachable' ? '∅' : '✗';
    const figures = `ttft ${secs(r.ttftMs)} total ${secs(r.totalMs)} ${r.tokensPerSecond ?? '—'} tok/s`;
    console.log(
      `  ${mark} ${pad(`${r.endpoint.label} › ${r.probe.id} (${r.probe.lang})`, 48)} ${r.status.toUpperCase().padEnd(11)} ${figures}`,
    );
  }

  /** A test that ended without its result (a crash, a timeout of the test itself): built from what is known. */
  private crashed(test: TestCase, result: TestResult): SmokeResult {
    const meta = test.annotations.find((a) => a.type === 'smoke');
    const known = meta?.description ? (JSON.parse(meta.description) as Pick<SmokeResult, 'endpoint' | 'probe' | 'limits'>) : null;
    const reason = firstLine(result.error?.message) || `the test ended as ${result.status}`;
    return {
      status: result.status === 'passed' ? 'pass' : 'fail',
      kind: result.status === 'passed' ? null : 'app',
      reason: result.status === 'passed' ? null : reason,
      endpoint: known?.endpoint ?? { label: test.title, url: '', model: '', protocol: 'openai-chat' },
      probe: known?.probe ?? { id: test.title, lang: 'ja', image: '', question: '', keywords: [] },
      limits: known?.limits ?? { maxFirstTokenMs: 0, maxTotalMs: 0 },
      modelIndependentOnly: false,
      note: null,
      ...NO_FIGURES,
      httpStatuses: [],
      cancellation: { status: 'skipped', detail: 'the test did not get that far' },
      checks: [],
      screenshot: null,
    };
  }

  onError(error: TestError) {
    this.errors.push(firstLine(error.message) || 'unknown error');
  }

  onEnd(result: FullResult) {
    const results = [...this.results.values()];
    const count = (s: SmokeResult['status']) => results.filter((r) => r.status === s).length;
    const counts = { total: results.length, passed: count('pass'), failed: count('fail'), unreachable: count('unreachable') };
    let app = { url: '', builtLocally: false };
    try {
      const a = appUrlOf(process.env);
      app = { url: safeUrl(a.appUrl), builtLocally: a.localApp };
    } catch {
      // Reported through onError.
    }
    const report: SmokeReport = {
      ok: result.status === 'passed' && counts.failed === 0 && counts.unreachable === 0 && this.errors.length === 0 && counts.total > 0,
      startedAt: this.started.toISOString(),
      durationMs: Date.now() - this.started.getTime(),
      app,
      counts,
      errors: this.errors,
      results,
    };
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, 'smoke-report.json');
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

    const lines = [''];
    for (const e of this.errors) lines.push(`  ERROR ${e}`);
    for (const r of results) {
      if (r.status === 'pass') continue;
      lines.push(`  ${r.status.toUpperCase()} ${r.endpoint.label} › ${r.probe.id} (${r.probe.lang}): ${oneLine(r.reason ?? '')}`);
    }
    const demo = results.some((r) => r.modelIndependentOnly);
    if (demo) lines.push('  note: demo endpoint (not a model): model-independent checks only, no keyword checks');
    const notVerified = results.filter((r) => r.cancellation.status === 'not-verified').length;
    if (notVerified) lines.push(`  note: cancellation not verified in ${notVerified} probe(s): the answer finished before Stop`);
    const verdict = report.ok ? 'SMOKE PASSED' : 'SMOKE FAILED';
    lines.push(
      `${verdict}: ${counts.passed} passed, ${counts.failed} failed, ${counts.unreachable} unreachable in ${(report.durationMs / 1000).toFixed(1)} s`,
    );
    lines.push(`  ${path.relative(process.cwd(), file)} · ${path.relative(process.cwd(), path.join(this.dir, 'html', 'index.html'))}`);
    console.log(lines.join('\n'));
  }
}
