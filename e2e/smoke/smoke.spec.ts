// One test per endpoint and probe: through the real UI, configure the endpoint in Settings, attach the
// image, ask, wait for the stream, judge the answer (judge.ts), check its record, then stop a second run
// mid-stream. Each test attaches its result; smoke-reporter.ts turns them into smoke-report.json.
import { test, type Page, type TestInfo } from '@playwright/test';
import path from 'node:path';
import { sanitizeUrl } from '../../src/records/schema';
import { judge, NO_FIGURES, withCheck, type Check, type Judged, type Observed } from '../../deploy-check/judge';
import { RESULT_ATTACHMENT, type SmokeResult } from './report';
import { SmokeApp, type StoredRecord } from './smoke-page';
import {
  lookAtEndpoint,
  reach,
  readTarget,
  safeUrl,
  type EndpointLook,
  type Probe,
  type Reach,
  type SmokeEndpoint,
} from '../../deploy-check/targets';

const target = readTarget();
/** The page shows a token a moment after it arrives: waits get this much on top of a limit. */
const UI_GRACE_MS = 1000;
const CANCEL_QUESTION = {
  ja: 'この画像をできるだけ詳しく説明してください。',
  en: 'Describe this image in as much detail as you can.',
} as const;

// Looked at once per worker, from Node: an unreachable target fails fast with that reason.
let appReach: Promise<Reach> | undefined;
const looks = new Map<string, Promise<EndpointLook>>();
const lookAt = (e: SmokeEndpoint) => {
  const key = JSON.stringify(e);
  if (!looks.has(key)) looks.set(key, lookAtEndpoint(e, target.token));
  return looks.get(key)!;
};

