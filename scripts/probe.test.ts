// `npm run probe`'s command line: arguments, the token, exit codes, and once as the real command (tsx). The
// probe itself is tested in deploy-check/probe.test.ts.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastScenario as fast, startDemoWithTinyImage } from '../demo-endpoint/test-server';
import { main, parseCli } from './probe';

let demo: Awaited<ReturnType<typeof startDemoWithTinyImage>>;
beforeAll(async () => {
  demo = await startDemoWithTinyImage();
});
afterAll(() => demo.close());

describe('the command line', { timeout: 30_000 }, () => {
  it('needs an absolute URL: Node has no page to resolve a path against', () => {
    expect(() => parseCli(['--url', '/demo/v1'], {})).toThrow(/must be absolute/);
  });

  it('reads the token from the named variable, or SMOKE_TOKEN, then HF_TOKEN', () => {
    const base = ['--url', 'http://h/v1'];
    expect(parseCli([...base, '--token-env', 'MY_TOKEN'], { MY_TOKEN: 'a' })).toMatchObject({ token: 'a' });
    expect(() => parseCli([...base, '--token-env', 'MY_TOKEN'], {})).toThrow(/MY_TOKEN: that environment variable is empty/);
    expect(parseCli(base, { HF_TOKEN: 'b' })).toMatchObject({ token: 'b' });
    expect(parseCli(base, { HF_TOKEN: 'b', SMOKE_TOKEN: 'c' })).toMatchObject({ token: 'c' });
  });

  it('prints the figures and exits 0 on a pass, 1 on a failure, 2 on bad arguments', async () => {
    const out: string[] = [];
    const code = await main(
      ['--url', `${demo.url}/v1`, '--model', fast('demo'), '--image', demo.tinyImage],
      {},
      (s) => out.push(s),
      () => undefined,
    );
    expect(code).toBe(0);
    // The fast demo writes the whole answer at once: too short a stream to give a rate for (runs/timings.ts).
    expect(out.join('\n')).toMatch(/figures {3}ttft \d+\.\d\d s · total \d+\.\d\d s · — tok\/s · \d+ tokens · finish stop/);
    expect(out.join('\n')).toMatch(/result {4}PASS/);
    const json: string[] = [];
    expect(
      await main(
        ['--url', `${demo.url}/v1`, '--model', 'nope', '--image', demo.tinyImage, '--json'],
        {},
        (s) => json.push(s),
        () => undefined,
      ),
    ).toBe(1);
    expect(JSON.parse(json.join(''))).toMatchObject({ status: 'fail', kind: 'endpoint-error' });
    expect(
      await main(
        ['--model', 'demo'],
        {},
        () => undefined,
        () => undefined,
      ),
    ).toBe(2);
  });

  it('runs as `npm run probe` (tsx) and exits non-zero with the reason on a failure', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/probe.ts', ...args], {
          env: { ...process.env, SMOKE_TOKEN: '', HF_TOKEN: '' },
        });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const failed = await run(['--url', `${demo.url}/v1`, '--model', fast('demo-cut-mid-stream'), '--image', demo.tinyImage, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'fail', kind: 'stream-cut' });
  }, 60_000);
});
