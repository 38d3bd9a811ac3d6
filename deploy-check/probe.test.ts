// The probe against the demo endpoint's fault scenarios, in process (the endpoint on port 0), and the stream
// check on hand-made bodies. The command line is tested in scripts/probe.test.ts.
import { createServer } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastScenario as fast, startDemoWithTinyImage } from '../demo-endpoint/test-server';
import { runProbe, type ProbeOptions, type ProbeReport } from './probe';
import { checkStream } from './stream';
import { BUILT_IN_IMAGES, DEFAULT_LIMITS } from './targets';

let demo: Awaited<ReturnType<typeof startDemoWithTinyImage>>;
beforeAll(async () => {
  demo = await startDemoWithTinyImage();
});
afterAll(() => demo.close());

const noWait = async () => undefined;

function probe(model: string, extra: Partial<ProbeOptions> = {}): Promise<ProbeReport> {
  return runProbe({
    url: `${demo.url}/v1`,
    model,
    protocol: 'openai-chat',
    image: demo.tinyImage,
    question: 'この画像には何が写っていますか？',
    keywords: ['猫', 'cat'],
    maxFirstTokenMs: DEFAULT_LIMITS.maxFirstTokenMs,
    maxTotalMs: 20_000,
    maxTokens: 200,
    // Fast answers, and no real waits between retries.
    sleep: noWait,
    ...extra,
  });
}