for (const endpoint of target.endpoints) {
  for (const probe of target.probes) {
    const meta = {
      endpoint: { label: endpoint.label, url: safeUrl(endpoint.url), model: endpoint.model, protocol: endpoint.protocol },
      probe: { id: probe.id, lang: probe.lang, image: path.basename(probe.image), question: probe.question, keywords: probe.keywords },
      limits: { maxFirstTokenMs: probe.maxFirstTokenMs, maxTotalMs: probe.maxTotalMs },
    };
    test(
      `${endpoint.label} › ${probe.id} (${probe.lang})`,
      { annotation: { type: 'smoke', description: JSON.stringify(meta) } },
      async ({ page }, testInfo) => {
        // Two runs (the answer and the stopped one), each within its limits, plus setting up.
        testInfo.setTimeout(2 * (probe.maxFirstTokenMs + probe.maxTotalMs) + 60_000);
        let result: SmokeResult;
        try {
          result = await runProbe(page, testInfo, endpoint, probe, meta);
        } catch (e) {
          // The UI did not behave as the contract says (a missing data-testid, a step that timed out).
          const shot = testInfo.outputPath(`${probe.id}-${probe.lang}-failure.png`);
          await page.screenshot({ path: shot, mask: [page.getByTestId('endpoint-token')] }).catch(() => undefined);
          const reason = `the app did not behave as expected: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
          result = { ...baseResult(meta, null), kind: 'app', reason, checks: [{ name: 'ui', ok: false, detail: reason }] };
          result.screenshot = path.relative(path.dirname(testInfo.project.outputDir), shot);
          // Playwright snapshots the page of a failed test into error-context.md, input values included:
          // leave nothing on it (the Settings form may still hold the token).
          await page.goto('about:blank').catch(() => undefined);
        }
        await testInfo.attach(RESULT_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
        if (result.status !== 'pass') throw new Error(`${result.status.toUpperCase()}: ${result.reason}`);
      },
    );
  }
}

function baseResult(meta: Pick<SmokeResult, 'endpoint' | 'probe' | 'limits'>, look: EndpointLook | null): SmokeResult {
  return {
    ...meta,
    status: 'fail',
    kind: null,
    reason: null,
    modelIndependentOnly: look?.demo ?? false,
    note: look?.demo ? `demo endpoint (${look.demoBecause}): model-independent checks only` : null,
    ...NO_FIGURES,
    httpStatuses: [],
    cancellation: { status: 'skipped', detail: 'not reached' },
    checks: [],
    screenshot: null,
  };
}

async function runProbe(
  page: Page,
  testInfo: TestInfo,
  endpoint: SmokeEndpoint,
  probe: Probe,
  meta: Pick<SmokeResult, 'endpoint' | 'probe' | 'limits'>,
): Promise<SmokeResult> {
  appReach ??= reach(target.appUrl);
  const app = await appReach;
  if (!app.ok) {
    const reason = `unreachable: the app at ${safeUrl(target.appUrl)}: ${app.reason}`;
    return {
      ...baseResult(meta, null),
      status: 'unreachable',
      kind: 'unreachable',
      reason,
      checks: [{ name: 'reachable', ok: false, detail: reason }],
    };
  }
  if (app.status >= 400) {
    const reason = `the app at ${safeUrl(target.appUrl)} answered HTTP ${app.status}`;
    return { ...baseResult(meta, null), kind: 'app', reason, checks: [{ name: 'app', ok: false, detail: reason }] };
  }
  const look = await lookAt(endpoint);
  const result = baseResult(meta, look);
  if (!look.reach.ok) {
    const reason = `unreachable: the endpoint at ${safeUrl(endpoint.url)}: ${look.reach.reason}`;
    return { ...result, status: 'unreachable', kind: 'unreachable', reason, checks: [{ name: 'reachable', ok: false, detail: reason }] };
  }

  // The chat requests' HTTP statuses (never their headers), to say "503" rather than just "slow".
  const endpointOrigin = new URL(endpoint.url).origin;
  const statuses: number[] = [];
  const aborted: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().startsWith(endpointOrigin)) statuses.push(r.status());
  });
  page.on('requestfailed', (r) => {
    if (r.method() === 'POST' && r.url().startsWith(endpointOrigin)) aborted.push(r.failure()?.errorText ?? 'failed');
  });

  const ui = new SmokeApp(page, target.appUrl);
  try {
    await test.step('open the app', () => ui.open());
  } catch (e) {
    const reason = `the app at ${safeUrl(target.appUrl)} did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    return { ...result, kind: 'app', reason, checks: [{ name: 'app', ok: false, detail: reason }] };
  }
  await test.step('add the endpoint in Settings and pick it', async () => {
    await ui.addEndpoint(endpoint, target.token);
    await ui.goToChat();
    await ui.pickEndpoint(endpoint.label);
  });

  const asked = await test.step(`attach ${path.basename(probe.image)}, ask, wait for the answer`, async () => {
    await ui.attach(probe.image);
    const sentAt = Date.now();
    const answer = await ui.ask(probe.question);
    let firstSeenAt: number | null = null;
    let end: Observed['end'];
    if (!(await ui.waitForFirstToken(answer, probe.maxFirstTokenMs + UI_GRACE_MS))) {
      end = 'no-first-token-in-time';
      await ui.stopIfStreaming();
    } else {
      firstSeenAt = Date.now();
      const left = probe.maxTotalMs - (Date.now() - sentAt) + UI_GRACE_MS;
      end = (await ui.waitForEnd(answer, left)) ? 'done' : 'not-finished-in-time';
      if (end === 'not-finished-in-time') await ui.stopIfStreaming();
    }
    await ui.waitForEnd(answer, 5000);
    return { answer, sentAt, firstSeenAt, end, wall: Date.now() - sentAt };
  });
  const { answer, sentAt, firstSeenAt, end, wall } = asked;
  const status = await ui.status(answer);
  const shown = await ui.shownText(answer);
  const errorCode = status === 'error' ? await ui.errorCode(answer) : null;

  const shot = testInfo.outputPath(`${probe.id}-${probe.lang}.png`);
  await page.screenshot({ path: shot, mask: [page.getByTestId('endpoint-token')] });
  await testInfo.attach('screenshot', { path: shot, contentType: 'image/png' });
  result.screenshot = path.relative(path.dirname(testInfo.project.outputDir), shot);

  const record = await test.step('read the answer’s record', () => ui.endedRecord(0));
  const observed: Observed = {
    end: end === 'done' ? (status === 'ok' ? 'done' : 'error') : end,
    answer: record?.output ?? shown,
    finishReason: record?.finishReason ?? null,
    // The app's own timings (from the request's start) when it recorded them; what the page showed otherwise.
    ttftMs: record ? record.timings.ttftMs : firstSeenAt !== null && shown ? firstSeenAt - sentAt : null,
    totalMs: record ? record.timings.totalMs : wall,
    outputTokens: record?.timings.outputTokens ?? null,
    tokensPerSecond: record?.timings.tokensPerSecond ?? null,
    error:
      status === 'ok' || end !== 'done'
        ? null
        : { code: errorCode ?? record?.error?.code ?? 'protocol', message: record?.error?.message ?? `the answer ended as "${status}"` },
    statuses,
  };
  let verdict: Judged = judge(observed, probe, look.demo);
  if (
    verdict.kind === 'endpoint-error' &&
    errorCode === 'not-found' &&
    look.servedModels?.length &&
    !look.servedModels.includes(endpoint.model)
  ) {
    verdict = { ...verdict, reason: `${verdict.reason} The endpoint serves: ${look.servedModels.slice(0, 10).join(', ')}.` };
  }
  verdict = withCheck(verdict, recordCheck(record, status, shown, endpoint), 'not-recorded');

  let cancellation: SmokeResult['cancellation'] = { status: 'skipped', detail: 'skipped: the first run did not pass' };
  if (verdict.verdict === 'pass' && endpoint.protocol === 'hf-vqa') {
    cancellation = { status: 'skipped', detail: 'not applicable: hf-vqa answers are not streamed, so there is nothing to stop mid-stream' };
  } else if (verdict.verdict === 'pass') {
    cancellation = await test.step('stop a second answer mid-stream', () => checkCancellation(ui, probe, aborted));
    const check: Check = {
      name: 'cancellation',
      ok: cancellation.status === 'failed' ? false : cancellation.status === 'ok' ? true : null,
      detail: cancellation.detail,
    };
    verdict = withCheck(verdict, check, 'cancel-failed', `cancellation: ${cancellation.detail}`);
  }

  return {
    ...result,
    status: verdict.verdict,
    kind: verdict.kind,
    reason: verdict.reason,
    answer: observed.answer,
    finishReason: observed.finishReason,
    ttftMs: observed.ttftMs,
    totalMs: observed.totalMs,
    outputTokens: observed.outputTokens,
    tokensPerSecond: observed.tokensPerSecond,
    httpStatuses: statuses,
    cancellation,
    checks: verdict.checks,
  };
}

/** Markdown rendering drops syntax and spacing: compare what is left. */
const bare = (s: string) => s.replace(/[\s*_`#>|~\\[\]()-]/g, '');

function recordCheck(record: StoredRecord | null, status: string, shown: string, endpoint: SmokeEndpoint): Check {
  const name = 'recorded';
  if (!record) return { name, ok: false, detail: 'no finished record of the answer in IndexedDB (tanuki-records)' };
  const problems: string[] = [];
  if (record.status !== status) problems.push(`status "${record.status}", the page shows "${status}"`);
  if (record.endpoint.url !== sanitizeUrl(endpoint.url)) problems.push(`endpoint URL ${safeUrl(record.endpoint.url)}`);
  if (record.endpoint.model !== endpoint.model) problems.push(`model "${record.endpoint.model}"`);
  const head = bare(shown).slice(0, 60);
  if (head && !bare(record.output).includes(head)) problems.push('its output is not the text shown');
  if (status === 'ok' && !record.output.trim()) problems.push('its output is empty');
  return problems.length
    ? { name, ok: false, detail: `the record is wrong: ${problems.join('; ')}` }
    : {
        name,
        ok: true,
        detail: `record ${record.id}: status ${record.status}, ${record.endpoint.model || '(no model)'} @ ${safeUrl(record.endpoint.url)}`,
      };
}

/** A second question, stopped once it streams: the answer must end as aborted and be recorded so. */
async function checkCancellation(ui: SmokeApp, probe: Probe, aborted: string[]): Promise<SmokeResult['cancellation']> {
  const answer = await ui.ask(CANCEL_QUESTION[probe.lang]);
  if (!(await ui.waitForFirstToken(answer, probe.maxFirstTokenMs + UI_GRACE_MS))) {
    await ui.stopIfStreaming();
    return { status: 'failed', detail: 'the second run did not start streaming within the first-token limit' };
  }
  const pressedAt = await ui.stopIfStreaming();
  await ui.waitForEnd(answer, 10_000);
  const status = await ui.status(answer);
  const record = await ui.endedRecord(1);
  if (status === 'ok') {
    // A short answer can end between the first token and the click: that is no fault of Stop. The record's
    // end and the click are both on the page's clock.
    const endedAt = record?.endedAt ? Date.parse(record.endedAt) : null;
    if (pressedAt === null || (endedAt !== null && endedAt <= pressedAt + 100)) {
      return { status: 'not-verified', detail: 'not verified: the answer finished before Stop could be pressed' };
    }
    return {
      status: 'failed',
      detail: `Stop was pressed but the answer went on to finish ${endedAt === null ? '' : `${endedAt - pressedAt} ms later `}as "ok"`,
    };
  }
  if (status !== 'aborted') return { status: 'failed', detail: `after Stop the answer is "${status}", not "aborted"` };
  if (record?.status !== 'aborted')
    return { status: 'failed', detail: `after Stop the record is "${record?.status ?? 'missing'}", not "aborted"` };
  const closed = aborted.length ? `; the browser closed the request (${aborted.at(-1)})` : '';
  return { status: 'ok', detail: `stopped mid-stream: the answer and its record are "aborted"${closed}` };
}
