// Review end to end: answers from the demo endpoint are rated in the queue with the keyboard alone, the
// ratings survive a reload, export to a zip that is checked here in Node, import into a fresh browser
// profile, and hostile files change nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect, marker, test as base, type ChatPage } from './fixtures';

class ReviewPage {
  readonly list: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly queueItem: Locator;
  readonly progress: Locator;
  readonly report: Locator;
  readonly note: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('review-list');
    this.rows = page.getByTestId('review-row');
    this.detail = page.getByTestId('review-detail');
    this.queueItem = page.getByTestId('queue-item');
    this.progress = page.getByTestId('queue-progress');
    this.report = page.getByTestId('import-report');
    this.note = page.getByTestId('rating-note');
  }

  async open(sub = '') {
    await this.page.goto(`/#/review${sub}`);
    await expect(this.page.locator('.app[data-hydrated="true"]')).toBeVisible();
    await expect(this.page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  }

  /** Answers the once-only name question, if it is asked. */
  async nameAnnotator(name: string) {
    await this.page.getByTestId('annotator-gate-input').fill(name);
    await this.page.getByTestId('annotator-gate-input').press('Enter');
    await expect(this.page.getByTestId('annotator-gate')).toHaveCount(0);
  }

  row(recordId: string): Locator {
    return this.page.locator(`[data-testid="review-row"][data-record-id="${recordId}"]`);
  }

  async select(recordId: string) {
    await this.row(recordId).click();
    await expect(this.detail).toHaveAttribute('data-record-id', recordId);
  }

  async currentQueueId(): Promise<string> {
    await expect(this.queueItem).toBeVisible();
    return (await this.queueItem.getAttribute('data-record-id')) ?? '';
  }

  async download(testId: 'export-zip' | 'export-csv'): Promise<Buffer> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    return readFileSync(await (download as Download).path());
  }

  async importFile(name: string, mimeType: string, buffer: Buffer) {
    await this.page.getByTestId('import-input').setInputFiles({ name, mimeType, buffer });
    await expect(this.report).toBeVisible();
  }
}

const test = base.extend<{ review: ReviewPage }>({
  review: async ({ page }, use) => {
    await use(new ReviewPage(page));
  },
});

async function answer(chat: ChatPage, question: string, image?: string) {
  if (image) {
    await chat.attach(image);
    await chat.waitForAttachmentsReady(1);
  }
  await chat.askAndWait(question);
}

interface ExportedLine {
  id: string;
  output: string;
  question: string;
  imagePaths: string[];
  messages: { images: { sha256: string; path: string | null }[] }[];
  ratings: { annotator: string; score: number | null; thumb: string | null; tags: string[]; note: string }[];
}

