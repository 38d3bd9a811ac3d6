import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { completion, fakeFetch, json } from '../../test-support/fetch';
import { pngBytes } from '../../test-support/images';
import { openTestRepo } from '../../test-support/records-repo';
import { answerRecordId, askUnit, unitNumber, unitPosition, type AnswerUnitContext } from './answer-unit';
import { rebuildAnswerLanes } from './answer-lanes';
import { PreparedImages } from './prepared-images';
import { makeItem, makeLane, makeRun, testEndpoint } from '../../test-support/batch';

afterEach(() => vi.unstubAllGlobals());

const SHA = 'b'.repeat(64);

async function context(over: Partial<AnswerUnitContext> = {}) {
  const repo = await openTestRepo();
  const png = pngBytes(40, 30);
  await repo.putImage(SHA, new Blob([png]), { mime: 'image/png', width: 40, height: 30 });
  const items = [makeItem({ id: 'q1', images: [{ sha256: SHA, mime: 'image/png', width: 40, height: 30, bytes: png.length }] })];
  const lanes = [makeLane({ endpoint: testEndpoint({ url: 'http://h.example/v1' }) })];
  const { run } = makeRun(items, { lanes, repeats: 2 });
  const prepared = vi.fn(async (file: File) => ({
    sha256: 'c'.repeat(64),
    blob: new Blob([await file.arrayBuffer()], { type: 'image/png' }),
    mime: 'image/png',
    width: 40,
    height: 30,
    dataUrl: 'data:image/png;base64,cHJlcGFyZWQ=',
  }));
  const ctx: AnswerUnitContext = {
    run,
    items,
    endpointOf: () => lanes[0]!.endpoint,
    tokenOf: () => undefined,
    images: new PreparedImages(async () => repo, prepared),
    repo: async () => repo,
    onStorageError: (e) => {
      throw e;
    },
    ...over,
  };
  return { ctx, repo, run, prepared };
}

describe('answer units', () => {
  it('numbers units lane by lane, item by item, repeat by repeat', () => {
    const run = { itemCount: 3, repeats: 2 };
    const all = Array.from({ length: 12 }, (_, u) => unitPosition(run, u));
    expect(all[0]).toEqual({ lane: 0, item: 0, repeat: 0 });
    expect(all[5]).toEqual({ lane: 0, item: 2, repeat: 1 });
    expect(all[6]).toEqual({ lane: 1, item: 0, repeat: 0 });
    all.forEach((p, u) => expect(unitNumber(run, p)).toBe(u));
  });

  it('asks the item of the endpoint and keeps an ordinary batch record with its provenance', async () => {
    const fetch = fakeFetch(json(200, completion('赤い車')));
    vi.stubGlobal('fetch', fetch);
    const { ctx, repo, run, prepared } = await context();
    const result = await askUnit(ctx, 1, new AbortController().signal);
    // The answer is back; its record is being stored, and counts once it is.
    expect(result.ok && (await result.stored)).toBe(true);
    const record = await repo.getRecord(answerRecordId(run.id, { lane: 0, item: 0, repeat: 1 }));
    expect(record).toMatchObject({
      source: 'batch',
      groupId: run.id,
      status: 'ok',
      output: '赤い車',
      messages: [{ role: 'user', text: ctx.items[0]!.question, images: [{ sha256: 'c'.repeat(64) }] }],
      batch: { runId: run.id, itemId: 'q1', itemIndex: 0, repeat: 1, category: 'detail', sourceImages: [SHA] },
    });
    // The prepared image is stored under the hash of what was sent.
    expect(await repo.hasImage('c'.repeat(64))).toBe(true);
    // Asked for whole: nobody watches a batch answer arrive, and the record says time to first token was not measured.
    expect(fetch.calls[0]!.body).not.toHaveProperty('stream');
    expect(record!.timings.ttftMs).toBeNull();
    const body = fetch.calls[0]!.body as { messages: { content: { type: string; image_url?: { url: string } }[] }[] };
    expect(body.messages.at(-1)!.content.map((c) => c.type)).toEqual(['image_url', 'text']);
    // The image goes out as the data: URL made when it was prepared, not encoded again per request.
    expect(body.messages.at(-1)!.content[0]!.image_url!.url).toBe('data:image/png;base64,cHJlcGFyZWQ=');
    // Asked twice about one image: prepared once.
    vi.stubGlobal('fetch', fakeFetch(json(200, completion('x'))));
    await askUnit(ctx, 0, new AbortController().signal);
    expect(prepared).toHaveBeenCalledTimes(1);
  });

  it('an answer whose record cannot be stored is not kept', async () => {
    vi.stubGlobal('fetch', fakeFetch(json(200, completion('a'))));
    const errors: unknown[] = [];
    const { ctx, repo } = await context({ onStorageError: (e) => errors.push(e) });
    vi.spyOn(repo, 'putRecord').mockRejectedValue(new Error('quota'));
    const result = await askUnit(ctx, 0, new AbortController().signal);
    expect(result.ok && (await result.stored)).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('hands a 429 to the lane without retrying, and says when the image is gone', async () => {
    vi.stubGlobal('fetch', fakeFetch(json(429, { error: 'busy' }, { 'retry-after': '1' })));
    const { ctx } = await context();
    expect(await askUnit(ctx, 0, new AbortController().signal)).toEqual({
      ok: false,
      error: { code: 'rate-limited', status: 429, retryAfterMs: 1000, midStream: undefined },
    });
    const other = await context();
    const items = [makeItem({ images: [{ sha256: 'd'.repeat(64), mime: 'image/png', width: 1, height: 1, bytes: 1 }] })];
    expect(await askUnit({ ...other.ctx, items }, 0, new AbortController().signal)).toEqual({
      ok: false,
      error: { code: 'image-missing' },
    });
  });

  it('rebuilds where a run stands from its records: finished ones are done, never-finished ones are asked again', async () => {
    vi.stubGlobal('fetch', fakeFetch(json(200, completion('a')), json(500, { error: 'boom' }), json(200, completion('c'))));
    const { ctx, repo, run } = await context();
    const first = await askUnit(ctx, 0, new AbortController().signal);
    if (first.ok) await first.stored;
    await askUnit(ctx, 1, new AbortController().signal);
    // Unit 1 failed on its own (a 500); unit 0 is done. Pretend unit 0's outcome was written and unit 1's was lost.
    const outcomes = [{ runId: run.id, unit: 0, state: 'done' as const, code: null, at: new Date().toISOString() }];
    const rebuilt = await rebuildAnswerLanes(run, outcomes, repo);
    expect(rebuilt.found).toMatchObject([{ unit: 1, state: 'failed', code: 'server' }]);
    expect(rebuilt.lanes[0]).toMatchObject({ done: 1, pending: 0 });
    expect([...rebuilt.lanes[0]!.failedUnits]).toEqual([1]);

    // A record left pending (its tab went away mid-request) is not done: the unit is asked again.
    const pending = await repo.getRecord(answerRecordId(run.id, { lane: 0, item: 0, repeat: 1 }));
    await repo.putRecord({ ...pending!, status: 'incomplete', endedAt: null, error: null });
    const again = await rebuildAnswerLanes(run, outcomes, repo);
    expect(again.found).toEqual([]);
    expect(again.lanes[0]).toMatchObject({ done: 1, pending: 1 });

    // Marked for retry by the person: asked again even though its record says failed.
    const retry = await rebuildAnswerLanes(run, [...outcomes, { runId: run.id, unit: 1, state: 'retry', code: 'server', at: '' }], repo);
    expect(retry.lanes[0]).toMatchObject({ done: 1, pending: 1 });
  });
});
