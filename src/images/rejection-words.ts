// Turns an image rejection into the sentence a person reads. The sentences are keys of the i18n dictionaries
// (src/i18n/{en,ja}/core.ts, `image.*`); this module chooses the key for a code and formats the numbers.
import { translator, type Lang } from '../i18n';
import type { RejectionData } from './checks';
import type { ImageFormat } from './sniff';

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
const count = (n: number, lang: Lang) => new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format(n);
const megapixels = (pixels: number, lang: Lang) => `${oneDecimalUp(pixels / 1_000_000, lang)} MP`;

export function describeRejection(r: RejectionData, lang: Lang): string {
  const t = translator(lang);
  const { fileName: file, detail = {} } = r;
  switch (r.code) {
    case 'empty':
      return t('image.empty', { file });
    case 'not-image':
      return t('image.notImage', { file });
    case 'svg':
      return t('image.svg', { file });
    case 'too-large-bytes': {
      const limit = megabytes(detail.limit ?? 0, lang);
      if (detail.bytes === undefined) return t('image.tooLarge', { file, limit });
      return t('image.tooLargeSize', { file, size: megabytes(detail.bytes, lang), limit });
    }
    case 'too-many-pixels': {
      const limit = megapixels(detail.limit ?? 0, lang);
      const { width, height } = detail;
      if (width === undefined || height === undefined) return t('image.tooManyPixels', { file, limit });
      return t('image.tooManyPixelsSize', { file, width, height, mp: megapixels(width * height, lang), limit });
    }
    case 'too-long-side': {
      const { width = 0, height = 0, limit = 0 } = detail;
      return t('image.tooLongSide', { file, width: count(width, lang), height: count(height, lang), limit: count(limit, lang) });
    }
    case 'corrupt':
      return t('image.corrupt', { file });
    case 'unsupported-format': {
      if (detail.stage === 'encode') return t('image.cannotEncode', { file });
      const format = formatName(detail.format);
      return format === null ? t('image.cannotDecode', { file }) : t('image.cannotDecodeFormat', { file, format });
    }
    case 'too-many-files': {
      const limit = detail.limit ?? 0;
      if (limit === 0) return t('image.noImages', { file });
      return t(limit === 1 ? 'image.tooManyFilesOne' : 'image.tooManyFiles', { file, limit });
    }
  }
}
