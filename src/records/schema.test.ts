import { describe, expect, it } from 'vitest';
import { words as en } from '../i18n/en/core';
import { words as ja } from '../i18n/ja/core';
import { DEFAULT_TAGS, RECORD_SCHEMA_VERSION, SCORES } from './constants';
import { answerRecordSchema, checkRecord, migrateRating, migrateRecord, migrateVote, votePairKey, redactText, sanitizeUrl } from './schema';
import { makeRating, makeRecord, makeVote } from '../../test-support/records';

describe('records schema', () => {
  it('accepts a current record unchanged', () => {
    const r = makeRecord();
    expect(RECORD_SCHEMA_VERSION).toBe(1);
    expect(migrateRecord(r)).toEqual(r);
  });

  it('returns null for invalid or unknown data, with a reason from checkRecord', () => {
    expect(migrateRecord(null)).toBeNull();
    expect(migrateRecord('text')).toBeNull();
    expect(migrateRecord({ ...makeRecord(), schema: 2 })).toBeNull();
    expect(migrateRecord({ ...makeRecord(), status: 'done' })).toBeNull();
    expect(migrateRecord({ ...makeRecord(), output: 42 })).toBeNull();
    // No version was ever written without its schema field.
    const { schema: _s, ...noVersion } = makeRecord();
    expect(checkRecord(noVersion)).toEqual({ ok: false, reason: 'unknown schema version null' });
    const checked = checkRecord({ ...makeRecord(), createdAt: 'yesterday' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(/^createdAt:/);
  });

  it('bounds string lengths', () => {
    expect(migrateRecord({ ...makeRecord(), output: 'x'.repeat(1_000_000) })).not.toBeNull();
    expect(migrateRecord({ ...makeRecord(), output: 'x'.repeat(1_000_001) })).toBeNull();
    expect(migrateRecord({ ...makeRecord(), endpoint: { ...makeRecord().endpoint, label: 'x'.repeat(201) } })).toBeNull();
    expect(migrateRecord({ ...makeRecord(), messages: [{ role: 'user', text: 'x'.repeat(200_001), images: [] }] })).toBeNull();
  });

  it('strips unknown keys so an import cannot smuggle data in', () => {
    const r = migrateRecord({ ...makeRecord(), extra: 'x'.repeat(1000) });
    expect(r && 'extra' in r).toBe(false);
  });

  it('validates and migrates ratings and votes', () => {
    const rating = makeRating('rec-1', 'alice', { score: 5, tags: ['good'] });
    expect(migrateRating(rating)).toEqual(rating);
    const { schema: _s, ...unversioned } = rating;
    expect(migrateRating(unversioned)).toBeNull();
    expect(migrateRating({ ...rating, score: 6 })).toBeNull();
    expect(migrateRating({ ...rating, annotator: '' })).toBeNull();
    expect(migrateRating({ ...rating, tags: Array.from({ length: 31 }, (_, i) => `t${i}`) })).toBeNull();
    expect(migrateRating({ ...rating, tags: ['x'.repeat(51)] })).toBeNull();
    expect(migrateRating({ ...rating, note: 'x'.repeat(5001) })).toBeNull();

    const vote = makeVote(['a', 'b'], { choice: 'tie', reasons: ['detail'], note: 'B misread the sign', identityWords: ['GPT'] });
    expect(migrateVote(vote)).toEqual(vote);
    expect(migrateVote({ ...vote, endpointIds: ['e1'] })).toBeNull();
    expect(migrateVote({ ...vote, models: ['m1'] })).toBeNull();
    expect(migrateVote({ ...vote, choice: 'c' })).toBeNull();
    expect(migrateVote({ ...vote, blind: 'yes' })).toBeNull();
    expect(migrateVote({ ...vote, reasons: ['x'.repeat(51)] })).toBeNull();
    expect(migrateVote({ ...vote, note: 'x'.repeat(5001) })).toBeNull();
    expect(migrateVote({ ...vote, schema: 3 })).toBeNull();
  });

  it('reads votes stored before blind voting (version 1) as not blind and not flagged', () => {
    const v1 = {
      schema: 1,
      id: 'v1',
      groupId: 'g1',
      recordIds: ['a', 'b'],
      endpointIds: ['e1', 'e2'],
      choice: 'tie',
      annotator: 'alice',
      createdAt: '2025-03-01T10:00:00Z',
    };
    const upgraded = {
      ...v1,
      schema: 2,
      models: [null, null],
      updatedAt: v1.createdAt,
      blind: false,
      reasons: [],
      note: '',
      flagged: false,
      identityWords: [],
    };
    expect(migrateVote(v1)).toEqual(upgraded);
    const { schema: _s, ...unversioned } = v1;
    expect(migrateVote(unversioned)).toBeNull();
    expect(migrateVote({ ...v1, endpointIds: ['e1'] })).toBeNull();
    expect(migrateVote({ ...v1, choice: 'c' })).toBeNull();
  });

  it('knows a vote by its annotator and pair of answers, in either order', () => {
    expect(votePairKey({ annotator: 'alice', recordIds: ['a', 'b'] })).toBe(votePairKey({ annotator: ' alice', recordIds: ['b', 'a'] }));
    expect(votePairKey({ annotator: 'alice', recordIds: ['a', 'b'] })).not.toBe(votePairKey({ annotator: 'bob', recordIds: ['a', 'b'] }));
  });

  it('sanitizes the endpoint URL of every record it validates', () => {
    const r = makeRecord({ endpoint: { ...makeRecord().endpoint, url: 'https://user:pw@h.example/v1?api_key=SECRET&x=1#frag' } });
    expect(answerRecordSchema.parse(r).endpoint.url).toBe('https://h.example/v1?x=1');
  });

  it('keeps error messages free of tokens', () => {
    const r = makeRecord({
      status: 'error',
      error: { code: 'auth', message: 'GET https://h.example/v1?token=hf_abcdefghijklmnopqrstuvwxyz123 failed: Bearer abcdefgh12345678' },
    });
    const message = answerRecordSchema.parse(r).error?.message ?? '';
    expect(message).not.toMatch(/hf_abcdef|abcdefgh1234/);
    expect(message).toContain('https://h.example/v1');
  });

  it('has the annotation vocabulary in both languages', () => {
    expect(DEFAULT_TAGS).toContain('unnatural-japanese');
    for (const tag of DEFAULT_TAGS) expect(en[`tag.${tag}`] && ja[`tag.${tag}`]).toBeTruthy();
    for (const score of SCORES) expect(en[`score.${score}`] && ja[`score.${score}`]).toBeTruthy();
    expect(ja['score.5']).toBe('正確で十分、自然');
  });
});

describe('sanitizeUrl', () => {
  it.each([
    ['https://h.example/v1', 'https://h.example/v1'],
    ['http://h', 'http://h'],
    ['/api/v1', '/api/v1'],
    ['', ''],
    ['https://user:pass@h.example/v1', 'https://h.example/v1'],
    ['https://h.example/v1#token=abc', 'https://h.example/v1'],
    ['https://h.example/v1?token=abc', 'https://h.example/v1'],
    ['https://h.example/v1?API_KEY=abc&model=x', 'https://h.example/v1?model=x'],
    ['https://h.example/v1?apikey=1&access_token=2&auth=3&sig=4&Signature=5&password=6&key=7&keep=ok', 'https://h.example/v1?keep=ok'],
    ['https://h.example/v1?X-Amz-Signature=1&hf_token=2&accessToken=3&client_secret=4', 'https://h.example/v1'],
    ['/proxy?token=abc&a=1', '/proxy?a=1'],
    ['//cdn.example/x?key=1', '//cdn.example/x'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeUrl(input)).toBe(expected);
  });

  it('redacts token shapes anywhere in free text', () => {
    expect(redactText('use hf_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 please')).toBe('use hf_[REDACTED] please');
    expect(redactText('see https://a.example/x?token=zzz now')).toBe('see https://a.example/x now');
  });

  it('cleans relative URLs and every userinfo form inside free text, not only absolute URLs', () => {
    expect(redactText('404 for /v1/x?api_key=abc123&model=m')).toBe('404 for /v1/x?api_key=[REDACTED]&model=m');
    expect(redactText('see "/proxy?model=m&access_token=zz9" and ?hf_token=q')).toBe(
      'see "/proxy?model=m&access_token=[REDACTED]" and ?hf_token=[REDACTED]',
    );
    expect(redactText('upstream //me:hunter2@h.example/v1 and ws://me:hunter2@h.example')).toBe(
      'upstream //h.example/v1 and ws://h.example',
    );
    expect(redactText('GET /v1/x?X-Amz-Signature=deadbeef;sig=1 failed')).toBe(
      'GET /v1/x?X-Amz-Signature=[REDACTED];sig=[REDACTED] failed',
    );
    expect(redactText('/v1/x?api%5Fkey=abc')).toBe('/v1/x?api%5Fkey=[REDACTED]');
    // Nothing secret: left as written.
    expect(redactText('a=b and /v1/x?model=m&n=2, mail me@example.com')).toBe('a=b and /v1/x?model=m&n=2, mail me@example.com');
  });
});
