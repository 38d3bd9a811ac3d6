// Image intake as a person meets it: bad files are refused one by one with words that name the file and
// say why (announced as alerts), while the good image next to them is prepared and sent as if nothing
// happened; photos are sent upright at the size the endpoint can use; Tanuki's rules are explained.
import type { Locator, Page } from '@playwright/test';
import { expect, marker, test, type ChatPage, type DemoControl, type DemoLogEntry, type EndpointConfig } from './fixtures';
import {
  attachPayloads,
  emptyFile,
  fixtureFile,
  heicFile,
  noiseNamedJpeg,
  oversizedJpeg,
  pdfFile,
  pngBomb,
  scriptedSvg,
  splitJpeg,
  textFile,
  truncatedJpeg,
  withExifOrientation,
  type FilePayload,
} from './support/images';
import { colourAt, redOrBlue } from './support/pixels';

/** The good photo attached next to every bad file: 451×300, small enough to be sent at its own size. */
const GOOD = fixtureFile('chelsea.png');

/** Image rejections, which must be announced: each is one `role="alert"` notice. */
const rejections = (page: Page) => page.getByRole('alert').and(page.getByTestId('image-rejection'));
/** The rejection that names `fileName`. */
const rejectionOf = (page: Page, fileName: string) => rejections(page).filter({ hasText: fileName });

/** Records every JavaScript dialog, which no file the user drops may ever open. */
function watchDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

