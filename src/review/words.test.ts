import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { recordErrorWords } from './words';

describe('recordErrorWords', () => {
  it('says a known error the way the chat did, naming the endpoint', () => {
    const record = makeRecord({ status: 'error', output: '', error: { code: 'auth', message: 'HTTP 401' } });
    expect(recordErrorWords(record, 'en')).toBe('“Tanuki-8B-vision” refused the token (401).');
  });

  it('says an error whose code this version does not know in words of its own, not with the stored text', () => {
    const record = makeRecord({ status: 'error', output: '', error: { code: 'gpu-melted', message: 'CUDA out of memory at layer 3' } });
    expect(recordErrorWords(record, 'ja')).toBe('このバージョンのアプリが知らないエラーで回答が失敗しました。');
    expect(recordErrorWords(record, 'en')).toBe('The answer failed with an error this version of the app does not know.');
  });
});
