import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isMessageKey, translator, type MessageKey } from '../../i18n';
import { exportZip, type AnswerRecord, type RecordImage } from '../../records';
import { makeRecord } from '../../../test-support/records';
import { detectFormat, readQuestionSet } from './index';
import { Reporter } from './report';
import { codesOf, entries, jsonlFile, photo, sameBytes, textFile } from '../../../test-support/question-sets';
import { REPORT_CODES } from './types';
import { filesFromZip } from './zip';

const horse = photo('horse.png');
const coffee = photo('coffee.png');

const imageOf = (bytes: Uint8Array): RecordImage => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  mime: 'image/png',
  width: 10,
  height: 10,
  bytes: bytes.length,
});

/** An answer record (the builder's defaults) with these messages and fields. */
const record = (overrides: Partial<AnswerRecord>) => makeRecord({ conversationId: undefined, ...overrides });

/** A real export of the studio (src/records/export.ts), as the zip's bytes. */
async function studioExport(): Promise<Uint8Array> {
  const h = imageOf(horse);
  const c = imageOf(coffee);
  const ask = (text: string, image: RecordImage) => [{ role: 'user' as const, text, images: [image] }];
  const records = [
    // The same question on the same image from two endpoints: one item.
    record({ messages: ask('何の動物ですか？', h) }),
    record({
      messages: ask('何の動物ですか？', h),
      endpoint: { id: 'tanuki-8x8b', label: '8x8B', url: 'https://x.example/v1', model: 'm', protocol: 'openai-chat' },
    }),
    // A batch answer brings its item's reference, description and category.
    record({
      source: 'batch',
      messages: ask('カップの中身は？', c),
      batch: {
        runId: 'run-1',
        setId: 'set-1',
        setName: 'cafe',
        itemId: 'q7',
        itemIndex: 7,
        category: 'conv',
        reference: 'コーヒーです。',
        context: '白いカップ',
        repeat: 0,
        sourceImages: [c.sha256],
      },
    }),
    // A follow-up question depends on the first answer: not a question of a set.
    record({
      messages: [...ask('これは？', h), { role: 'assistant', text: '馬', images: [] }, { role: 'user', text: '色は？', images: [] }],
    }),
  ];
  const bytes = new Map([
    [h.sha256, horse],
    [c.sha256, coffee],
  ]);
  const zip = await exportZip({
    records,
    ratings: [],
    getImageBytes: async (sha) => bytes.get(sha),
    now: new Date('2025-03-02T00:00:00Z'),
  });
  return new Uint8Array(await zip.arrayBuffer());
}

describe('readQuestionSet', () => {
  it('reads the questions of a studio export zip: one item per question and images, batch details kept', async () => {
    const read = await readQuestionSet([{ path: 'tanuki-records.zip', bytes: await studioExport() }], { name: 'from export' });
    expect(read.format).toBe('studio-export');
    expect(read.name).toBe('from export');
    expect(read.report.ok).toBe(true);
    expect(read.items.map((i) => [i.question, i.reference, i.context, i.category, i.meta])).toEqual([
      ['何の動物ですか？', null, null, null, {}],
      ['カップの中身は？', 'コーヒーです。', '白いカップ', 'conv', { itemId: 'q7', setName: 'cafe' }],
    ]);
    expect(sameBytes(read.items[0]!.images[0]!.bytes, horse)).toBe(true);
    expect(read.items[0]!.images[0]!.name).toBe(`images/${imageOf(horse).sha256}.png`);
    expect(entries(read)).toEqual([
      ['warning', 'no-reference', null, { count: 1 }],
      ['note', 'used-file', null, {}],
      ['note', 'skipped-multi-turn', null, { count: 1 }],
      ['note', 'merged-records', null, { records: 3, items: 2 }],
    ]);
  });

  it('says an image is missing from an export that lost it', async () => {
    const h = imageOf(horse);
    const zip = await exportZip({
      records: [record({ messages: [{ role: 'user', text: 'q', images: [h] }] })],
      ratings: [],
      getImageBytes: async () => undefined,
    });
    const read = await readQuestionSet([{ path: 'e.zip', bytes: new Uint8Array(await zip.arrayBuffer()) }]);
    expect(entries(read)[0]).toEqual(['error', 'missing-image', 1, { image: h.sha256 }]);
  });

  it('detects each format from what was dropped', () => {
    expect(detectFormat([{ path: 'd/train.parquet', bytes: new Uint8Array() }])).toBe('parquet');
    expect(detectFormat([jsonlFile('x/records.jsonl', [])])).toBe('studio-export');
    expect(detectFormat([jsonlFile('questions_ja.jsonl', [])])).toBe('heron');
    expect(detectFormat([jsonlFile('set.jsonl', [{ question_id: 1, image: 'a.png', text: 'q' }])])).toBe('heron');
    expect(detectFormat([jsonlFile('set.jsonl', [{ image: 'a.png', question: 'q' }])])).toBe('jsonl');
    expect(detectFormat([jsonlFile('questions.jsonl', [{ image: 'a.png', question: 'q' }])])).toBe('jsonl');
    expect(detectFormat([textFile('notes.txt', '')])).toBeNull();
  });

  it('reads a zipped Heron-Bench folder and a plain JSONL', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const zip = zipSync({
      'heron/questions_ja.jsonl': enc(JSON.stringify({ question_id: 0, image: '001.png', category: 'conv', text: '何？' }) + '\n'),
      'heron/images/001.png': horse,
      '__MACOSX/heron/._questions_ja.jsonl': enc('junk'),
    });
    const heron = await readQuestionSet([{ path: 'heron.zip', bytes: zip }]);
    expect(heron.format).toBe('heron');
    expect(heron.items.map((i) => i.id)).toEqual(['0']);
    expect(codesOf(heron, 'error')).toEqual([]);

    const plain = await readQuestionSet([
      jsonlFile('s.jsonl', [{ image: 'c.png', question: 'q', reference: 'r' }]),
      { path: 'c.png', bytes: coffee },
    ]);
    expect(plain.format).toBe('jsonl');
    expect(plain.report.ok).toBe(true);
  });

  it('refuses what it cannot read: nothing recognisable, several Parquet files, a broken or escaping zip', async () => {
    expect(codesOf(await readQuestionSet([textFile('a.txt', 'x')]))).toEqual(['no-question-file']);
    const two = await readQuestionSet([
      { path: 'a.parquet', bytes: new Uint8Array() },
      { path: 'b.parquet', bytes: new Uint8Array() },
    ]);
    expect(entries(two)).toEqual([['error', 'several-files', null, { role: 'parquet', files: 'a.parquet, b.parquet' }]]);
    expect(codesOf(await readQuestionSet([{ path: 'x.zip', bytes: new Uint8Array([1, 2, 3]) }]))).toEqual(['unreadable-zip']);
    const escaping = zipSync({ '../evil.jsonl': new Uint8Array([1]) });
    expect(entries(await readQuestionSet([{ path: 'e.zip', bytes: escaping }]))).toEqual([
      ['error', 'unsafe-path', null, { image: '../evil.jsonl' }],
    ]);
  });
});

