// End-to-end tests run the built app and the demo endpoint the way a user would meet them:
// `vite preview` serves the build with the demo endpoint mounted at /demo, and a second, standalone
// demo endpoint on its own port stands in for a custom endpoint on another origin (CORS, tokens).
// Browsers: Debian's Chromium by default (no download here); set CHROMIUM_PATH to use another, or
// PW_BUNDLED_BROWSER=1 to use Playwright's own after `npx playwright install chromium`.
import { defineConfig, devices } from '@playwright/test';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchOptions = process.env.PW_BUNDLED_BROWSER ? {} : { executablePath: chromiumPath };
// Two runs at once (say, two terminals) need their own ports; each port gets its own build folder.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4317);
export const DEMO_PORT = Number(process.env.E2E_DEMO_PORT ?? 8917);
const outDir = `node_modules/.e2e-dist/${APP_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['smoke/**'],
  outputDir: `test-results/${APP_PORT}`,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: process.env.PW_JSON_OUTPUT ?? 'test-results/e2e.json' }], ['./e2e/summary-reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    locale: 'ja-JP',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: [
    {
      command: `npx vite build --outDir ${outDir} --emptyOutDir && npx vite preview --outDir ${outDir} --port ${APP_PORT} --strictPort`,
      url: `http://127.0.0.1:${APP_PORT}/demo/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      command: `node --import tsx demo-endpoint/main.ts --port ${DEMO_PORT}`,
      url: `http://127.0.0.1:${DEMO_PORT}/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
