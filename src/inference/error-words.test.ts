import { describe, expect, it } from 'vitest';
import { describeError, describeStoredError } from './error-words';
import { InferenceError } from './errors';
import type { ErrorCode } from './errors';

const codes: ErrorCode[] = [
  'auth',
  'not-found',
  'rate-limited',
  'loading',
  'too-large',
  'network',
  'timeout',
  'aborted',
  'protocol',
  'server',
  'config',
];

describe('describeError', () => {
  it.each(codes)('has words for %s in both languages', (code) => {
    for (const lang of ['ja', 'en'] as const) {
      const words = describeError(new InferenceError(code, 'x'), lang);
      expect(words.title.length).toBeGreaterThan(3);
      if (code !== 'aborted') expect(words.hint.length).toBeGreaterThan(3);
    }
  });

  it('says what was sent on 413', () => {
    const err = new InferenceError('too-large', 'x', { status: 413 });
    expect(describeError(err, 'en', { sentBytes: 1.2 * 1024 * 1024 }).title).toBe(
      'The endpoint refused the request as too large (413): 1.2 MB were sent.',
    );
    expect(describeError(err, 'ja', { sentBytes: 1.2 * 1024 * 1024 }).title).toContain('1.2 MB');
  });

  it('says when to try again after 429', () => {
    const err = new InferenceError('rate-limited', 'x', { status: 429, retryAfterMs: 90_500 });
    expect(describeError(err, 'en').hint).toBe('Try again in 91 s.');
    expect(describeError(err, 'ja').hint).toBe('91 秒後にもう一度お試しください。');
  });

  it('names the endpoint and the status', () => {
    const err = new InferenceError('auth', 'x', { status: 403 });
    expect(describeError(err, 'en', { endpointLabel: 'Tanuki-8B' }).title).toBe('“Tanuki-8B” refused the token (403).');
    expect(describeError(err, 'ja', { endpointLabel: 'Tanuki-8B' }).title).toBe('「Tanuki-8B」がトークンを拒否しました（403）。');
  });

  it('tells a mid-stream error from a failed request', () => {
    const mid = describeError(new InferenceError('server', 'x', { status: 200, midStream: true, detail: 'OOM' }), 'en');
    expect(mid.title).toBe('The endpoint reported an error in the middle of the answer.');
    expect(describeError(new InferenceError('server', 'x', { status: 500 }), 'en').title).toBe('The endpoint failed (500).');
  });

  it('tells a connection lost mid-answer from an endpoint that cannot be reached', () => {
    // Stored answers keep the status but not midStream: the status alone must be enough.
    const cut = { code: 'network' as const, message: 'network error', status: 200 };
    expect(describeError(cut, 'en', { endpointLabel: 'A' }).title).toBe('The connection to “A” was lost in the middle of the answer.');
    expect(describeError(cut, 'ja', { endpointLabel: 'A' }).title).toBe('回答の途中で「A」との接続が切れました。');
    expect(describeError({ code: 'network', message: 'Failed to fetch' }, 'en').title).toBe('Could not reach the endpoint.');
  });

  it('words config errors by what is missing, even from stored text', () => {
    expect(describeError(new InferenceError('config', 'x', { configIssue: 'no-url' }), 'en').title).toBe('This endpoint has no URL yet.');
    expect(describeError({ code: 'config', message: 'Endpoint "A" has no URL.' }, 'ja').hint).toBe(
      '設定画面か config.json で URL を設定してください。',
    );
  });
});

describe('describeStoredError', () => {
  it('words a known code as describeError does', () => {
    const stored = { code: 'rate-limited', message: 'Too Many Requests' };
    expect(describeStoredError(stored, 'en')).toEqual(describeError({ code: 'rate-limited', message: 'Too Many Requests' }, 'en'));
  });

  it('gives a code this version does not know general words in each language, never its stored text', () => {
    const stored = { code: 'gpu-melted', message: 'CUDA out of memory at layer 3' };
    expect(describeStoredError(stored, 'en').title).toBe('The answer failed with an error this version of the app does not know.');
    expect(describeStoredError(stored, 'ja').title).toBe('このバージョンのアプリが知らないエラーで回答が失敗しました。');
    for (const lang of ['en', 'ja'] as const) {
      const words = describeStoredError(stored, lang);
      expect(`${words.title} ${words.hint}`).not.toMatch(/CUDA|gpu-melted/);
    }
  });
});
