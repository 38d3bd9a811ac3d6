// Tests of the smoke suite itself: `npm run smoke` (playwright.smoke.config.ts) as a child process, aimed by
// its environment variables at this run's app and its demo endpoint's fault scenarios. It must pass on
// healthy endpoints, fail with the right reason on each fault, say "unreachable" for a target that is not
// there, and never let the token out. One probe per endpoint keeps it to a few child runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { expect, marker, test } from './fixtures';
import type { SmokeReport, SmokeResult } from './smoke/report';

interface SmokeRun {
  code: number | null;
  output: string;
  report: SmokeReport;
  dir: string;
}

/** Playwright's own variables for this worker must not leak into the child run. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TEST_|PW_(?!BUNDLED_BROWSER)|PLAYWRIGHT_|SMOKE_)/.test(k) || k === 'HF_TOKEN') continue;
    env[k] = v;
  }
  return { ...env, FORCE_COLOR: '0', ...extra };
}

async function runSmoke(dir: string, env: Record<string, string>): Promise<SmokeRun> {
  // One probe: the built-in cat photo with its Japanese question.
  mkdirSync(dir, { recursive: true });
  const probes = path.join(dir, 'probes.json');
  writeFileSync(
    probes,
    JSON.stringify([{ id: 'cat', image: 'chelsea.png', question: { ja: 'この画像には何が写っていますか？' }, keywords: ['猫', 'cat'] }]),
  );
  const child = spawn('npx', ['playwright', 'test', '-c', 'playwright.smoke.config.ts'], {
    env: childEnv({ SMOKE_REPORT_DIR: dir, SMOKE_PROBES: probes, ...env }),
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const file = path.join(dir, 'smoke-report.json');
  if (!existsSync(file)) throw new Error(`no smoke-report.json; the run said:\n${output}`);
  return { code, output, report: JSON.parse(readFileSync(file, 'utf8')) as SmokeReport, dir };
}

function resultFor(run: SmokeRun, model: string): SmokeResult {
  const r = run.report.results.find((x) => x.endpoint.model === model);
  if (!r) throw new Error(`no result for ${model} in ${JSON.stringify(run.report.results.map((x) => x.endpoint.model))}`);
  return r;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every text a run left behind: files, the HTML report's embedded zip unpacked, and its console. */
function everythingWritten(run: SmokeRun): string[] {
  const texts = [run.output];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else texts.push(readFileSync(file).toString('latin1'));
    }
  };
  walk(run.dir);
  const html = readFileSync(path.join(run.dir, 'html', 'index.html'), 'utf8');
  const zip = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
  if (!zip) throw new Error('the HTML report has no embedded data');
  for (const data of Object.values(unzipSync(Buffer.from(zip, 'base64')))) texts.push(strFromU8(data));
  return texts;
}

