// `npm run smoke`: the smoke suite (e2e/smoke/) against a deployed or local app and any endpoints, aimed by
// environment variables (see e2e/smoke/README.md). Without SMOKE_APP_URL the suite builds the app and serves
// it with `vite preview`, which mounts the demo endpoint at /demo. Traces and Playwright's own screenshots are
// off: a trace keeps every typed value and a failure screenshot could catch Settings; the spec takes its own.
import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';
import { reportDir } from './e2e/smoke/report';
import { DEFAULT_APP_PORT } from './deploy-check/targets';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchOptions = process.env.PW_BUNDLED_BROWSER ? {} : { executablePath: chromiumPath };
const localApp = !process.env.SMOKE_APP_URL?.trim();
const appPort = Number(process.env.SMOKE_APP_PORT ?? DEFAULT_APP_PORT);
// Each port gets its own build folder, so that two runs at once do not overwrite each other's.
const outDir = `node_modules/.smoke-dist/${appPort}`;
const dir = reportDir();
// Playwright writes an ARIA snapshot of a failed test's page into error-context.md, and that snapshot
// holds input values, password fields included: a failure on Settings would put the token into the report.
process.env.PLAYWRIGHT_NO_COPY_PROMPT ??= '1';

export default defineConfig({
  testDir: 'e2e/smoke',
  outputDir: path.join(dir, 'test-results'),
  // Each test sets its own timeout from its probe's limits.
  timeout: 5 * 60_000,
  expect: { timeout: 15_000 },
  // One probe at a time by default: parallel requests would slow each other's first token.
  workers: Number(process.env.SMOKE_WORKERS ?? 1),
  fullyParallel: true,
  retries: 0,
  reporter: [
    ['./e2e/smoke/smoke-reporter.ts'],
    ['html', { outputFolder: path.join(dir, 'html'), open: 'never' }],
    // `npm test` counts every suite's results from this file.
    ...(process.env.PW_JSON_OUTPUT ? [['json', { outputFile: process.env.PW_JSON_OUTPUT }] as const] : []),
  ],
  use: {
    locale: 'ja-JP',
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
  projects: [{ name: 'smoke', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: localApp
    ? {
        command: `npx vite build --outDir ${outDir} --emptyOutDir && npx vite preview --outDir ${outDir} --port ${appPort} --strictPort`,
        url: `http://127.0.0.1:${appPort}/demo/health`,
        reuseExistingServer: !process.env.CI,
        timeout: 180_000,
      }
    : undefined,
});
