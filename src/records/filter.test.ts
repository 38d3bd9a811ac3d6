import { describe, expect, it, vi } from 'vitest';
import { generateRecords } from '../../test-support/bench-data';
import { applyFilter, indexRatings } from './filter';
import type { Rating } from './schema';
import { makeRating, makeRecord } from '../../test-support/records';

describe('applyFilter', () => {
  const chat = makeRecord({ createdAt: '2025-03-01T10:00:00.000Z', output: 'A red Bicycle' });
  const batch = makeRecord({
    createdAt: '2025-03-02T10:00:00.000Z',
    source: 'batch',
    endpoint: { id: 'demo', label: 'Demo endpoint', url: '/demo', model: 'demo-model', protocol: 'openai-chat' },
    messages: [{ role: 'user', text: '看板の文字を読んでください', images: [] }],
  });
  const failed = makeRecord({ createdAt: '2025-03-03T10:00:00.000Z', status: 'error', error: { code: 'server', message: 'x' } });
  const records = [chat, batch, failed];
  const ratings = indexRatings([
    makeRating(chat.id, 'alice', { score: 5, tags: ['good'] }),
    makeRating(chat.id, 'bob', { score: 3 }),
    makeRating(batch.id, 'bob', { score: 1, tags: ['ocr-error'] }),
  ]);
  const ids = (filter: Parameters<typeof applyFilter>[2]) => applyFilter(records, ratings, filter).map((r) => r.id);

  it('passes everything with an empty filter', () => {
    expect(ids({})).toEqual([chat.id, batch.id, failed.id]);
    expect(ids({ endpointIds: [], sources: [], statuses: [] })).toEqual([chat.id, batch.id, failed.id]);
  });

  it('filters by endpoint, source, status and time', () => {
    expect(ids({ endpointIds: ['demo'] })).toEqual([batch.id]);
    expect(ids({ sources: ['chat'] })).toEqual([chat.id, failed.id]);
    expect(ids({ statuses: ['error'] })).toEqual([failed.id]);
    expect(ids({ from: '2025-03-02T00:00:00Z', to: new Date('2025-03-03T10:00:00Z') })).toEqual([batch.id]);
  });

  it('filters by group (a batch run, a comparison); a record of no group is in none', () => {
    const run = makeRecord({ source: 'batch', groupId: 'run-1' });
    const other = makeRecord({ source: 'batch', groupId: 'run-2' });
    const all = [chat, run, other];
    expect(applyFilter(all, ratings, { groupIds: ['run-1'] }).map((r) => r.id)).toEqual([run.id]);
    expect(applyFilter(all, ratings, { groupIds: [] }).map((r) => r.id)).toEqual([chat.id, run.id, other.id]);
  });

  it('filters by rated state, per annotator', () => {
    expect(ids({ rated: 'rated' })).toEqual([chat.id, batch.id]);
    expect(ids({ rated: 'unrated' })).toEqual([failed.id]);
    expect(ids({ rated: 'rated', annotator: 'alice' })).toEqual([chat.id]);
    expect(ids({ rated: 'unrated', annotator: 'alice' })).toEqual([batch.id, failed.id]);
  });

  it('filters by score range (mean of the relevant ratings) and tag', () => {
    expect(ids({ minScore: 4 })).toEqual([chat.id]);
    expect(ids({ maxScore: 3 })).toEqual([batch.id]);
    expect(ids({ maxScore: 3, annotator: 'bob' })).toEqual([chat.id, batch.id]);
    expect(ids({ tag: 'ocr-error' })).toEqual([batch.id]);
    expect(ids({ tag: 'good', annotator: 'bob' })).toEqual([]);
  });

  it('searches question, output, model and label, ignoring case and width', () => {
    expect(ids({ text: 'bicycle' })).toEqual([chat.id]);
    expect(ids({ text: 'ＢＩＣＹＣＬＥ' })).toEqual([chat.id]);
    expect(ids({ text: '看板' })).toEqual([batch.id]);
    expect(ids({ text: 'DEMO-MODEL' })).toEqual([batch.id]);
    expect(ids({ text: 'demo 看板' })).toEqual([batch.id]);
    expect(ids({ text: 'demo bicycle' })).toEqual([]);
  });

  it('does linear work: one ratings lookup per record, each record folded once for text search', () => {
    // How long this takes is a figure of `npm run bench` (Review at 10,000 records); here only the amount of work.
    const data = generateRecords(2000, 2, 3);
    let lookups = 0;
    class CountingIndex extends Map<string, Rating[]> {
      override get(key: string) {
        lookups += 1;
        return super.get(key);
      }
    }
    const index = new CountingIndex(indexRatings(data.ratings));
    const normalize = vi.spyOn(String.prototype, 'normalize');
    try {
      // The first text search folds each record's text once (and the query); later searches reuse it.
      const first = applyFilter(data.records, index, { text: 'カレー' });
      expect(normalize).toHaveBeenCalledTimes(data.records.length + 1);
      normalize.mockClear();
      const filter = { rated: 'rated', annotator: 'annotator-1', minScore: 3, text: 'cat', statuses: ['ok'] } as const;
      const second = applyFilter(data.records, index, filter);
      expect(normalize).toHaveBeenCalledTimes(1);
      expect(lookups).toBeLessThanOrEqual(data.records.length);

      // And the answers are those of a plain scan.
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
      const byRecord = new Map<string, Rating[]>();
      for (const x of data.ratings) byRecord.set(x.recordId, [...(byRecord.get(x.recordId) ?? []), x]);
      const plain = data.records.filter((r) => {
        const mine = (byRecord.get(r.id) ?? []).filter((x) => x.annotator === 'annotator-1');
        const scores = mine.flatMap((x) => (x.score === null ? [] : [x.score]));
        const text = [...r.messages.filter((m) => m.role === 'user').map((m) => m.text), r.output, r.endpoint.model, r.endpoint.label].join(
          '\n',
        );
        return (
          r.status === 'ok' &&
          scores.length > 0 &&
          scores.reduce((a, b) => a + b, 0) / scores.length >= 3 &&
          text.normalize('NFKC').toLowerCase().includes('cat')
        );
      });
      expect(second.map((r) => r.id)).toEqual(plain.map((r) => r.id));
    } finally {
      normalize.mockRestore();
    }
  }, 60_000);
});
