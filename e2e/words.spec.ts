// Words that must be true and specific: "Saved." only when the write went through, the storage banner in
// words rather than a browser's error name, a very long image called too long (with its numbers), not damaged.
import { deflateSync } from 'node:zlib';
import { expect, test } from './fixtures';

/** Makes every IndexedDB put of the page throw as a full quota does, while `refuseWrites` is set. */
const refusingPuts = () => {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if ((globalThis as { refuseWrites?: boolean }).refuseWrites)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
};

test('Settings says "Saved." only when the write went through; the banner says why in words', async ({ chat, page }) => {
  await page.addInitScript(refusingPuts);
  await chat.open();
  await chat.openSettings();
  const addEndpoint = async (label: string) => {
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-label').fill(label);
    await page.getByTestId('endpoint-url').fill('/demo/v1');
    await page.getByTestId('endpoint-model').fill('demo');
    await page.getByTestId('endpoint-save').click();
  };

  await page.evaluate(() => ((globalThis as { refuseWrites?: boolean }).refuseWrites = true));
  await addEndpoint('Not stored');
  const message = page.getByTestId('settings-message');
  await expect(message).toContainText('保存できませんでした');
  await expect(message).not.toContainText('保存しました');
  const banner = page.getByTestId('storage-error');
  await expect(banner).toContainText('保存領域がいっぱいです');
  expect(await banner.innerText()).not.toMatch(/Error\b/);

  await page.evaluate(() => ((globalThis as { refuseWrites?: boolean }).refuseWrites = false));
  await addEndpoint('Stored');
  await expect(message).toHaveText(/保存しました/);
  await page.reload();
  await chat.openSettings();
  // Both: the first was kept in the tab and went with the next write that succeeded.
  for (const label of ['Not stored', 'Stored']) {
    await expect(page.getByTestId('endpoint-row').filter({ hasText: new RegExp(`^${label}`) })).toHaveCount(1);
  }
});

/** A valid grey PNG of width × height (rows of zeros compress to almost nothing). */
function png(width: number, height: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // 8-bit grey
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc((width + 1) * height), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a valid 1 × 49,999,999 PNG is called too long a side, with the numbers, not damaged', async ({ chat, page }) => {
  await chat.open();
  await chat.attach({ name: 'strip.png', mimeType: 'image/png', buffer: png(1, 49_999_999) });
  const rejection = chat.rejections.filter({ hasText: 'strip.png' });
  await expect(rejection).toContainText('1×49,999,999 ピクセル');
  await expect(rejection).toContainText('100,000 ピクセルまで');
  await expect(rejection).not.toContainText('壊れて');
  await page.getByTestId('lang-toggle').click();
  await expect(rejection).toContainText('a side is too long. The longest side may be 100,000 pixels.');
});
