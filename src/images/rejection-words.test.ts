import { describe, expect, it } from 'vitest';
import type { RejectionCode, RejectionData } from './checks';
import { describeRejection } from './rejection-words';

const cases: Record<RejectionCode, RejectionData> = {
  empty: { code: 'empty', fileName: 'a.jpg', detail: { bytes: 0 } },
  'not-image': { code: 'not-image', fileName: 'notes.pdf' },
  svg: { code: 'svg', fileName: 'logo.svg' },
  'too-large-bytes': { code: 'too-large-bytes', fileName: 'big.jpg', detail: { bytes: 52_000_000, limit: 40 * 1024 * 1024 } },
  'too-many-pixels': { code: 'too-many-pixels', fileName: 'bomb.png', detail: { width: 40000, height: 40000, limit: 50_000_000 } },
  'too-long-side': { code: 'too-long-side', fileName: 'strip.png', detail: { width: 1, height: 49_999_999, limit: 100_000 } },
  corrupt: { code: 'corrupt', fileName: 'cut.jpg' },
  'unsupported-format': { code: 'unsupported-format', fileName: 'photo.heic', detail: { format: 'heic', stage: 'decode' } },
  'too-many-files': { code: 'too-many-files', fileName: 'five.jpg', detail: { limit: 4 } },
};

describe('describeRejection', () => {
  it('names the file in one sentence for every code, in both languages', () => {
    for (const r of Object.values(cases)) {
      for (const lang of ['ja', 'en'] as const) {
        const text = describeRejection(r, lang);
        expect(text).toContain(r.fileName);
        expect(text).toMatch(lang === 'ja' ? /。$/ : /\.$/);
      }
      expect(describeRejection(r, 'ja')).not.toBe(describeRejection(r, 'en'));
    }
  });

  it('gives the numbers', () => {
    expect(describeRejection(cases['too-many-pixels'], 'en')).toBe('bomb.png is 40000×40000 pixels (1,600 MP); the limit is 50 MP.');
    expect(describeRejection(cases['too-many-pixels'], 'ja')).toBe(
      'bomb.png は 40000×40000 ピクセル（1,600 MP）あり、上限の 50 MP を超えています。',
    );
    expect(describeRejection(cases['too-large-bytes'], 'en')).toBe('big.jpg is 49.6 MB; the limit is 40 MB.');
    expect(describeRejection(cases['too-many-files'], 'ja')).toContain('4 枚まで');
    expect(describeRejection(cases['too-long-side'], 'en')).toBe(
      'strip.png is 1×49,999,999 pixels: a side is too long. The longest side may be 100,000 pixels.',
    );
    expect(describeRejection(cases['too-long-side'], 'ja')).toBe(
      'strip.png は 1×49,999,999 ピクセルで、辺が長すぎます。長い辺は 100,000 ピクセルまでです。',
    );
  });

  it('says what to do about formats the browser cannot decode', () => {
    expect(describeRejection(cases['unsupported-format'], 'en')).toBe(
      'photo.heic: this browser cannot decode HEIC/HEIF images. Convert it to JPEG or PNG and try again.',
    );
    expect(describeRejection(cases['unsupported-format'], 'ja')).toBe(
      'photo.heic: このブラウザーは HEIC/HEIF 画像を読み込めません。JPEG か PNG に変換してからお試しください。',
    );
  });

  it('covers an endpoint that takes no images', () => {
    expect(describeRejection({ code: 'too-many-files', fileName: 'a.png', detail: { limit: 0 } }, 'en')).toBe(
      'a.png was not added: this endpoint does not accept images.',
    );
  });
});