// Each probe decodes a photo on the demo side; a loaded CI machine needs more than vitest's 5 s.
describe('the probe against the demo endpoint', { timeout: 30_000 }, () => {
  it('passes on a healthy endpoint, with the figures, and says only model-independent checks applied', async () => {
    const r = await probe(fast('demo'), { image: path.join(BUILT_IN_IMAGES, 'chelsea.png') });
    expect(r).toMatchObject({ status: 'pass', kind: null, reason: null, finishReason: 'stop', modelIndependentOnly: true });
    expect(r.answer).toContain('デモ用エンドポイント');
    expect(r.ttftMs).toBeGreaterThanOrEqual(0);
    expect(r.totalMs).toBeGreaterThanOrEqual(r.ttftMs!);
    expect(r.outputTokens).toBeGreaterThan(10);
    expect(r.stream).toMatchObject({ done: true, finishReason: 'stop', deviations: [], tolerated: [] });
    expect(r.checks.find((c) => c.name === 'keywords')).toMatchObject({ ok: null, detail: expect.stringContaining('not a model') });
    expect(r.note).toMatch(/model-independent checks only/);
    // The image went as it is: the demo measured the PNG's own size and format.
    const [entry] = (await demo.log()).slice(-1);
    expect(entry?.images).toEqual([expect.objectContaining({ width: 451, height: 300, format: 'png', bytes: 240512 })]);
  });

  it('tolerates vLLM-shaped chunks and names them', async () => {
    const r = await probe(fast('demo-vllm'));
    expect(r.status).toBe('pass');
    expect(r.stream?.tolerated).toEqual(['vLLM-style chunks (no system_fingerprint/role), tolerated']);
  });

  it('fails on 503 loading, after the app’s bounded retries', async () => {
    const r = await probe('demo-503');
    expect(r).toMatchObject({ status: 'fail', kind: 'endpoint-error' });
    expect(r.reason).toMatch(/^loading \(HTTP 503\): The model is loading/);
    expect(r.retries).toHaveLength(2);
    expect(r.httpStatuses).toEqual([503, 503, 503]);
  });

  it('fails on an error mid-stream, keeping the partial answer', async () => {
    const r = await probe(fast('demo-error-mid-stream'));
    expect(r).toMatchObject({ status: 'fail', kind: 'error-mid-stream' });
    expect(r.reason).toContain('demo: simulated error mid-stream');
    expect(r.answer.length).toBeGreaterThan(0);
    expect(r.stream?.errors).toEqual(['demo: simulated error mid-stream']);
  });

  it('fails on a cut stream and names the missing end', async () => {
    const r = await probe(fast('demo-cut-mid-stream'));
    expect(r).toMatchObject({ status: 'fail', kind: 'stream-cut' });
    expect(r.reason).toMatch(/^stream cut/);
    expect(r.stream?.deviations.map((d) => d.kind)).toEqual(['cut', 'missing-finish-reason']);
  });

  it('fails when the first byte is slower than the limit', async () => {
    const r = await probe('demo-slow-first-byte:first_byte_ms=3000', { maxFirstTokenMs: 300 });
    expect(r).toMatchObject({ status: 'fail', kind: 'slow-first-token', ttftMs: null });
    expect(r.reason).toBe('no first token within the 0.30 s limit');
    expect(r.totalMs).toBeLessThan(2500);
  });

  it('fails on a wrong model name and lists what the endpoint serves', async () => {
    const r = await probe('tanuki-typo');
    expect(r).toMatchObject({ status: 'fail', kind: 'endpoint-error', modelIndependentOnly: true });
    expect(r.reason).toMatch(/^not-found \(HTTP 404\): The endpoint or model was not found/);
    expect(r.reason).toContain('The model `tanuki-typo` does not exist.');
    expect(r.reason).toContain('The endpoint serves: demo, demo-vllm');
  });

  it('names protocol deviations: missing [DONE] and finish reason, non-JSON chunks, wrong content type', async () => {
    const noDone = await probe(fast('demo-no-done'));
    expect(noDone.kind).toBe('bad-finish-reason');
    expect(noDone.stream?.deviations.map((d) => d.detail)).toEqual([
      'missing [DONE]: the stream ended without it',
      'missing finish reason: no chunk carried one',
    ]);
    const malformed = await probe(fast('demo-malformed-chunk'));
    expect(malformed.kind).toBe('protocol');
    expect(malformed.stream?.deviations.map((d) => d.kind)).toEqual(['non-json']);
    const wrongType = await probe(fast('demo-wrong-content-type'));
    expect(wrongType.kind).toBe('protocol');
    expect(wrongType.stream?.deviations[0]?.detail).toMatch(/^wrong content type: "application\/json/);
  });

  it('reports an unreachable endpoint as unreachable, not as a wrong answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await probe('demo', { url: `http://127.0.0.1:${port}/v1` });
    expect(r).toMatchObject({ status: 'unreachable', kind: 'unreachable' });
    expect(r.reason).toMatch(/ECONNREFUSED/);
  });

  it('sends the token as a bearer header and never shows it', async () => {
    const token = 'probe-secret-token-123456';
    const r = await probe(fast(`demo-401`), { token: 'demo-token' });
    expect(r.status).toBe('pass');
    const refused = await probe('demo-401', { token });
    expect(refused).toMatchObject({ status: 'fail', kind: 'endpoint-error' });
    expect(refused.reason).toMatch(/^auth \(HTTP 401\)/);
    expect(JSON.stringify(refused)).not.toContain(token);
  });

  it('speaks hf-vqa too (not streamed: no stream checks)', async () => {
    const r = await probe('', { url: `${demo.url}/vqa`, protocol: 'hf-vqa' });
    expect(r).toMatchObject({ status: 'pass', stream: null, modelIndependentOnly: true, finishReason: 'stop' });
    expect(r.answer).toMatch(/デモ/);
  });
});

describe('the stream check', () => {
  const chunk = (extra: object) =>
    `data: ${JSON.stringify({ id: 'x', created: 1, model: 'm', system_fingerprint: 'f', choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' }, finish_reason: null }], ...extra })}\n\n`;
  it('accepts a TGI-shaped stream and flags schema violations by chunk', () => {
    const ok = checkStream(
      `${chunk({})}${chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'eos_token' }] })}data: [DONE]\n\n`,
      'text/event-stream',
      false,
    );
    expect(ok).toMatchObject({ chunks: 2, done: true, finishReason: 'eos_token', deviations: [] });
    const bad = checkStream(
      `${chunk({ created: 'yesterday', choices: [{ index: 0, delta: { content: 1 }, finish_reason: 'stop' }] })}data: [DONE]\n\n`,
      'text/event-stream',
      false,
    );
    expect(bad.deviations).toEqual([
      {
        kind: 'schema',
        detail: expect.stringMatching(/^chunk 1 does not match the chat-completion stream schema: .*\/created must be integer/),
      },
    ]);
  });
});
