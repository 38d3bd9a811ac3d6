import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../test-support/bench-data';
import { applyFilter, indexRatings } from './filter';
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

  it('handles 10,000 records and 20,000 ratings quickly', () => {
    const data = generateRecords(10_000, 2, 3);
    const started = performance.now();
    const index = indexRatings(data.ratings);
    // The first text search builds each record's folded text once; later searches reuse it.
    const first = applyFilter(data.records, index, { text: 'カレー' });
    const cold = performance.now() - started;
    const again = performance.now();
    const second = applyFilter(data.records, index, {
      rated: 'rated',
      annotator: 'annotator-1',
      minScore: 3,
      text: 'cat',
      statuses: ['ok'],
    });
    const warm = performance.now() - again;
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    // Generous bounds (shared CI cores); a per-record scan of all ratings would take far longer.
    expect(cold).toBeLessThan(5000);
    expect(warm).toBeLessThan(2000);
  });
});
