import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, sse, testRequest, vllmChunks } from '../../test-support/fetch';
import { openTestRepo } from '../../test-support/records';
import { runAnswer, type AnswerRun, type RunResult } from './run-answer';

afterEach(() => vi.unstubAllGlobals());

async function finish(run: AnswerRun): Promise<RunResult> {
  const it = runAnswer(run);
  for (;;) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}

function answerRun(repo: Awaited<ReturnType<typeof openTestRepo>>, over: Partial<AnswerRun> = {}): AnswerRun {
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

describe('runAnswer', () => {
  it('writes the record at the end with the answer', async () => {
    vi.stubGlobal('fetch', fakeFetch(sse(vllmChunks(['猫', 'です']))));
    const repo = await openTestRepo();
    const result = await finish(answerRun(repo));
    expect(result).toMatchObject({ status: 'ok', output: '猫です' });
    expect(await repo.getRecord('rec-run-1')).toMatchObject({ status: 'ok', output: '猫です', source: 'batch' });
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
});
