// The compare screen (#/compare, ?compare=<id>,<id>): one question to several endpoints side by side, each
// streaming on its own, recorded like chat answers (source `compare`, one groupId per turn); blind votes.
import type { Download, Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { expect, marker, test, type ChatPage, type DemoControl, type EndpointConfig } from './fixtures';

const ALPHA: EndpointConfig = { id: 'alpha', label: 'Alpha Vision', url: '/demo/v1', model: 'demo' };
const BETA: EndpointConfig = { id: 'beta', label: 'Beta Vision', url: '/demo/v1', model: 'demo-vllm' };
const BROKEN: EndpointConfig = { id: 'broken', label: 'Broken Vision', url: '/demo/v1', model: 'demo-500' };
/** Slow enough to be stopped mid-answer (a distinct rate: the demo log tells the requests apart by marker). */
const SLOW: EndpointConfig = { id: 'slow', label: 'Slow Vision', url: '/demo/v1', model: 'demo-long:rate=20,tokens=400' };

interface StoredRecord {
  id: string;
  source: string;
  groupId?: string;
  conversationId: string;
  status: string;
  endpoint: { id: string; label: string };
  messages: { role: string; text: string }[];
  output: string;
}

interface StoredVote {
  annotator: string;
  choice: string;
  blind: boolean;
  recordIds: string[];
  endpointIds: string[];
  flagged: boolean;
  identityWords: string[];
  reasons: string[];
  groupId: string;
}

/** Every row of one object store of the records database, read inside the page. */
async function readStore<T>(page: Page, store: 'records' | 'votes'): Promise<T[]> {
  return page.evaluate(async (name) => {
    const request = <R>(r: IDBRequest<R>) =>
      new Promise<R>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const db = await request(indexedDB.open('tanuki-records'));
    try {
      return (await request(db.transaction(name, 'readonly').objectStore(name).getAll())) as T[];
    } finally {
      db.close();
    }
  }, store) as Promise<T[]>;
}

async function openCompare(chat: ChatPage, endpoints: EndpointConfig[], ids: string[]) {
  await chat.configure({ endpoints });
  await chat.open(`?compare=${ids.join(',')}`);
  await expect(chat.page.getByTestId('compare')).toBeVisible();
}

/** Sends one question to every side; returns the new turn. */
async function ask(page: Page, question: string) {
  const turns = page.getByTestId('compare-turn');
  const before = await turns.count();
  await page.getByTestId('composer-input').fill(question);
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await page.getByTestId('composer-input').press('Enter');
  await expect(turns).toHaveCount(before + 1);
  return turns.nth(before);
}

const side = (turn: ReturnType<Page['getByTestId']>, letter: string) =>
  turn.locator(`[data-testid="compare-answer"][data-side="${letter}"]`);

async function requestsFor(demo: DemoControl, m: string) {
  return (await demo.entriesFor(m)).map((e) => ({ model: e.model, messageCount: e.messageCount, status: e.status }));
}

test('two demo endpoints side by side: one send, two streams, records with one groupId, a follow-up each', async ({ chat, demo, page }) => {
  const m = marker();
  await openCompare(chat, [ALPHA, BETA], ['alpha', 'beta']);
  // No annotator: not blind, so the pickers show which endpoint is on which side.
  await expect(page.getByTestId('compare')).toHaveAttribute('data-names', 'shown');
  await expect(page.getByTestId('compare-picker')).toHaveCount(2);
  await expect(page.getByTestId('compare-picker').nth(0)).toHaveValue('alpha');
  await expect(page.getByTestId('compare-picker').nth(1)).toHaveValue('beta');
  await expect(page.getByTestId('send-button')).toHaveText('2 つに送信');

  await chat.attach('rocket.jpg');
  await chat.waitForAttachmentsReady(1);
  const turn = await ask(page, `何が写っていますか ${m}`);
  await expect(turn).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  for (const letter of ['a', 'b']) {
    await expect(side(turn, letter)).toHaveAttribute('data-status', 'ok');
    await expect(side(turn, letter).getByTestId('answer-text')).toContainText('640×427');
  }
  await expect(side(turn, 'a')).toHaveAttribute('data-endpoint-id', 'alpha');
  await expect(side(turn, 'b')).toHaveAttribute('data-endpoint-id', 'beta');
  await expect(turn.getByTestId('open-image')).toHaveCount(1);
  expect((await requestsFor(demo, m)).sort((a, b) => a.model.localeCompare(b.model))).toEqual([
    { model: 'demo', messageCount: 1, status: 200 },
    { model: 'demo-vllm', messageCount: 1, status: 200 },
  ]);

  // A follow-up continues each side's own conversation: its question, its own answer, the new question.
  const m2 = marker();
  const second = await ask(page, `もう少し詳しく ${m2}`);
  await expect(second).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  expect((await requestsFor(demo, m2)).map((r) => r.messageCount)).toEqual([3, 3]);

  const records = (await readStore<StoredRecord>(page, 'records')).filter((r) => r.messages.some((x) => x.text.includes(m)));
  expect(records).toHaveLength(4);
  expect(new Set(records.map((r) => r.source))).toEqual(new Set(['compare']));
  const firstTurn = records.filter((r) => r.messages.length === 1);
  expect(firstTurn.map((r) => r.endpoint.id).sort()).toEqual(['alpha', 'beta']);
  expect(firstTurn[0]!.groupId).toBe(await turn.getAttribute('data-group-id'));
  expect(firstTurn[1]!.groupId).toBe(firstTurn[0]!.groupId);
  const followUps = records.filter((r) => r.messages.length === 3);
  expect(followUps.map((r) => r.groupId)).toEqual([await second.getAttribute('data-group-id'), await second.getAttribute('data-group-id')]);
  expect(followUps[0]!.groupId).not.toBe(firstTurn[0]!.groupId);

  // The answers are ordinary records: Review lists them.
  await page.getByTestId('nav-review').click();
  await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
});

test('a failing side shows its own error; Stop stops one side, Regenerate asks it again, Stop all ends the rest', async ({
  chat,
  page,
}) => {
  const m = marker();
  await openCompare(chat, [BROKEN, ALPHA, SLOW], ['broken', 'alpha']);
  const turn = await ask(page, `壊れた側 ${m}`);
  await expect(side(turn, 'a')).toHaveAttribute('data-status', 'error');
  await expect(side(turn, 'a').getByTestId('answer-error')).toHaveAttribute('data-code', 'server');
  await expect(side(turn, 'a').getByTestId('answer-error')).toContainText('Broken Vision');
  await expect(side(turn, 'b')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await expect(side(turn, 'b').getByTestId('answer-error')).toHaveCount(0);

  // Three sides, one of them slow: Stop on the slow one only, then Regenerate it, then Stop all.
  await page.getByTestId('compare-add-side').click();
  await expect(page.getByTestId('compare-picker')).toHaveCount(3);
  await page.getByTestId('compare-picker').nth(2).selectOption('slow');
  await expect(page.getByTestId('compare-picker').nth(2)).toHaveValue('slow');
  await expect(page.getByTestId('send-button')).toHaveText('3 つに送信');
  const next = await ask(page, `三つ ${marker()}`);
  const slow = side(next, 'c');
  await expect(slow.getByTestId('answer-text')).not.toBeEmpty();
  await slow.getByTestId('stop-side').click();
  await expect(slow).toHaveAttribute('data-status', 'aborted');
  await expect(side(next, 'b')).toHaveAttribute('data-status', 'ok', { timeout: 20_000 });
  await expect(side(next, 'a')).toHaveAttribute('data-status', 'error');

  await slow.getByTestId('regenerate-side').click();
  await expect(slow).toHaveAttribute('data-status', 'streaming');
  await expect(slow.getByTestId('answer-text')).not.toBeEmpty();
  await page.getByTestId('stop-all').click();
  await expect(slow).toHaveAttribute('data-status', 'aborted');
  await expect(page.getByTestId('send-button')).toBeVisible();
});

test('the link names the endpoints; unknown ones are said in words', async ({ chat, page }) => {
  await openCompare(chat, [ALPHA, BETA, SLOW], ['slow', 'nope', 'alpha']);
  await expect(page).toHaveURL(/#\/compare$/);
  await expect(page.getByTestId('compare-picker').nth(0)).toHaveValue('slow');
  await expect(page.getByTestId('compare-picker').nth(1)).toHaveValue('alpha');
  await expect(page.getByTestId('compare-link-problem')).toContainText('nope');
});

test('blind: names hidden everywhere until the vote by key, then shown; the vote is stored and changeable', async ({ chat, page }) => {
  const m = marker();
  await openCompare(chat, [ALPHA, BETA], ['alpha', 'beta']);
  // The name asked under the first finished turn turns blind mode on for the next comparison.
  const warmUp = await ask(page, `準備 ${m}`);
  await expect(warmUp).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  await page.getByTestId('annotator-gate-input').fill('Blind Tester');
  await page.getByTestId('annotator-gate-input').press('Enter');
  await expect(page.getByTestId('blind-toggle')).toBeChecked();
  await page.getByTestId('compare-new').click();
  await expect(page.getByTestId('compare')).toHaveAttribute('data-names', 'hidden');

  const turn = await ask(page, `ブラインド ${m}`);
  await expect(turn).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  const html = await page.content();
  for (const name of ['Alpha Vision', 'Beta Vision', 'demo-vllm', 'data-endpoint-id']) expect(html).not.toContain(name);
  expect(await page.title()).not.toMatch(/Alpha|Beta/);
  await expect(page.getByTestId('side-name').first()).toHaveText('モデル A');

  // Keys: Esc leaves the composer, then a reason (5) and "A is better" (1).
  await page.getByTestId('composer-input').press('Escape');
  await page.keyboard.press('5');
  await page.keyboard.press('1');
  await expect(page.getByTestId('compare')).toHaveAttribute('data-names', 'shown');
  await expect(turn.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'a');
  const aId = await side(turn, 'a').getAttribute('data-endpoint-id');
  expect(['alpha', 'beta']).toContain(aId);
  await expect(side(turn, 'a').getByTestId('side-name')).toContainText(aId === 'alpha' ? 'Alpha Vision' : 'Beta Vision');

  const groupId = await turn.getAttribute('data-group-id');
  const mine = async () => (await readStore<StoredVote>(page, 'votes')).filter((v) => v.groupId === groupId);
  await expect.poll(async () => (await mine()).map((v) => v.choice)).toEqual(['a']);
  const [vote] = await mine();
  expect(vote).toMatchObject({ annotator: 'Blind Tester', blind: true, flagged: true, identityWords: ['Tanuki'], reasons: ['accurate'] });
  expect(vote!.endpointIds[0]).toBe(aId);

  // Changed by click after the names are shown: still one vote, no longer blind.
  await turn.getByTestId('vote-tie').click();
  await expect(turn.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'tie');
  await expect.poll(async () => (await mine()).map((v) => [v.choice, v.blind])).toEqual([['tie', false]]);
});

test('votes reach the leaderboard, go out in the export (votes.jsonl) and come back through import', async ({
  chat,
  page,
  browser,
  baseURL,
}) => {
  test.slow(); // two compared turns, the leaderboard twice, an export and a second browser profile importing it twice
  const m = marker();
  await openCompare(chat, [ALPHA, BETA], ['alpha', 'beta']);
  const first = await ask(page, `一問目 ${m}`);
  await expect(first).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  await page.getByTestId('annotator-gate-input').fill('Ranker');
  await page.getByTestId('annotator-gate-input').press('Enter');
  await first.getByTestId('vote-a').click();
  await expect(first.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'a');
  const second = await ask(page, `二問目 ${m}`);
  await expect(second).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  await second.getByTestId('vote-both-bad').click();
  await expect(second.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'both-bad');

  // The leaderboard: both endpoints ranked, and in words that two votes cannot separate them.
  await page.getByTestId('nav-review').click();
  await page.getByTestId('review-tab-leaderboard').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toHaveAttribute('data-state', 'ready');
  await expect(board.getByTestId('lb-row')).toHaveCount(2);
  await expect(board.getByTestId('lb-row').first()).toContainText('Alpha Vision');
  await expect(board.getByTestId('lb-counts')).toContainText('2 票のうち 2 票を集計');
  await expect(board.getByTestId('lb-verdict')).toHaveAttribute('data-code', 'not-separated');
  await expect(board.getByTestId('lb-verdict')).toContainText('モデルを区別できません');
  await expect(board.getByTestId('lb-verdict')).toContainText('投票が 5 票未満の組');
  await expect(board.getByTestId('lb-plot')).toBeVisible();
  // Every vote names Tanuki (the demo says so): leaving flagged votes out leaves none.
  await board.getByTestId('lb-unflagged').check();
  await expect(board.getByTestId('lb-verdict')).toHaveAttribute('data-code', 'no-data');

  // The export carries both votes; a fresh profile imports them and ranks the same.
  await page.getByTestId('review-tab-list').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-zip').click()]);
  const zip = readFileSync(await (download as Download).path());
  const files = unzipSync(new Uint8Array(zip));
  const votes = strFromU8(files['votes.jsonl']!)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StoredVote)
    .filter((v) => v.annotator === 'Ranker');
  expect(votes.map((v) => v.choice).sort()).toEqual(['a', 'both-bad']);
  expect(strFromU8(files['README.md']!)).toContain('votes.jsonl');

  const fresh = await browser.newContext({ baseURL, locale: 'ja-JP' });
  const other = await fresh.newPage();
  await other.goto('/#/review');
  await expect(other.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  for (const round of ['追加 2', '変更なし 2']) {
    await other.getByTestId('import-input').setInputFiles({ name: 'export.zip', mimeType: 'application/zip', buffer: zip });
    await expect(other.getByTestId('import-votes')).toContainText(round);
  }
  await other.getByTestId('review-tab-leaderboard').click();
  await expect(other.getByTestId('leaderboard')).toHaveAttribute('data-state', 'ready');
  await expect(other.getByTestId('lb-row')).toHaveCount(2);
  await expect(other.getByTestId('lb-counts')).toContainText('2 票のうち 2 票を集計');
  await fresh.close();
});

test('the pairwise queue serves stored compare answers blind, by keyboard, and resumes after a reload', async ({ chat, page }) => {
  const m = marker();
  await openCompare(chat, [ALPHA, BETA], ['alpha', 'beta']);
  for (const q of [`ペア一 ${m}`, `ペア二 ${m}`]) {
    await page.getByTestId('compare-new').click();
    const turn = await ask(page, q);
    await expect(turn).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  }
  await page.getByTestId('compare-to-pairs').click();
  await page.getByTestId('annotator-gate-input').fill('Pairer');
  await page.getByTestId('annotator-gate-input').press('Enter');
  const queue = page.getByTestId('pair-queue');
  await expect(queue).toHaveAttribute('data-state', 'pair');
  await expect(page.getByTestId('pairs-progress')).toContainText('2 組中 1 組目・投票済み 0');
  await expect(queue.getByTestId('side-name')).toHaveText(['モデル A', 'モデル B']);
  expect(await page.content()).not.toMatch(/Alpha Vision|Beta Vision|demo-vllm/);
  expect(await page.title()).not.toMatch(/Alpha|Beta/);

  // A vote shows the names; Z takes it back and hides them again; the vote again, then on to the next pair.
  await page.keyboard.press('2');
  await expect(queue.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'b');
  await expect(queue.getByTestId('side-name').first()).toContainText(/Alpha Vision|Beta Vision/);
  await page.keyboard.press('z');
  await expect(queue.getByTestId('vote-bar')).toHaveAttribute('data-choice', '');
  await expect(queue.getByTestId('side-name')).toHaveText(['モデル A', 'モデル B']);
  await page.keyboard.press('2');
  await expect(page.getByTestId('pairs-progress')).toContainText('投票済み 1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pairs-progress')).toContainText('2 組中 2 組目・投票済み 1');
  const key = await queue.getAttribute('data-key');

  // After a reload: the same pair, still blind; the voted one is still there behind it (←).
  await page.reload();
  await expect(queue).toHaveAttribute('data-key', key!);
  await expect(page.getByTestId('pairs-progress')).toContainText('2 組中 2 組目・投票済み 1');
  await expect(queue.getByTestId('side-name')).toHaveText(['モデル A', 'モデル B']);
  await page.keyboard.press('3');
  await expect(queue.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'tie');
  await page.keyboard.press('Enter');
  await expect(queue).toHaveAttribute('data-state', 'done');
  await expect(queue).toContainText('2 組すべてに投票しました');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(queue.getByTestId('vote-bar')).toHaveAttribute('data-choice', 'b');
  const votes = (await readStore<StoredVote>(page, 'votes')).filter((v) => v.annotator === 'Pairer');
  expect(votes.map((v) => [v.choice, v.blind]).sort()).toEqual([
    ['b', true],
    ['tie', true],
  ]);
});

test('the identity word list is edited on the screen, flags answers by the new words, and stays after a reload', async ({ chat, page }) => {
  const m = marker();
  await openCompare(chat, [ALPHA, BETA], ['alpha', 'beta']);
  const list = page.getByTestId('identity-words');
  await list.locator('summary').click();
  await expect(list.locator('summary')).toHaveText('身元を示す語（32）');
  // The demo endpoint says what it is ("デモ用エンドポイント"), so that word flags its answers; Tanuki is off the list.
  await page.getByTestId('identity-words-input').fill('エンドポイント, エンドポイント,  ');
  await page.getByTestId('identity-words-save').click();
  await expect(list.locator('summary')).toHaveText('身元を示す語（1）');

  const turn = await ask(page, `一覧 ${m}`);
  await expect(turn).toHaveAttribute('data-finished', 'true', { timeout: 20_000 });
  await page.getByTestId('annotator-gate-input').fill('List Tester');
  await page.getByTestId('annotator-gate-input').press('Enter');
  await expect(turn.getByTestId('vote-flag')).toContainText('（エンドポイント）');

  await page.reload();
  await expect(list.locator('summary')).toHaveText('身元を示す語（1）');
  await list.locator('summary').click();
  await expect(page.getByTestId('identity-words-input')).toHaveValue('エンドポイント');
  await list.getByRole('button', { name: '既定の一覧に戻す' }).click();
  await expect(list.locator('summary')).toHaveText('身元を示す語（32）');
});

test('the pairwise queue tab says it is loading while its code is on the way', async ({ page }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/pair-queue-view-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/#/review/pairs');
  await expect(page.getByTestId('tab-loading')).toHaveText('記録を読み込んでいます…');
  release();
  await expect(page.getByTestId('annotator-gate-input')).toBeVisible();
  await expect(page.getByTestId('tab-loading')).toHaveCount(0);
});
