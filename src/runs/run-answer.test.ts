import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { completion, fakeFetch, json, sse, testRequest, vllmChunks } from '../../test-support/fetch';
import { openTestRepo } from '../../test-support/records-repo';
import { loadLibrary } from '../inference/transport';
import type { AnswerRecord, RecordsRepo } from '../records';
import { runAnswer, type AnswerRun, type RunResult } from './run-answer';

// The app loads the inference library while the question is typed; so do these tests, before Send.
beforeAll(() => loadLibrary());
afterEach(() => vi.unstubAllGlobals());

async function finish(run: AnswerRun): Promise<RunResult> {
  const it = runAnswer(run);
  for (;;) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}

function answerRun(repo: RecordsRepo, over: Partial<AnswerRun> = {}): AnswerRun {
  const req = testRequest();
  return {
    record: { id: 'rec-run-1', source: 'batch', endpoint: req.endpoint, params: req.params, systemPrompt: '', history: [] },
    endpoint: req.endpoint,
    turns: req.messages,
    repo: async () => repo,
    onStorageError: (e) => {
      throw e;
    },
    ...over,
  };
}

/** A records repository that logs each write, in the order the writes complete. */
function loggingRepo(log: string[], slowFirstWrite = 0): RecordsRepo {
  let writes = 0;
  return {
    async putRecord(record: AnswerRecord) {
      const n = ++writes;
      if (n === 1 && slowFirstWrite) await new Promise((r) => setTimeout(r, slowFirstWrite));
      log.push(`record ${record.status} "${record.output}"`);
      return record;
    },
  } as unknown as RecordsRepo;
}

describe('runAnswer', () => {
  it('writes the record at the end with the answer', async () => {
    vi.stubGlobal('fetch', fakeFetch(sse(vllmChunks(['猫', 'です']))));
    const repo = await openTestRepo();
    const result = await finish(answerRun(repo));
    expect(result).toMatchObject({ status: 'ok', output: '猫です' });
    expect(await repo.getRecord('rec-run-1')).toMatchObject({ status: 'ok', output: '猫です', source: 'batch' });
  });

  it('asked for whole (not streamed): the record has the answer and says time to first token was not measured', async () => {
    const fetch = fakeFetch(json(200, completion('猫です')), json(200, { ...(completion('犬') as object), usage: null }));
    vi.stubGlobal('fetch', fetch);
    const repo = await openTestRepo();
    const result = await finish(answerRun(repo, { stream: false }));
    expect(fetch.calls[0]!.body).not.toHaveProperty('stream');
    expect(result).toMatchObject({ status: 'ok', output: '猫です', finishReason: 'stop' });
    const record = await repo.getRecord('rec-run-1');
    expect(record).toMatchObject({ status: 'ok', output: '猫です', usage: { completionTokens: 2 } });
    expect(record!.timings).toMatchObject({ ttftMs: null, outputTokens: 2, tokensPerSecond: null });
    expect(record!.timings.totalMs).toEqual(expect.any(Number));
    // Without the endpoint's count there is no count: one response is not one token.
    const counted = await finish(answerRun(repo, { stream: false, record: { ...answerRun(repo).record, id: 'rec-run-2' } }));
    expect(counted).toMatchObject({ status: 'ok', output: '犬', timings: { ttftMs: null, outputTokens: null } });
  });

  it('hands a 429 straight back with maxRetries 0, and writes no record when told not to keep one', async () => {
    vi.stubGlobal('fetch', fakeFetch(json(429, { error: 'slow down' }, { 'retry-after': '2' })));
    const repo = await openTestRepo();
    const result = await finish(answerRun(repo, { maxRetries: 0, keepRecord: false }));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'rate-limited', retryAfterMs: 2000, retries: 0 });
    expect(result.record).toBeNull();
    expect(await repo.getRecord('rec-run-1')).toBeUndefined();
  });
  it('sends the request before writing the pending record, and still writes it at the start', async () => {
    const log: string[] = [];
    const fetch = fakeFetch(sse(vllmChunks(['Hi', ' there'])));
    vi.stubGlobal('fetch', (...args: Parameters<typeof fetch>) => {
      log.push('request');
      return fetch(...args);
    });
    const result = await finish(answerRun(loggingRepo(log)));
    expect(result.status).toBe('ok');
    expect(log).toEqual(['request', 'record pending ""', 'record ok "Hi there"']);
  });

  it('without a pending record, writes only the finished one', async () => {
    const log: string[] = [];
    vi.stubGlobal('fetch', fakeFetch(sse(vllmChunks(['Hi', ' there']))));
    const result = await finish(answerRun(loggingRepo(log), { writePending: false }));
    expect(result.record?.status).toBe('ok');
    expect(log).toEqual(['record ok "Hi there"']);
  });

  it('lands the writes in order (pending, checkpoints, final) even when the first one is slow', async () => {
    const log: string[] = [];
    vi.stubGlobal('fetch', fakeFetch(sse(vllmChunks(['a', 'b', 'c']))));
    const result = await finish(answerRun(loggingRepo(log, 50), { checkpointMs: -1 }));
    expect(result.record?.status).toBe('ok');
    expect(log[0]).toBe('record pending ""');
    expect(log.at(-1)).toBe('record ok "abc"');
    expect(log.slice(1, -1).every((l) => l.startsWith('record pending "'))).toBe(true);
  });
});
