import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { errorCodeWords } from './words';

describe('errorCodeWords', () => {
  it('says a batch code, an endpoint code and a code this version does not know in words, never as the bare code', () => {
    const t = translator('ja');
    expect(errorCodeWords('image-missing', 'ja', t)).toBe(t('batch.error.imageMissing'));
    expect(errorCodeWords('timeout', 'ja', t, 'A')).toBe('「A」が時間内に応答しませんでした。');
    expect(errorCodeWords('gpu-melted', 'ja', t, 'A')).toBe('このバージョンのアプリが知らないエラーで回答が失敗しました。');
  });
});