test.describe('review', () => {
  test('rate answers in the queue with the keyboard alone; position and ratings survive a reload', async ({ chat, review, page }) => {
    const m = marker();
    await chat.open();
    await answer(chat, `この画像には何が写っていますか？ ${m}`, 'chelsea.png');
    await answer(chat, `What colour is it? ${m}`);

    await review.open('/queue');
    await review.nameAnnotator('Queue Tester');
    await expect(review.progress).toHaveText('1 / 2');
    const first = await review.currentQueueId();

    // Score, a tag, a note, next: nothing but keys.
    await page.keyboard.press('4');
    await expect(page.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('q');
    await expect(page.getByTestId('rating-tag-hallucination')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('n');
    await expect(review.note).toBeFocused();
    await page.keyboard.type(`毛の色の説明がない ${m}`);
    // Keys typed in the note are text, not commands.
    await expect(page.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Escape');
    await expect(review.note).not.toBeFocused();
    await page.keyboard.press('Enter');
    await expect(review.progress).toHaveText('2 / 2');
    const second = await review.currentQueueId();
    expect(second).not.toBe(first);
    await expect(review.progress).toHaveAttribute('data-rated', '1');

    // Undo takes back the last change.
    await page.keyboard.press('5');
    await expect(page.getByTestId('rating-score-5')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('z');
    await expect(page.getByTestId('rating-score-5')).toHaveAttribute('aria-pressed', 'false');

    // A reload comes back to the same item; the scored one has left the queue.
    await page.reload();
    await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    expect(await review.currentQueueId()).toBe(second);
    await expect(review.progress).toHaveText('1 / 1');
    await page.keyboard.press('2');
    await expect(page.getByTestId('rating-score-2')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('queue-done')).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('queue-done')).toBeVisible();

    // Everything is in the records list and the detail view.
    await page.getByTestId('review-tab-list').click();
    await expect(review.rows).toHaveCount(2);
    await review.select(first);
    await expect(review.detail.getByTestId('rating-score-4')).toHaveAttribute('aria-pressed', 'true');
    await expect(review.detail.getByTestId('rating-tag-hallucination')).toHaveAttribute('aria-pressed', 'true');
    await expect(review.detail.getByTestId('rating-note')).toHaveValue(`毛の色の説明がない ${m}`);
    await expect(review.detail.getByTestId('review-rating')).toHaveAttribute('data-annotator', 'Queue Tester');
    await expect(review.detail.getByTestId('review-provenance')).toContainText('openai-chat');
    await expect(review.detail.locator('.record-image img')).toBeVisible();

    // Filters narrow the list.
    await page.getByTestId('review-filter-text').fill('colour');
    await expect(review.list).toHaveAttribute('data-count', '1');
    await page.getByTestId('review-filter-reset').click();
    await expect(review.list).toHaveAttribute('data-count', '2');
    await page.getByTestId('review-filter-min-score').selectOption('3');
    await expect(review.list).toHaveAttribute('data-count', '1');
    await page.getByTestId('review-filter-reset').click();

    // Statistics: one group (the demo endpoint), mean of 4 and 2.
    await page.getByTestId('review-tab-stats').click();
    await expect(page.getByTestId('stats-table').getByTestId('stats-row')).toHaveCount(1);
    await expect(page.getByTestId('stats-mean')).toContainText('3.00');
    await expect(page.getByTestId('chart-mean').locator('canvas')).toBeVisible();
  });

  test('thumbs under a chat answer feed the same ratings', async ({ chat, review, page }) => {
    await chat.open();
    await answer(chat, `Is this a horse? ${marker()}`, 'horse.png');
    await page.getByTestId('thumb-down').click();
    // Chat has not loaded Review's words: the name is still asked in words, never by a dictionary key.
    const gate = page.getByTestId('annotator-gate');
    await expect(gate).toContainText('評価者としてのお名前');
    await expect(gate.getByRole('button', { name: '評価を始める' })).toBeVisible();
    await expect(gate.getByTestId('annotator-gate-input')).toHaveAttribute('placeholder', '例：佐藤');
    await review.nameAnnotator('Chat Visitor');
    await expect(page.getByTestId('thumb-down')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('thumb-tag-wrong-object').click();
    await expect(page.getByTestId('thumb-tag-wrong-object')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('nav-review').click();
    await expect(review.rows).toHaveCount(1);
    await review.rows.first().click();
    const rating = review.detail.getByTestId('review-rating');
    await expect(rating).toHaveAttribute('data-annotator', 'Chat Visitor');
    await expect(rating).toContainText('悪い回答');
    await expect(rating).toContainText('物体の取り違え');

    // A thumb is not a score: the answer still waits in the queue.
    await page.getByTestId('review-tab-queue').click();
    await expect(review.progress).toHaveText('1 / 1');
  });

  test('a stopped answer is shown stopped, as the chat showed it, not as a failure', async ({ chat, review, page }) => {
    await chat.configure({
      endpoints: [{ id: 'slow', label: 'Slow demo', url: '/demo/v1', model: 'demo-long:rate=15,tokens=600' }],
      defaultEndpoint: 'slow',
    });
    await chat.open();
    const stopped = await chat.ask(`stop here ${marker()}`);
    await expect(stopped.getByTestId('answer-text')).not.toBeEmpty();
    await chat.stop.click();
    await chat.waitForAnswer(stopped, 'aborted');

    await page.getByTestId('nav-review').click();
    await review.rows.first().click();
    const notice = review.detail.getByTestId('detail-error');
    await expect(notice).toContainText('停止しました。');
    await expect(notice).toHaveClass(/notice-info/);
    await expect(notice).not.toHaveClass(/notice-error/);
    await expect(notice.getByText('技術的な詳細')).toHaveCount(0);
  });

  test('export a zip and CSV, check them, import into a fresh profile; hostile files change nothing', async ({
    chat,
    review,
    browser,
    baseURL,
  }) => {
    test.slow(); // three answers, two exports, a second browser profile and five imports: the work of several tests
    const m = marker();
    await chat.open();
    await answer(chat, `何が写っていますか？ ${m}`, 'rocket.jpg');
    await review.open();
    await review.rows.first().click();
    await review.nameAnnotator('Exporter');
    await review.detail.getByTestId('rating-score-5').click();
    await expect(review.detail.getByTestId('rating-score-5')).toHaveAttribute('aria-pressed', 'true');
    await review.detail.getByTestId('rating-tag-good').click();
    await review.detail.getByTestId('rating-note').fill('export note, "quoted"');
    await review.detail.getByTestId('rating-note').blur();
    await expect(review.detail.getByTestId('review-rating')).toContainText('export note');

    // The zip, opened here in Node.
    const zip = await review.download('export-zip');
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['records.jsonl', 'README.md']));
    const lines = strFromU8(files['records.jsonl']!)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportedLine);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.question).toContain(m);
    expect(line.ratings).toEqual([
      expect.objectContaining({ annotator: 'Exporter', score: 5, tags: ['good'], note: 'export note, "quoted"' }),
    ]);
    const imageNames = Object.keys(files).filter((n) => n.startsWith('images/'));
    expect(imageNames).toHaveLength(1);
    for (const name of imageNames) {
      const sha = createHash('sha256').update(files[name]!).digest('hex');
      expect(name).toBe(`images/${sha}.jpg`);
      expect(line.imagePaths).toContain(name);
      expect(line.messages[0]?.images[0]?.sha256).toBe(sha);
    }

    const csv = (await review.download('export-csv')).toString('utf8');
    expect(csv.startsWith('\uFEFFrecord_id,')).toBe(true);
    expect(csv).toContain(`${line.id},`);
    expect(csv).toContain('"export note, ""quoted"""');

    // A fresh browser context is a fresh profile: empty storage.
    const fresh = await browser.newContext({ baseURL, locale: 'ja-JP' });
    const other = new ReviewPage(await fresh.newPage());
    await other.open();
    await expect(other.page.getByTestId('review-empty')).toBeVisible();
    await other.importFile('export.zip', 'application/zip', zip);
    await expect(other.page.getByTestId('import-records')).toContainText('追加 1');
    await expect(other.page.getByTestId('import-ratings')).toContainText('追加 1');
    await expect(other.page.getByTestId('import-skipped')).toHaveAttribute('data-count', '0');
    await other.select(line.id);
    const rating = other.detail.getByTestId('review-rating');
    await expect(rating).toHaveAttribute('data-annotator', 'Exporter');
    await expect(rating.locator('.score-badge')).toHaveText('5');
    await expect(rating).toContainText('良い回答');
    await expect(rating).toContainText('export note, "quoted"');
    await expect(other.detail.locator('.record-image img')).toBeVisible();

    // The same file again changes nothing.
    await other.importFile('export.zip', 'application/zip', zip);
    await expect(other.page.getByTestId('import-records')).toContainText('変更なし 1');
    await expect(other.page.getByTestId('import-ratings')).toContainText('変更なし 1');

    // Hostile JSON Lines: a malformed line, wrong types, and the stored record's id with a broken body.
    const hostileJsonl = [
      '{"id": "rec-broken", "output": ',
      JSON.stringify({ schema: 1, id: 42, createdAt: 'yesterday', status: ['ok'], output: { text: 1 } }),
      JSON.stringify({ ...line, output: 12345, endedAt: '2999-01-01T00:00:00.000Z' }),
      JSON.stringify({ ...line, endedAt: '2999-01-01T00:00:00.000Z', output: 'x'.repeat(10), status: 'exploded' }),
    ].join('\n');
    await other.importFile('hostile.jsonl', 'application/x-ndjson', Buffer.from(hostileJsonl));
    await expect(other.report).toHaveAttribute('data-outcome', 'skipped');
    await expect(other.page.getByTestId('import-skipped')).toHaveAttribute('data-count', '4');
    await expect(other.page.getByTestId('import-skips')).toContainText('JSON として正しくありません');
    await expect(other.page.getByTestId('import-skips')).toContainText('記録として正しくありません');
    await expect(other.page.getByTestId('import-records')).toContainText('追加 0');

    // A hostile zip: a path-traversal entry, an image whose bytes do not match its name, a bad line.
    const fakeSha = 'a'.repeat(64);
    const hostileZip = zipSync({
      'records.jsonl': strToU8(`${JSON.stringify({ ...line, id: 'rec-evil', createdAt: 12 })}\n`),
      '../evil': strToU8('escaped?'),
      [`images/${fakeSha}.jpg`]: strToU8('not the image'),
    });
    await other.importFile('hostile.zip', 'application/zip', Buffer.from(hostileZip));
    const skips = other.page.getByTestId('import-skips');
    await expect(skips).toContainText('エントリ名に「..」が含まれる');
    await expect(skips).toContainText('記録として正しくありません');
    await expect(other.page.getByTestId('import-records')).toContainText('追加 0');

    // What was stored is as it was.
    await expect(other.rows).toHaveCount(1);
    await expect(other.detail.getByTestId('review-rating')).toContainText('export note, "quoted"');
    await expect(other.detail.locator('.answer-text')).toContainText(m);
    await other.page.reload();
    await expect(other.page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
    await expect(other.rows).toHaveCount(1);
    await fresh.close();
  });

  test('an unreadable file gets clear words and changes nothing', async ({ review, page }) => {
    await review.open();
    await review.importFile('broken.zip', 'application/zip', Buffer.from('PK\u0003\u0004 this is not really a zip'));
    await expect(review.report).toHaveAttribute('data-outcome', 'error');
    await expect(review.report).toContainText('broken.zip');
    await expect(page.getByTestId('review-empty')).toBeVisible();
  });
});
