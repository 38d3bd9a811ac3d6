import { describe, expect, it } from 'vitest';
import { chunksToEvents } from './stream';
import { collect, streamOf, tgiChunks, vllmChunks } from '../../test-support/fetch';

const run = (...chunks: unknown[]) => collect(chunksToEvents(streamOf(...chunks)));

describe('chunksToEvents', () => {
  it('reads vLLM chunks: role only first, `delta: {}` at the end, usage in a chunk of its own', async () => {
    expect(await run(...vllmChunks(['Hel', 'lo']))).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'usage', usage: { promptTokens: 620, completionTokens: 2, totalTokens: 622 } },
      { type: 'done', finishReason: 'stop' },
    ]);
  });

  it('reads TGI chunks: role and fingerprint everywhere, `usage: null` until the end', async () => {
    expect(await run(...tgiChunks(['こんにちは', '。'], 'length'))).toEqual([
      { type: 'delta', text: 'こんにちは' },
      { type: 'delta', text: '。' },
      { type: 'usage', usage: { promptTokens: 620, completionTokens: 2, totalTokens: 622 } },
      { type: 'done', finishReason: 'length' },
    ]);
  });

  it('ends with a null finish reason when the stream stops without one', async () => {
    expect(await run(...vllmChunks(['a'], null, false))).toEqual([
      { type: 'delta', text: 'a' },
      { type: 'done', finishReason: null },
    ]);
  });

  it('keeps the last finish reason and ignores a later null', async () => {
    const events = await run(
      { choices: [{ delta: { content: 'x' }, finish_reason: 'stop' }] },
      { choices: [{ delta: {}, finish_reason: null }] },
    );
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('skips empty deltas, missing content, junk chunks and keeps usage fields that are present', async () => {
    const events = await run(
      null,
      'text',
      { choices: [] },
      { choices: [{ delta: { content: null } }] },
      { choices: [{ delta: { tool_calls: [] } }] },
      { choices: [{}] },
      { choices: [], usage: { completion_tokens: 5 } },
    );
    expect(events).toEqual([
      { type: 'usage', usage: { completionTokens: 5 } },
      { type: 'done', finishReason: null },
    ]);
  });

  it('yields exactly one done for an empty stream', async () => {
    expect(await run()).toEqual([{ type: 'done', finishReason: null }]);
  });
});
