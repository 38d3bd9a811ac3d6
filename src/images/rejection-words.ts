// The one place that turns an image rejection into the sentence a person reads, in both languages.
import type { RejectionData } from './checks';
import type { ImageFormat } from './sniff';

export type Lang = 'ja' | 'en';

const FORMAT_NAMES: Partial<Record<ImageFormat, string>> = {
  heic: 'HEIC/HEIF',
  heif: 'HEIC/HEIF',
  svg: 'SVG',
  tiff: 'TIFF',
  avif: 'AVIF',
  webp: 'WebP',
};

function formatName(format: ImageFormat | undefined): string | null {
  if (!format || format === 'unknown') return null;
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

/** Rounded up, so a file just over a limit never reads as equal to it. */
function oneDecimalUp(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 1 }).format(Math.ceil(n * 10) / 10);
}

const megabytes = (bytes: number, lang: Lang) => `${oneDecimalUp(bytes / (1024 * 1024), lang)} MB`;
const megapixels = (pixels: number, lang: Lang) => `${oneDecimalUp(pixels / 1_000_000, lang)} MP`;

export function describeRejection(r: RejectionData, lang: Lang): string {
  const { fileName: f, detail = {} } = r;
  const ja = lang === 'ja';
  switch (r.code) {
    case 'empty':
      return ja ? `${f} は空のファイル（0 バイト）です。` : `${f} is empty (0 bytes).`;
    case 'not-image':
      return ja
        ? `${f} は画像として読み取れません。JPEG、PNG、WebP、GIF などの画像を選んでください。`
        : `${f} is not an image this app can read. Choose a JPEG, PNG, WebP or GIF image.`;
    case 'svg':
      return ja
        ? `${f} は SVG のため受け付けていません（安全のため開いていません）。PNG や JPEG に書き出してからお試しください。`
        : `${f} is an SVG, which is not accepted (it was not opened, for safety). Export it as PNG or JPEG and try again.`;
    case 'too-large-bytes': {
      const limit = megabytes(detail.limit ?? 0, lang);
      if (detail.bytes === undefined)
        return ja ? `${f} は大きすぎます。上限は ${limit} です。` : `${f} is too large; the limit is ${limit}.`;
      const size = megabytes(detail.bytes, lang);
      return ja ? `${f} は ${size} あり、上限の ${limit} を超えています。` : `${f} is ${size}; the limit is ${limit}.`;
    }
    case 'too-many-pixels': {
      const limit = megapixels(detail.limit ?? 0, lang);
      const { width: w, height: h } = detail;
      if (w === undefined || h === undefined) {
        return ja ? `${f} は画素数が多すぎます。上限は ${limit} です。` : `${f} has too many pixels; the limit is ${limit}.`;
      }
      const mp = megapixels(w * h, lang);
      return ja
        ? `${f} は ${w}×${h} ピクセル（${mp}）あり、上限の ${limit} を超えています。`
        : `${f} is ${w}×${h} pixels (${mp}); the limit is ${limit}.`;
    }
    case 'corrupt':
      return ja
        ? `${f} を読み込めませんでした。ファイルが壊れているか、途中で切れています。`
        : `${f} could not be read: the file is damaged or incomplete.`;
    case 'unsupported-format': {
      if (detail.stage === 'encode') {
        return ja
          ? `${f}: このブラウザーでは画像を JPEG に変換できませんでした。別のブラウザーでお試しください。`
          : `${f}: this browser could not convert the image to JPEG. Try another browser.`;
      }
      const name = formatName(detail.format);
      if (name === null) {
        return ja
          ? `${f}: この形式の画像はこのブラウザーでは読み込めません。JPEG か PNG に変換してからお試しください。`
          : `${f}: this browser cannot decode images in this format. Convert it to JPEG or PNG and try again.`;
      }
      return ja
        ? `${f}: このブラウザーは ${name} 画像を読み込めません。JPEG か PNG に変換してからお試しください。`
        : `${f}: this browser cannot decode ${name} images. Convert it to JPEG or PNG and try again.`;
    }
    case 'too-many-files': {
      const limit = detail.limit ?? 0;
      if (limit === 0) {
        return ja
          ? `${f} は追加されませんでした。この接続先は画像を受け付けません。`
          : `${f} was not added: this endpoint does not accept images.`;
      }
      return ja
        ? `${f} は追加されませんでした。1 つのメッセージに添付できる画像は ${limit} 枚までです。`
        : `${f} was not added: a message can carry at most ${limit} ${limit === 1 ? 'image' : 'images'}.`;
    }
  }
}
