// Issue 10's figures, in real Chromium against the built app: (a) two sides of the compare screen streaming
// 2,000 chunks at 200 chunks/s each, with the renderer main thread watched from outside the page
// (main-thread.ts): its busy fraction and its longest task; (b) the Leaderboard tab over 20,000 stored votes
// among 8 models with 1,000 bootstrap rounds (its Web Worker): click on the tab -> the ratings painted, and
// the longest main-thread task meanwhile. Each stream run is a fresh profile; the votes are written once
// into the app's own database, then the tab is opened on a freshly loaded page per run.
//
// Part of `npm run bench` (bench/main.ts; `-- --no-compare` leaves it out).
import type { Browser } from '@playwright/test';
import { RECORDS_DB_NAME } from '../src/records';
import { generateVotes } from '../test-support/bench-data';
import { median, ms, pct, runs, table } from './figures';
import { watchMainThread } from './main-thread';
import { measure, waitForRecordsDb } from './review';
import { STREAM } from './speed';

const RUNS = 3;
export const LEADERBOARD_BENCH = { votes: 20_000, models: 8, rounds: 1000 } as const;
const AIMS = { longestTaskMs: 50, leaderboardMs: 2000 } as const;

const side = (id: string) => ({
  id,
  label: `bench ${id}`,
  protocol: 'openai-chat',
  url: '/demo/v1',
  model: `demo-long:rate=${STREAM.rate},tokens=${STREAM.tokens}`,
  params: { maxTokens: { default: STREAM.tokens, min: 1, max: 4096, step: 1 } },
});
const compareConfig = { endpoints: [side('left'), side('right')], defaultEndpoint: 'left' };

export interface CompareStreamRun {
  fraction: number;
  scriptShare: number;
  longestTask: number;
  chunks: number;
  seconds: number;
}

async function compareStreamOnce(browser: Browser, base: string): Promise<CompareStreamRun> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(compareConfig) }));
    await page.goto('/?compare=left,right');
    await page.locator('.app[data-hydrated="true"] [data-testid="compare"]').waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByTestId('composer-input').fill(`Describe it at length ${Date.now().toString(36)}`);

    const stop = await watchMainThread(browser, context, page, /\/chat\/completions/);
    await page.getByTestId('send-button').click();
    await page.locator('[data-testid="compare-turn"][data-finished="true"]').waitFor({ timeout: 90_000 });
    const watch = await stop();
    const ok = await page.locator('[data-testid="compare-answer"][data-status="ok"]').count();
    if (ok !== 2) throw new Error(`${ok} of 2 sides ended ok`);

    const first = watch.arrivals[0] ?? NaN;
    const last = watch.arrivals.at(-1) ?? NaN;
    const whole = watch.busy(first, last);
    return {
      fraction: whole.fraction,
      scriptShare: whole.scriptShare,
      longestTask: watch.longestTask(first, last),
      chunks: watch.arrivals.length,
      seconds: last - first,
    };
  } finally {
    await context.close();
  }
}

export interface LeaderboardRun {
  /** Click on the Leaderboard tab -> ratings of every model painted. */
  resultMs: number;
  longestTask: number;
  rows: number;
}