async function switchToEnglish(page: Page) {
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

/** Asks with a unique marker; returns the answer and the demo endpoint's log entry for that request. */
async function askAndLog(chatPage: ChatPage, demo: DemoControl, question: string): Promise<{ answer: Locator; entry: DemoLogEntry }> {
  const m = marker();
  const answer = await chatPage.askAndWait(`${question} ${m}`);
  const entries = await demo.entriesFor(m);
  expect(entries).toHaveLength(1);
  return { answer, entry: entries[0]! };
}

interface BadInput {
  what: string;
  file: () => FilePayload;
  /** Key words of the message, in Japanese (the tests' locale) and after switching to English. */
  ja: string[];
  en: string[];
  /** Anything else this kind of file must not do. */
  also?: (page: Page, file: FilePayload) => Promise<void>;
}

const badInputs: BadInput[] = [
  { what: 'a text file', file: textFile, ja: ['画像として読み取れません', 'JPEG'], en: ['is not an image this app can read'] },
  { what: 'a PDF', file: pdfFile, ja: ['画像として読み取れません'], en: ['is not an image this app can read'] },
  { what: 'random bytes named .jpg', file: noiseNamedJpeg, ja: ['画像として読み取れません'], en: ['is not an image this app can read'] },
  {
    what: 'a truncated JPEG',
    file: truncatedJpeg,
    ja: ['読み込めませんでした', '途中で切れています'],
    en: ['could not be read', 'damaged or incomplete'],
  },
  { what: 'a zero-byte file', file: emptyFile, ja: ['空のファイル', '0 バイト'], en: ['is empty (0 bytes)'] },
  {
    what: 'a file over the 40 MB limit',
    file: () => oversizedJpeg(41),
    ja: ['41 MB', '上限の 40 MB を超えています'],
    en: ['is 41 MB', 'the limit is 40 MB'],
  },
  {
    what: 'a PNG whose header claims 40000×40000 pixels (decompression bomb)',
    file: () => pngBomb(40_000, 40_000),
    ja: ['40000×40000 ピクセル', '上限の 50 MP を超えています'],
    en: ['40000×40000 pixels', 'the limit is 50 MP'],
  },
  {
    what: 'an SVG with a script',
    file: scriptedSvg,
    ja: ['SVG のため受け付けていません', '開いていません'],
    en: ['is an SVG, which is not accepted', 'it was not opened'],
    also: async (page, file) => {
      // Never rendered: no inline SVG carrying its script or handler, no <img> of it, nothing embedded.
      await expect(page.locator('svg script, svg[onload]')).toHaveCount(0);
      await expect(page.locator(`img[alt="${file.name}"]`)).toHaveCount(0);
      await expect(page.locator('img[src^="data:image/svg"], object, embed, iframe')).toHaveCount(0);
    },
  },
  {
    what: 'a HEIC photo the browser cannot decode',
    file: heicFile,
    ja: ['HEIC/HEIF 画像を読み込めません', 'JPEG か PNG に変換'],
    en: ['cannot decode HEIC/HEIF images', 'Convert it to JPEG or PNG'],
  },
];

test.describe('bad input gets a clear per-file alert and disturbs nothing else', () => {
  for (const bad of badInputs) {
    test(`${bad.what} is refused by name; the photo beside it is still sent`, async ({ chat: chatPage, demo, page }, testInfo) => {
      const dialogs = watchDialogs(page);
      const file = bad.file();
      await chatPage.open();
      await attachPayloads(chatPage.fileInput, (name) => testInfo.outputPath(name), [file, GOOD]);

      const alert = rejectionOf(page, file.name);
      await expect(alert).toBeVisible();
      for (const words of bad.ja) await expect(alert).toContainText(words);
      await chatPage.waitForAttachmentsReady(1);
      await expect(page.getByTestId('attachment')).toHaveCount(1);
      await expect(page.getByTestId('attachment-size')).toContainText('451×300');
      await expect(rejections(page)).toHaveCount(1);

      await switchToEnglish(page);
      await expect(alert).toContainText(file.name);
      for (const words of bad.en) await expect(alert).toContainText(words);

      await bad.also?.(page, file);
      const { answer, entry } = await askAndLog(chatPage, demo, 'What is in this picture?');
      expect(entry.images).toEqual([expect.objectContaining({ width: 451, height: 300, format: 'jpeg' })]);
      await expect(answer.getByTestId('answer-text')).toContainText('451');
      await bad.also?.(page, file);
      expect(dialogs).toEqual([]);
    });
  }

  test('too many files: the first four are kept and sent, the other two are named and explained', async ({
    chat: chatPage,
    demo,
    page,
  }) => {
    const extra: FilePayload = { name: 'extra.jpg', mimeType: 'image/jpeg', buffer: splitJpeg(64, 48, [220, 20, 20], [20, 40, 220], 90) };
    await chatPage.open();
    await chatPage.attach(...['chelsea.png', 'coffee.png', 'horse.png', 'rocket.jpg', 'text.png'].map(fixtureFile), extra);

    await chatPage.waitForAttachmentsReady(4);
    await expect(page.getByTestId('attachment')).toHaveCount(4);
    await expect(rejections(page)).toHaveCount(2);
    for (const name of ['text.png', 'extra.jpg']) {
      await expect(rejectionOf(page, name)).toContainText('添付できる画像は 4 枚までです');
    }
    await switchToEnglish(page);
    for (const name of ['text.png', 'extra.jpg']) {
      await expect(rejectionOf(page, name)).toContainText(`${name} was not added: a message can carry at most 4 images`);
    }

    const { entry } = await askAndLog(chatPage, demo, 'Describe these.');
    expect(entry.images.map(({ width, height }) => `${width}×${height}`)).toEqual(['451×300', '600×400', '400×328', '640×427']);
  });
});

test.describe('photos are sent upright at the size the endpoint can use', () => {
  test('a 4000×3000 JPEG with EXIF orientation 6 reaches the Tanuki-policy endpoint upright at 768×1024', async ({
    chat: chatPage,
    demo,
    page,
  }) => {
    test.slow(); // a 12 MP JPEG is encoded here and decoded twice in the browser
    // Stored landscape, red left and blue right; orientation 6 turns it a quarter clockwise: red on top.
    const photo: FilePayload = {
      name: 'sideways.jpg',
      mimeType: 'image/jpeg',
      buffer: withExifOrientation(splitJpeg(4000, 3000, [220, 20, 20], [20, 40, 220]), 6),
    };
    await chatPage.open();
    await expect(chatPage.picker).toHaveValue('demo');
    await chatPage.attach(photo);
    await expect(page.locator('[data-testid="attachment"][data-state="ready"]')).toHaveCount(1, { timeout: 30_000 });

    const caption = page.getByTestId('attachment-size');
    await expect(caption).toContainText('768×1024');
    await expect(caption).toContainText('3000×4000');
    const thumb = page.getByTestId('attachment').locator('img');
    expect(redOrBlue(await colourAt(thumb, 0.5, 0.25))).toBe('red');
    expect(redOrBlue(await colourAt(thumb, 0.5, 0.75))).toBe('blue');

    const { entry } = await askAndLog(chatPage, demo, 'この写真の色は？');
    expect(entry.images).toEqual([expect.objectContaining({ width: 768, height: 1024, format: 'jpeg', exifOrientation: null })]);
  });
});

const tanukiDemo: EndpointConfig = {
  id: 'tanuki-demo',
  label: 'Tanuki via demo',
  url: '/demo/v1',
  model: 'demo',
  imagePolicy: { shortSide: 768 },
  maxImagesPerMessage: 1,
  imagesPerConversation: 1,
};

test.describe('Tanuki presets', () => {
  test('Tanuki-8B without a URL stays in the picker and says how to set one; Send stays off', async ({ chat: chatPage, page }) => {
    await chatPage.open();
    await expect(chatPage.picker.locator('option[value="tanuki-8b"]')).toHaveText(/Tanuki-8B-vision.*未設定/);
    await chatPage.picker.selectOption('tanuki-8b');

    const notice = page.getByRole('alert').and(page.getByTestId('endpoint-not-configured'));
    await expect(notice).toContainText('Tanuki-8B-vision の URL がまだ設定されていません');
    await expect(notice).toContainText('VITE_TANUKI_8B_URL');
    await expect(notice.getByRole('link', { name: '設定' })).toBeVisible();
    await chatPage.composer.fill('この画像には何が写っていますか？');
    await expect(chatPage.send).toBeDisabled();
    await chatPage.composer.press('Enter');
    await expect(page.getByTestId('user-message')).toHaveCount(0);

    await switchToEnglish(page);
    await expect(notice).toContainText('Tanuki-8B-vision has no URL yet');
    await expect(notice).toContainText('Settings');
    await expect(chatPage.send).toBeDisabled();
  });

  test.describe('with a URL (served by the demo endpoint)', () => {
    test.beforeEach(async ({ chat: chatPage }) => {
      await chatPage.configure({ endpoints: [tanukiDemo], defaultEndpoint: tanukiDemo.id });
    });

    test('a second image in a conversation that has one offers a new conversation holding it', async ({ chat: chatPage, demo, page }) => {
      await chatPage.open();
      await expect(chatPage.picker).toHaveValue(tanukiDemo.id);
      await chatPage.attach('chelsea.png');
      await chatPage.waitForAttachmentsReady(1);
      const { entry: first } = await askAndLog(chatPage, demo, 'この画像には何が写っていますか？');

      await chatPage.attach('coffee.png');
      const notice = page.getByRole('alert').and(page.getByTestId('one-image-notice'));
      await expect(notice).toContainText('Tanuki via demo は 1 つの会話で 1 枚の画像しか扱えません');
      await expect(page.getByTestId('attachment')).toHaveCount(0);
      await notice.getByTestId('new-conversation-with-image').click();

      await expect(notice).toHaveCount(0);
      await expect(page.getByTestId('conversation-item')).toHaveCount(2);
      await expect(page.getByTestId('user-message')).toHaveCount(0);
      await chatPage.waitForAttachmentsReady(1);
      await expect(page.getByTestId('attachment-size')).toContainText('600×400');
      const { entry } = await askAndLog(chatPage, demo, 'こちらはどうですか？');
      expect(entry.images).toEqual([expect.objectContaining({ width: 600, height: 400, format: 'jpeg' })]);
      expect(entry.messageCount).toBe(first.messageCount); // no history: a fresh conversation, like the first
    });

    test('two images at once: the first is kept, the second is explained', async ({ chat: chatPage, demo, page }) => {
      await chatPage.open();
      await chatPage.attach('chelsea.png', 'coffee.png');
      await chatPage.waitForAttachmentsReady(1);
      await expect(page.getByTestId('attachment')).toHaveCount(1);
      await expect(rejectionOf(page, 'coffee.png')).toContainText('添付できる画像は 1 枚までです');
      const { entry } = await askAndLog(chatPage, demo, 'この画像は？');
      expect(entry.images).toEqual([expect.objectContaining({ width: 451, height: 300 })]);
    });
  });
});
