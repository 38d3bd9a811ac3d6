// The deployment check's pure parts: what the environment aims it at (targets.ts) and how an answer is
// judged (judge.ts). The browser and the network are covered by e2e/smoke-suite.spec.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judge, withCheck, type Observed } from './judge';
import { BUILT_IN_IMAGES, DEFAULT_APP_PORT, findKeyword, readTarget } from './targets';

const tmp = mkdtempSync(path.join(tmpdir(), 'smoke-targets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('what the environment aims the smoke suite at', () => {
  it('defaults to the locally built app, its demo endpoint and the built-in probes', () => {
    const t = readTarget({});
    expect(t).toMatchObject({ appUrl: `http://127.0.0.1:${DEFAULT_APP_PORT}/`, localApp: true, token: undefined });
    expect(t.endpoints).toEqual([
      { label: 'Smoke: demo endpoint', url: `http://127.0.0.1:${DEFAULT_APP_PORT}/demo/v1`, model: 'demo', protocol: 'openai-chat' },
    ]);
    expect(t.probes.map((p) => `${p.id}/${p.lang}`)).toEqual(['cat/ja', 'rocket/en', 'coffee/ja']);
    expect(t.probes[0]).toMatchObject({
      image: path.join(BUILT_IN_IMAGES, 'chelsea.png'),
      keywords: ['猫', 'ねこ', 'ネコ', 'cat'],
      maxFirstTokenMs: 30_000,
    });
  });

  it('takes one endpoint from SMOKE_ENDPOINT_URL + SMOKE_MODEL, or a list from SMOKE_ENDPOINTS', () => {
    const one = readTarget({
      SMOKE_APP_URL: 'https://studio.example.org/app/',
      SMOKE_ENDPOINT_URL: 'https://gpu.example.org/v1',
      SMOKE_MODEL: 'tanuki',
    });
    expect(one).toMatchObject({ appUrl: 'https://studio.example.org/app/', localApp: false });
    expect(one.endpoints).toEqual([
      { label: 'tanuki @ gpu.example.org', url: 'https://gpu.example.org/v1', model: 'tanuki', protocol: 'openai-chat' },
    ]);
    const list = readTarget({
      SMOKE_APP_URL: 'https://studio.example.org/',
      SMOKE_ENDPOINTS: JSON.stringify([
        { label: 'A', url: '/demo/v1', model: 'demo' },
        { label: 'A', url: 'https://x.endpoints.huggingface.cloud', protocol: 'hf-vqa' },
      ]),
    });
    // Paths are taken on the app's origin; labels stay unique because the chat's picker selects by label.
    expect(list.endpoints).toEqual([
      { label: 'A', url: 'https://studio.example.org/demo/v1', model: 'demo', protocol: 'openai-chat' },
      { label: 'A #2', url: 'https://x.endpoints.huggingface.cloud', model: '', protocol: 'hf-vqa' },
    ]);
  });

  it('says what is wrong with a bad configuration', () => {
    expect(() => readTarget({ SMOKE_ENDPOINTS: '[{"url": 1}]' })).toThrow(/SMOKE_ENDPOINTS: 0\.url/);
    expect(() => readTarget({ SMOKE_ENDPOINTS: 'nope' })).toThrow(/SMOKE_ENDPOINTS is not JSON/);
    expect(() => readTarget({ SMOKE_ENDPOINT_URL: 'gpu.example.org/v1' })).toThrow(/must be absolute/);
    let refused: unknown;
    try {
      readTarget({ SMOKE_ENDPOINT_URL: 'https://me:hunter2@gpu.example.org/v1' });
    } catch (e) {
      refused = e;
    }
    expect(String(refused)).toMatch(/must not contain a user name or password/);
    expect(String(refused)).not.toContain('hunter2');
    expect(() => readTarget({ SMOKE_APP_URL: 'localhost:4173' })).toThrow(/SMOKE_APP_URL must be an http\(s\) URL/);
    expect(() => readTarget({ SMOKE_TTFT_MS: 'soon' })).toThrow(/SMOKE_TTFT_MS must be a positive whole number/);
    expect(() => readTarget({ SMOKE_PROTOCOL: 'grpc', SMOKE_ENDPOINT_URL: 'http://h/v1' })).toThrow(/SMOKE_PROTOCOL/);
  });

  it('prefers SMOKE_TOKEN to HF_TOKEN', () => {
    expect(readTarget({ HF_TOKEN: 'hf' }).token).toBe('hf');
    expect(readTarget({ HF_TOKEN: 'hf', SMOKE_TOKEN: 'smoke' }).token).toBe('smoke');
  });

  it('reads probes from SMOKE_PROBES: one per language, images by built-in name or relative path, limits from the environment', () => {
    writeFileSync(path.join(tmp, 'own.png'), 'not really an image');
    const file = path.join(tmp, 'probes.json');
    writeFileSync(
      file,
      JSON.stringify({
        probes: [
          {
            id: 'cat',
            image: 'chelsea.png',
            question: { ja: '何が写っていますか？', en: 'What is this?' },
            keywords: ['cat'],
            maxTotalMs: 5000,
          },
          { id: 'own', image: './own.png', question: 'これは何？' },
        ],
      }),
    );
    const probes = readTarget({ SMOKE_PROBES: file, SMOKE_TTFT_MS: '800' }).probes;
    expect(probes.map((p) => [p.id, p.lang, p.question, p.maxFirstTokenMs, p.maxTotalMs])).toEqual([
      ['cat', 'ja', '何が写っていますか？', 800, 5000],
      ['cat', 'en', 'What is this?', 800, 5000],
      ['own', 'ja', 'これは何？', 800, 120_000],
    ]);
    expect(probes[2]?.image).toBe(path.join(tmp, 'own.png'));
    writeFileSync(file, JSON.stringify([{ id: 'x', image: 'missing.png', question: 'q' }]));
    expect(() => readTarget({ SMOKE_PROBES: file })).toThrow(/Probe image not found: missing\.png/);
    writeFileSync(file, JSON.stringify([{ id: 'x', image: 'chelsea.png', question: {} }]));
    expect(() => readTarget({ SMOKE_PROBES: file })).toThrow(/question: give ja, en or both/);
  });

  it('finds keywords whatever their case or width', () => {
    expect(findKeyword('A CAT on a mat', ['猫', 'cat'])).toBe('cat');
    expect(findKeyword('ｃａｔ', ['cat'])).toBe('cat');
    expect(findKeyword('茶色い猫です', ['猫'])).toBe('猫');
    expect(findKeyword('a dog', ['cat'])).toBeNull();
  });
});