export async function benchLeaderboard(browser: Browser, base: string): Promise<{ seedMs: number; runs: LeaderboardRun[] }> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    const openReview = async () => {
      await page.goto('/#/review');
      await page.locator('.app[data-hydrated="true"] [data-testid="review"][data-load="ready"]').waitFor();
    };
    await openReview();
    await waitForRecordsDb(page);
    const started = performance.now();
    const votes = generateVotes(LEADERBOARD_BENCH.votes, LEADERBOARD_BENCH.models, 10);
    for (let i = 0; i < votes.length; i += 5000)
      await page.evaluate(
        async ({ dbName, batch }) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open(dbName);
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          try {
            const tx = db.transaction('votes', 'readwrite');
            for (const v of batch) tx.objectStore('votes').put(v);
            await new Promise<void>((resolve, reject) => {
              tx.oncomplete = () => resolve();
              tx.onerror = tx.onabort = () => reject(tx.error);
            });
          } finally {
            db.close();
          }
        },
        { dbName: RECORDS_DB_NAME, batch: votes.slice(i, i + 5000) },
      );
    const seedMs = performance.now() - started;

    const out: LeaderboardRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      await openReview();
      await page.waitForLoadState('networkidle');
      const stop = await watchMainThread(browser, context, page, /^$/);
      const resultMs = await measure(
        page,
        { kind: 'click', selector: '[data-testid="review-tab-leaderboard"]' },
        { selector: '[data-testid="leaderboard"]', attribute: 'data-state', equals: 'ready' },
      );
      const watch = await stop();
      const counted = await page.getByTestId('lb-counts').innerText();
      if (!counted.includes(`${LEADERBOARD_BENCH.votes} of ${LEADERBOARD_BENCH.votes}`))
        throw new Error(`the leaderboard did not count every vote: ${counted}`);
      out.push({ resultMs, longestTask: watch.longestTask(0, Infinity), rows: await page.getByTestId('lb-row').count() });
    }
    return { seedMs, runs: out };
  } finally {
    await context.close();
  }
}

export async function benchCompareStream(browser: Browser, base: string): Promise<CompareStreamRun[]> {
  const out: CompareStreamRun[] = [];
  for (let run = 0; run < RUNS; run++) out.push(await compareStreamOnce(browser, base));
  return out;
}

export function reportIssue10(stream: CompareStreamRun[], board: Awaited<ReturnType<typeof benchLeaderboard>>): string {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const col = <T>(xs: T[], pick: (x: T) => number) => xs.map(pick);
  const taskMs = (n: number) => (n ? ms(n) : '0 ms');
  const b = board.runs;
  const out = [`Issue 10: compare and leaderboard (medians of ${RUNS} runs; built app on vite preview, loopback)`];
  out.push(
    table([
      ['measure', 'median   (runs)', 'aim', ''],
      [
        `compare, 2 sides × ${STREAM.tokens} chunks at ${STREAM.rate}/s: main thread busy`,
        runs(
          col(stream, (s) => s.fraction),
          pct,
        ),
        '(no aim)',
        '',
      ],
      [
        '  longest main-thread task meanwhile',
        runs(
          col(stream, (s) => s.longestTask),
          taskMs,
        ),
        `<= ${ms(AIMS.longestTaskMs)}`,
        met(Math.max(...col(stream, (s) => s.longestTask)) <= AIMS.longestTaskMs),
      ],
      [
        `leaderboard, ${LEADERBOARD_BENCH.votes} votes, ${LEADERBOARD_BENCH.models} models, ${LEADERBOARD_BENCH.rounds} rounds: click -> ratings painted`,
        runs(
          col(b, (r) => r.resultMs),
          ms,
        ),
        `< ${ms(AIMS.leaderboardMs)}`,
        met(median(col(b, (r) => r.resultMs)) < AIMS.leaderboardMs),
      ],
      [
        '  longest main-thread task meanwhile',
        runs(
          col(b, (r) => r.longestTask),
          taskMs,
        ),
        `<= ${ms(AIMS.longestTaskMs)}`,
        met(Math.max(...col(b, (r) => r.longestTask)) <= AIMS.longestTaskMs),
      ],
    ]),
  );
  out.push(
    `  (longest-task aims hold for every run, not the median; compare: ${runs(
      col(stream, (s) => s.chunks),
      String,
    )} network chunks over ${runs(
      col(stream, (s) => s.seconds),
      (n) => `${n.toFixed(1)} s`,
    )}, script ${runs(
      col(stream, (s) => s.scriptShare),
      pct,
    )} of the busy time; leaderboard rows ${b.map((r) => r.rows).join(', ')}, ${Math.round(board.seedMs)} ms to write the votes)`,
  );
  return out.join('\n');
}
