// What an import says about what it skipped: in the interface's language, with the reason in words; a
// file that is not UTF-8 is reported, never imported as replacement characters with an "ok" report.
import { expect, test } from './fixtures';
import { recordLine } from './support/records';

test('a line that is not UTF-8 is skipped and said so, in Japanese and in English', async ({ page }) => {
  const good = recordLine({ output: 'ねこ' });
  const bad = recordLine({ output: 'Caf\u00e9' });
  // The second line saved as Latin-1 (é as the single byte 0xE9), as an older tool might have written it.
  const latin1 = Buffer.from(JSON.stringify(bad), 'latin1');
  const file = Buffer.concat([Buffer.from(JSON.stringify(good) + '\n', 'utf8'), latin1, Buffer.from('\n')]);
  await page.goto('/#/review');
  await expect(page.getByTestId('review')).toHaveAttribute('data-load', 'ready');
  await page.getByTestId('import-input').setInputFiles({ name: 'latin1.jsonl', mimeType: 'application/x-ndjson', buffer: file });
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-outcome', 'skipped');
  await expect(page.getByTestId('import-records')).toContainText('追加 1');
  const skip = page.getByTestId('import-skips').locator('li[data-code="not-utf8"]');
  await expect(skip).toContainText('latin1.jsonl:2');
  await expect(skip).toContainText('UTF-8 として正しくないテキストです');
  await page.getByTestId('lang-toggle').click();
  await expect(skip).toContainText('not valid UTF-8 text');
  await expect(page.locator(`[data-testid="review-row"][data-record-id="${bad.id}"]`)).toHaveCount(0);
});
