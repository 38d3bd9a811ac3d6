// Lighthouse 12.2.3 (pinned: 13 needs Node 22) on the chat screen, with its default mobile profile
// (Moto G Power-sized screen, simulated slow 4G and a 4x slower CPU): performance and accessibility scores
// and Largest Contentful Paint. Each run gets a browser of its own, so a fresh profile. Lighthouse drives
// it over the DevTools port; the browser is Debian's Chromium, launched by Playwright as elsewhere in the bench.
//
// Alone:  npx tsx bench/lighthouse.ts [--no-build]   (or BENCH_URL=http://… to use a running preview)
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const LIGHTHOUSE_RUNS = 5;

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  lcpMs: number;
  /** Everything Lighthouse flagged in accessibility (empty when the score is 100). */
  accessibilityFailures: string[];
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

async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [`--remote-debugging-port=${port}`],
  });
  try {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error('Lighthouse returned no result');
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
    const score = (id: string) => Math.round((categories[id]?.score ?? NaN) * 100);
    const failures = (categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && audits[ref.id]?.score === 0)
      .map((ref) => `${ref.id}: ${audits[ref.id]?.title ?? ''}`);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      lcpMs: audits['largest-contentful-paint']?.numericValue ?? NaN,
      accessibilityFailures: failures,
    };
  } finally {
    await browser.close();
  }
}

export async function benchLighthouse(baseUrl: string, runs = LIGHTHOUSE_RUNS): Promise<LighthouseRun[]> {
  const out: LighthouseRun[] = [];
  for (let i = 0; i < runs; i++) out.push(await lighthouseOnce(`${baseUrl}/`));
  return out;
}

// ---------- standalone ----------

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { buildApp, outDir, startPreview } = await import('./server');
  const given = process.env.BENCH_URL;
  if (!given && !process.argv.includes('--no-build')) buildApp();
  else if (!given && !existsSync(path.join(outDir, 'index.html')))
    throw new Error('--no-build, but there is no build: run once without it');
  const server = given ? { url: given, stop: async () => undefined } : await startPreview();
  try {
    for (const run of await benchLighthouse(server.url)) console.log(JSON.stringify(run));
  } finally {
    await server.stop();
  }
}