describe('judging one answer', () => {
  const probe = { keywords: ['猫', 'cat'], maxFirstTokenMs: 1000, maxTotalMs: 10_000 };
  const ok: Observed = {
    end: 'done',
    answer: '茶色い猫が写っています。',
    finishReason: 'stop',
    ttftMs: 300,
    totalMs: 1200,
    outputTokens: 12,
    tokensPerSecond: 13.3,
    error: null,
  };

  it('passes a good answer; the keyword check does not apply to the demo endpoint', () => {
    expect(judge(ok, probe, false)).toMatchObject({ verdict: 'pass', kind: null, reason: null });
    const demo = judge({ ...ok, answer: 'I am the demo endpoint' }, probe, true);
    expect(demo.verdict).toBe('pass');
    expect(demo.checks.find((c) => c.name === 'keywords')).toEqual({
      name: 'keywords',
      ok: null,
      detail: 'not checked: the demo endpoint is not a model',
    });
  });

  it('fails a wrong answer as a wrong answer, and says which words were missing', () => {
    expect(judge({ ...ok, answer: '犬です' }, probe, false)).toMatchObject({
      verdict: 'fail',
      kind: 'missing-keyword',
      reason: 'wrong answer: it contains none of "猫", "cat"',
    });
  });

  it('fails slow, empty and abnormally ended answers with their own reasons', () => {
    expect(judge({ ...ok, ttftMs: 1500 }, probe, false)).toMatchObject({
      kind: 'slow-first-token',
      reason: 'first token after 1.50 s, over the 1.00 s limit',
    });
    expect(judge({ ...ok, totalMs: 12_000 }, probe, false)).toMatchObject({ kind: 'slow-total' });
    expect(judge({ ...ok, answer: '  ' }, probe, true)).toMatchObject({ kind: 'empty-answer' });
    expect(judge({ ...ok, finishReason: null }, probe, true)).toMatchObject({
      kind: 'bad-finish-reason',
      reason: 'no finish reason: the stream ended without one',
    });
    expect(judge({ ...ok, finishReason: 'content_filter' }, probe, true).kind).toBe('bad-finish-reason');
    for (const reason of ['stop', 'length', 'eos', 'eos_token', 'stop_sequence'])
      expect(judge({ ...ok, finishReason: reason }, probe, true).verdict).toBe('pass');
    expect(judge({ ...ok, end: 'no-first-token-in-time', ttftMs: null, answer: '', statuses: [503, 503] }, probe, true)).toMatchObject({
      kind: 'slow-first-token',
      reason: 'no first token within the 1.00 s limit (the endpoint answered HTTP 503, 503)',
    });
  });

  it('tells an unreachable endpoint, a cut stream and an error mid-stream apart', () => {
    const failed = (error: Observed['error'], answer = '', ttftMs: number | null = null): Observed => ({
      ...ok,
      end: 'error',
      answer,
      ttftMs,
      finishReason: null,
      error,
    });
    expect(judge(failed({ code: 'network', message: 'Failed to fetch' }), probe, false)).toMatchObject({
      verdict: 'unreachable',
      kind: 'unreachable',
    });
    expect(judge(failed({ code: 'network', message: 'network error' }, 'これは', 200), probe, false)).toMatchObject({
      verdict: 'fail',
      kind: 'stream-cut',
      reason: 'stream cut: the connection broke after 3 characters. Said: network error',
    });
    expect(judge(failed({ code: 'server', message: 'boom' }, 'これは', 200), probe, false).kind).toBe('error-mid-stream');
    expect(judge(failed({ code: 'server', status: 500, message: 'boom' }), probe, false)).toMatchObject({
      kind: 'endpoint-error',
      reason: expect.stringMatching(/^server \(HTTP 500\)/),
    });
    expect(judge(failed({ code: 'auth', message: '' }), probe, false).reason).toBe(
      'auth: The endpoint refused the token (401). Check the token in Settings.',
    );
  });

  it('adds later checks without hiding the first failure', () => {
    const passed = judge(ok, probe, false);
    expect(withCheck(passed, { name: 'recorded', ok: false, detail: 'no record' }, 'not-recorded')).toMatchObject({
      verdict: 'fail',
      kind: 'not-recorded',
      reason: 'no record',
    });
    const wrong = judge({ ...ok, answer: '犬' }, probe, false);
    expect(withCheck(wrong, { name: 'recorded', ok: false, detail: 'no record' }, 'not-recorded').kind).toBe('missing-keyword');
    expect(withCheck(passed, { name: 'cancellation', ok: null, detail: 'not verified' }, 'cancel-failed').verdict).toBe('pass');
  });
});