test.describe('the smoke suite itself', () => {
  test.describe.configure({ mode: 'parallel', timeout: 240_000 });

  test('passes on healthy endpoints (openai-chat and hf-vqa), measures, records, stops, and keeps the token out of everything it writes', async ({
    baseURL,
    standalone,
  }, testInfo) => {
    const m = marker();
    const run = await runSmoke(testInfo.outputPath('run'), {
      SMOKE_APP_URL: baseURL!,
      // The app's own demo endpoint, and one on another origin that insists on the token.
      SMOKE_ENDPOINTS: JSON.stringify([
        { label: `demo ${m}`, url: '/demo/v1', model: 'demo' },
        { label: `guarded ${m}`, url: standalone.base + '/v1', model: 'demo-401' },
        { label: `vqa ${m}`, url: '/demo/vqa', protocol: 'hf-vqa' },
      ]),
      SMOKE_TOKEN: 'demo-token',
      SMOKE_WORKERS: '2',
    });
    expect(run.code, run.output).toBe(0);
    expect(run.report).toMatchObject({ ok: true, counts: { total: 3, passed: 3, failed: 0, unreachable: 0 } });
    for (const model of ['demo', 'demo-401']) {
      const r = resultFor(run, model);
      expect(r).toMatchObject({ status: 'pass', reason: null, modelIndependentOnly: true, finishReason: 'stop' });
      expect(r.answer).toContain('デモ用エンドポイント');
      expect(r.ttftMs).toBeGreaterThan(0);
      expect(r.totalMs).toBeGreaterThanOrEqual(r.ttftMs!);
      expect(r.tokensPerSecond).toBeGreaterThan(0);
      expect(r.checks.find((c) => c.name === 'recorded')?.ok).toBe(true);
      expect(r.checks.find((c) => c.name === 'keywords')).toMatchObject({ ok: null });
      expect(['ok', 'not-verified']).toContain(r.cancellation.status);
      expect(existsSync(path.join(run.dir, r.screenshot!))).toBe(true);
    }
    // A VQA handler answers in one piece: nothing streams, so there is nothing to stop.
    const vqa = resultFor(run, '');
    expect(vqa).toMatchObject({ status: 'pass', modelIndependentOnly: true, cancellation: { status: 'skipped' } });
    expect(vqa.answer).toContain('デモ用エンドポイント');
    expect(run.output).toMatch(/SMOKE PASSED: 3 passed, 0 failed, 0 unreachable/);
    expect(run.output).toMatch(/model-independent checks only/);
    // The token reached the endpoint (it answered), as a header: never in a URL, report, screenshot name or log.
    const guarded = (await standalone.log()).filter((e) => e.model === 'demo-401' && e.status === 200);
    expect(guarded.length).toBeGreaterThan(0);
    expect(guarded.every((e) => e.authorization === 'bearer')).toBe(true);
    for (const text of everythingWritten(run)) expect(text).not.toContain('demo-token');
  });

  test('fails with the right reason on 503, an error mid-stream, a cut stream, a wrong model; says unreachable for an endpoint that is not there', async ({
    baseURL,
  }, testInfo) => {
    const down = await closedPort();
    const run = await runSmoke(testInfo.outputPath('run'), {
      SMOKE_APP_URL: baseURL!,
      SMOKE_ENDPOINTS: JSON.stringify([
        // retry_after=0: the app's bounded retries without the 20 s the body's estimated_time asks for.
        { label: 'loading', url: '/demo/v1', model: 'demo-503:retry_after=0' },
        { label: 'broken', url: '/demo/v1', model: 'demo-error-mid-stream' },
        { label: 'cut', url: '/demo/v1', model: 'demo-cut-mid-stream' },
        { label: 'typo', url: '/demo/v1', model: 'tanuki-typo' },
        { label: 'down', url: `http://127.0.0.1:${down}/v1`, model: 'demo' },
      ]),
      SMOKE_WORKERS: '2',
    });
    expect(run.code, run.output).toBe(1);
    expect(run.report).toMatchObject({ ok: false, counts: { total: 5, passed: 0, failed: 4, unreachable: 1 } });
    expect(resultFor(run, 'demo-503:retry_after=0')).toMatchObject({
      status: 'fail',
      kind: 'endpoint-error',
      httpStatuses: [503, 503, 503],
    });
    expect(resultFor(run, 'demo-503:retry_after=0').reason).toMatch(/^loading \(HTTP 503\): The model is loading/);
    const broken = resultFor(run, 'demo-error-mid-stream');
    expect(broken).toMatchObject({ status: 'fail', kind: 'error-mid-stream' });
    expect(broken.reason).toContain('demo: simulated error mid-stream');
    expect(broken.answer).not.toBe('');
    expect(resultFor(run, 'demo-cut-mid-stream')).toMatchObject({ status: 'fail', kind: 'stream-cut' });
    const typo = resultFor(run, 'tanuki-typo');
    expect(typo).toMatchObject({ status: 'fail', kind: 'endpoint-error' });
    expect(typo.reason).toMatch(/^not-found \(HTTP 404\).*The model `tanuki-typo` does not exist\..*The endpoint serves: demo,/);
    const gone = resultFor(run, 'demo');
    expect(gone).toMatchObject({ status: 'unreachable', kind: 'unreachable' });
    expect(gone.reason).toMatch(/^unreachable: the endpoint at http:\/\/127\.0\.0\.1:\d+\/v1: .*ECONNREFUSED/);
    // Every failure is recorded as such, and none is mistaken for a wrong answer.
    for (const r of run.report.results.filter((x) => x.status === 'fail')) {
      expect(r.checks.find((c) => c.name === 'recorded')?.ok).toBe(true);
      expect(r.kind).not.toBe('missing-keyword');
    }
    expect(run.output).toMatch(/SMOKE FAILED: 0 passed, 4 failed, 1 unreachable/);
  });

  test('fails when the first byte comes later than SMOKE_TTFT_MS', async ({ baseURL }, testInfo) => {
    const run = await runSmoke(testInfo.outputPath('run'), {
      SMOKE_APP_URL: baseURL!,
      SMOKE_MODEL: 'demo-slow-first-byte:first_byte_ms=8000',
      SMOKE_TTFT_MS: '1000',
    });
    expect(run.code, run.output).toBe(1);
    const [r] = run.report.results;
    expect(r).toMatchObject({
      status: 'fail',
      kind: 'slow-first-token',
      reason: 'no first token within the 1.00 s limit',
      limits: { maxFirstTokenMs: 1000 },
    });
  });

  // eslint-disable-next-line no-empty-pattern -- Playwright wants an object pattern first, even when no fixture is used
  test('says "unreachable" when the app is not there', async ({}, testInfo) => {
    const run = await runSmoke(testInfo.outputPath('run'), { SMOKE_APP_URL: `http://127.0.0.1:${await closedPort()}/` });
    expect(run.code, run.output).toBe(1);
    const [r] = run.report.results;
    expect(r).toMatchObject({ status: 'unreachable', kind: 'unreachable' });
    expect(r!.reason).toMatch(/^unreachable: the app at http:\/\/127\.0\.0\.1:\d+\/: .*ECONNREFUSED/);
    expect(run.output).toMatch(/SMOKE FAILED: 0 passed, 0 failed, 1 unreachable/);
  });
});
