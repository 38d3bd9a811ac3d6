// `npm start` on a fresh machine: it must print the app's URL and no error. Vite reads `--open=false` as a
// path to open ("/false"), so an earlier start script launched xdg-open, which a machine without a desktop
// lacks ("Error: spawn xdg-open ENOENT" under the URL). Here xdg-open is a stand-in that records any call.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const tmp = mkdtempSync(path.join(tmpdir(), 'npm-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it('prints the URL and opens no browser', async () => {
  const calls = path.join(tmp, 'xdg-open-calls');
  for (const opener of ['xdg-open', 'open', 'sensible-browser']) {
    const file = path.join(tmp, opener);
    writeFileSync(file, `#!/bin/sh\necho "${opener} $*" >> '${calls}'\n`);
    chmodSync(file, 0o755);
  }
  const port = await freePort();
  const { BROWSER: _browser, ...env } = process.env;
  const child = spawn('npm', ['start', '--', '--port', String(port), '--strictPort'], {
    env: { ...env, PATH: `${tmp}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
    detached: true,
  });
  let raw = '';
  // Without colour codes (vite may colour anyway), so that the URL reads as one string.
  const text = () => stripVTControlCharacters(raw);
  child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
  child.stderr.on('data', (d: Buffer) => (raw += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}/`;
    await expect.poll(text, { timeout: 30_000, interval: 100 }).toContain(url);
    // Vite starts any browser before it prints the URL; a page load later, its launcher has run.
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${url}demo/health`)).status).toBe(200);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  expect(existsSync(calls)).toBe(false);
  expect(text()).not.toMatch(/error|ENOENT/i);
}, 60_000);
