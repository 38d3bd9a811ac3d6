import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, sse, testRequest, vllmChunks } from '../../test-support/fetch';
import { loadLibrary } from '../inference/transport';
import type { AnswerRecord, RecordsRepo } from '../records';
import { isLiveHere } from '../records/live-answers';
import { runLiveAnswer } from './live-run';
import { liveText } from './live-text';

beforeAll(() => loadLibrary());
afterEach(() => vi.unstubAllGlobals());

/** Web Locks whose grants the test gives, one by one. */
function locksGrantedByHand() {
  const waiting: (() => void)[] = [];
  const released: string[] = [];
  const locks = {
    request: (name: string, callback: () => Promise<unknown>) =>
      new Promise((resolve) =>
        waiting.push(() => {
          const held = callback();
          resolve(held);
          void held.then(() => released.push(name));
        }),
      ),
  };
  vi.stubGlobal('navigator', { locks });
  return { grant: () => waiting.shift()!(), released };
}

describe('runLiveAnswer', () => {
  it('sends the request before the browser grants the answer its lock; its record is written only once the lock is held, which is kept until the end is stored', async () => {
    const lock = locksGrantedByHand();
    const fetch = fakeFetch(sse(vllmChunks(['猫', 'です'])));
    vi.stubGlobal('fetch', fetch);
    const writes: string[] = [];
    const repo = { putRecord: async (r: AnswerRecord) => (writes.push(r.status), r) } as unknown as RecordsRepo;
    const req = testRequest();
    const ended = vi.fn();
    const done = runLiveAnswer({
      answerId: 'a1',
      record: { id: 'rec-1', source: 'chat', endpoint: req.endpoint, params: req.params, systemPrompt: '', history: [] },
      repo: async () => repo,
      onStorageError: (e) => expect.unreachable(String(e)),
      onChange: ended,
    });
    expect(isLiveHere('rec-1')).toBe(true);
    await vi.waitFor(() => expect(fetch.calls).toHaveLength(1));
    // The whole answer may even arrive meanwhile: nothing of it is stored without its lock, and it ends once stored.
    await vi.waitFor(() => expect(liveText('a1')).toBe('猫です'));
    expect(writes).toEqual([]);
    expect(ended).not.toHaveBeenCalled();
    lock.grant();
    await done;
    expect(ended).toHaveBeenCalledWith(expect.objectContaining({ status: 'ok', text: '猫です' }));
    expect(writes).toEqual(['pending', 'ok']);
    expect(lock.released).toEqual(['tanuki-live:rec-1']);
    expect(isLiveHere('rec-1')).toBe(false);
  });

  it('ends an answer that failed before any text without a text, so the caller keeps the one it has', async () => {
    const lock = locksGrantedByHand();
    const fetch = fakeFetch(json(401, { error: 'bad token' }));
    vi.stubGlobal('fetch', fetch);
    const req = testRequest();
    const changes: object[] = [];
    const done = runLiveAnswer({
      answerId: 'a2',
      record: { id: 'rec-2', source: 'chat', endpoint: req.endpoint, params: req.params, systemPrompt: '', history: [] },
      repo: async () => ({ putRecord: async (r: AnswerRecord) => r }) as unknown as RecordsRepo,
      onStorageError: (e) => expect.unreachable(String(e)),
      onChange: (change) => changes.push(change),
    });
    await vi.waitFor(() => expect(fetch.calls).toHaveLength(1));
    lock.grant();
    await done;
    expect(changes).toEqual([expect.objectContaining({ status: 'error', error: expect.objectContaining({ code: 'auth' }) })]);
    expect(changes[0]).not.toHaveProperty('text');
  });
});