describe("filesFromZip: the records import's zip guards", () => {
  const limits = { maxEntries: 20_000, maxTotalBytes: 1000, maxEntryBytes: 1000, maxRatio: 100, ratioFloorBytes: 100 };
  const refused = (zip: Uint8Array, custom = limits) => {
    const report = new Reporter();
    expect(filesFromZip({ path: 'set.zip', bytes: zip }, report, custom)).toEqual([]);
    return report.report().entries.map((e) => ({ code: e.code, file: e.file, params: e.params }));
  };

  it('refuses a zip whose entries add up to more than the limit, before inflating them', () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(600).fill(1), 'b.bin': new Uint8Array(600).fill(2) }, { level: 0 });
    expect(refused(zip, { ...limits, maxTotalBytes: 1000, maxEntryBytes: 1000 })).toEqual([
      { code: 'zip-too-large', file: 'set.zip', params: { limitBytes: '1000 B' } },
    ]);
  });

  it('refuses a ratio bomb, and an entry that inflates beyond the size it declares', () => {
    const roomy = { ...limits, maxTotalBytes: 10_000, maxEntryBytes: 10_000 };
    expect(refused(zipSync({ 'q.jsonl': new Uint8Array(5000) }), roomy)).toEqual([
      { code: 'zip-bomb', file: 'set.zip', params: expect.objectContaining({ entry: 'q.jsonl', limit: 100 }) },
    ]);
    const liar = zipSync({ 'q.jsonl': new Uint8Array(900).fill(7) }, { level: 0 });
    // The central directory's uncompressed size (and the local header's): 900 declared as 10.
    const view = new DataView(liar.buffer);
    view.setUint32(22, 10, true);
    view.setUint32(liar.length - 22 - (46 + 'q.jsonl'.length) + 24, 10, true);
    expect(refused(liar, { ...limits, ratioFloorBytes: 10_000 })).toEqual([
      { code: 'zip-lying-sizes', file: 'set.zip', params: { entry: 'q.jsonl', declaredBytes: '10 B' } },
    ]);
  });

  it(
    'refuses a zip of more than 65,535 entries as too many, instead of reading the part its wrapped count names',
    { timeout: 30_000 },
    () => {
      const files: Record<string, Uint8Array> = {};
      for (let i = 0; i < 65_537; i++) files[`images/${i}.png`] = new Uint8Array(0);
      const zip = zipSync(files, { level: 0 });
      // fflate's end record says 1 (65,537 modulo 65,536): a reader that trusts it sees one file.
      expect(new DataView(zip.buffer).getUint16(zip.length - 12, true)).toBe(1);
      expect(refused(zip)).toEqual([{ code: 'zip-too-many-entries', file: 'set.zip', params: { limit: 20_000 } }]);
    },
  );
});

describe('report words', () => {
  it('every report code has words in both languages, with the params the readers give', () => {
    for (const code of REPORT_CODES) {
      expect(isMessageKey(`qset.${code}`), code).toBe(true);
      for (const lang of ['en', 'ja'] as const) expect(translator(lang)(`qset.${code}` as MessageKey).length, code).toBeGreaterThan(0);
    }
  });
});
