// Build and preview lifecycle. The preview server is the built app exactly as users get it, with the
// demo endpoint mounted at /demo. It runs in its own process group so that stopping it also stops the
// children npx spawns (a plain kill of the npx pid would leave vite listening).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The bench builds into its own folder: e2e runs rebuild dist/ and could replace it mid-measurement.
export const outDir = path.join(root, 'bench', '.cache', 'dist');

export function buildApp(): number {
  const started = performance.now();
  const result = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}\n`);
    throw new Error(`vite build failed (exit ${result.status})`);
  }
  return performance.now() - started;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Preview {
  url: string;
  /** CPU time (user + system) its processes have used so far, in ms (Linux /proc; null elsewhere). */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** The CPU time of every process in a process group, from /proc (clock ticks are 1/100 s on Linux). */
function groupCpuMs(group: number): number | null {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const d of dirs) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After the command name in parentheses: state, ppid, pgrp, ..., utime (14th field), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `npx <args>` in its own process group and waits until `ready` says yes (or the process exits, or
 * 30 s pass). Stopping it stops the whole group.
 */
async function startServer(args: string[], url: string, ready: (output: string) => Promise<boolean>): Promise<Preview> {
  const child = spawn('npx', args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  // If the bench dies on an exception or Ctrl-C, the server must not outlive it.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`npx ${args.join(' ')} exited early:\n${output}`);
    if (await ready(output)) break;
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`npx ${args.join(' ')} was not ready on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    cpuMs: () => groupCpuMs(child.pid!),
    async stop() {
      process.off('exit', onExit);
      if (exited) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export async function startPreview(): Promise<Preview> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startServer(['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], url, () =>
    fetch(`${url}/demo/health`).then(
      (r) => r.ok,
      () => false,
    ),
  );
}

/**
 * A self-signed certificate for 127.0.0.1 (made once with openssl, kept in bench/.cache): the bench's demo
 * endpoints serve HTTPS so that browsers speak HTTP/2 to them, as to a real deployment.
 */
export function localCertificate(): { key: string; cert: string } {
  const dir = path.join(path.dirname(outDir), 'tls');
  const files = { key: path.join(dir, 'key.pem'), cert: path.join(dir, 'cert.pem') };
  if (existsSync(files.key) && existsSync(files.cert)) return files;
  mkdirSync(dir, { recursive: true });
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  const result = spawnSync(
    'openssl',
    ['req', '-x509', ...curve, '-nodes', '-days', '3650', ...subject, '-keyout', files.key, '-out', files.cert],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`openssl could not make a certificate (is it installed?):\n${result.stderr ?? result.error}`);
  return files;
}

/** The demo endpoint on its own origin, over HTTPS with HTTP/2 (demo-endpoint/main.ts). */
export async function startDemoEndpoint(tls: { key: string; cert: string }): Promise<Preview> {
  const port = await freePort();
  const args = ['tsx', 'demo-endpoint/main.ts', '--port', String(port), '--tls-key', tls.key, '--tls-cert', tls.cert];
  return startServer(args, `https://127.0.0.1:${port}`, async (output) => output.includes('listening on'));
}
