import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateImages, generateRecords } from '../../test-support/bench-data';
import { StorageFullError } from './errors';
import { exportZip, toJsonLine } from './export';
import { importFile, type ImportReport } from './import';
import type { ImportBatch, RecordsRepo } from './repository';
import type { AnswerRecord, Rating, Vote } from './schema';
import { makeRating, makeRecord, makeVote } from '../../test-support/records';
import { openTestRepo } from '../../test-support/records-repo';

const repo = openTestRepo;

async function snapshot(db: RecordsRepo) {
  const records = (await db.listRecords()).items;
  const ratings = (await db.listRatings()).items.sort((a, b) => a.id.localeCompare(b.id));
  const votes = (await db.listVotes()).items;
  const hashes = new Set(records.flatMap((r) => r.messages.flatMap((m) => m.images.map((i) => i.sha256))));
  const images: Record<string, number[]> = {};
  for (const h of [...hashes].sort()) {
    const img = await db.getImage(h);
    if (img) images[h] = [...new Uint8Array(await img.blob.arrayBuffer())];
  }
  return { records, ratings, votes, images };
}

function zipOf(files: Record<string, string | Uint8Array>): Blob {
  const input: Zippable = {};
  for (const [name, data] of Object.entries(files)) input[name] = typeof data === 'string' ? strToU8(data) : data;
  return new Blob([zipSync(input) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}

/** Rewrites the uncompressed size that the central directory (and the local header too) declares for a one-entry zip. */
function patchDeclaredSize(zip: Uint8Array, size: number, { local = false } = {}): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (local) view.setUint32(22, size, true);
  for (let i = zip.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, size, true);
      return;
    }
  }
  throw new Error('no central directory entry');
}

const jsonl = (items: unknown[]) => items.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n') + '\n';

function vote(recordIds: string[], i: number): Vote {
  return makeVote(recordIds, { id: `vote-${i}`, groupId: `g-${i}`, endpointIds: ['tanuki-8b', 'tanuki-8x8b'] });
}

describe('export → import round trip', () => {
  // Real work (60 records through fake-indexeddb, twice): seconds on a busy machine, so not vitest's 5 s default.
  it('restores identical records, ratings, votes and images, and a second import changes nothing', async () => {
    const db = await repo();
    const images = await generateImages(5, 11);
    const data = generateRecords(60, 1.5, 5, { images: images.map((i) => i.image) });
    for (const { image, blob } of images) await db.putImage(image.sha256, blob, image);
    for (const r of data.records) await db.putRecord(r);
    await db.mergeImport({ records: [], ratings: data.ratings.map((rating, line) => ({ rating, line })), votes: [], images: [] });
    await db.putVote(vote([data.records[0]!.id, data.records[1]!.id], 1));
    const before = await snapshot(db);
    expect(before.ratings.length).toBeGreaterThan(60);
    expect(Object.keys(before.images).length).toBeGreaterThan(0);

    const zip = await exportZip({ records: before.records, ratings: before.ratings, votes: before.votes, getImageBytes: db.getImageBytes });
    await db.clearAll();
    const first = await importFile(zip, 'export.zip', db);
    expect(first).toMatchObject({
      added: 60,
      updated: 0,
      unchanged: 0,
      ratings: { added: before.ratings.length, updated: 0 },
      votes: { added: 1, updated: 0 },
      images: { added: Object.keys(before.images).length, skipped: 0, missing: 0 },
      skippedTotal: 0,
    });
    expect(await snapshot(db)).toEqual(before);

    const second = await importFile(zip, 'export.zip', db);
    expect(second).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 60,
      ratings: { added: 0, updated: 0 },
      votes: { added: 0 },
      images: { added: 0 },
    });
    expect(await snapshot(db)).toEqual(before);
  }, 60_000);

  it("keeps a batch answer's provenance and a judge's verdict through export and import", async () => {
    const db = await repo();
    const record = makeRecord({
      source: 'batch',
      groupId: 'run-1',
      batch: {
        runId: 'run-1',
        setId: 'set-1',
        setName: 'Heron',
        itemId: '12',
        itemIndex: 12,
        category: 'conv',
        reference: '赤い車です。',
        context: '赤い車が道路に止まっている。',
        repeat: 0,
        sourceImages: ['a'.repeat(64)],
      },
    });
    const plain = makeRecord();
    await db.putRecord(record);
    await db.putRecord(plain);
    await db.upsertRating({ recordId: plain.id, annotator: 'alice', score: 3 });
    await db.upsertRating({
      recordId: record.id,
      annotator: 'judge:demo-judge',
      score: 4,
      judge: {
        endpointId: 'demo',
        model: 'demo-judge',
        runId: 'judge-1',
        rubricName: 'Default',
        rubricVersion: 'rubric-0123456789abcdef',
        bothOrders: true,
        passes: [
          { order: 'reference-first', raw: '8 6\nreasons', score1: 8, score2: 6 },
          { order: 'answer-first', raw: '7 8\nreasons', score1: 7, score2: 8 },
        ],
        parsed: true,
        reason: null,
        answerScore: 6.5,
        referenceScore: 8,
        relative: 0.8125,
      },
    });
    const before = await snapshot(db);
    const zip = await exportZip({ records: before.records, ratings: before.ratings, getImageBytes: db.getImageBytes });
    const lines = strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['records.jsonl']!)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { batch: unknown; ratings: { judge: unknown }[] });
    // Every line has the same keys: null where there is no batch provenance or no verdict.
    expect(lines.map((l) => l.batch === null)).toEqual([false, true]);
    expect(lines[1]!.ratings[0]!.judge).toBeNull();
    await db.clearAll();
    await importFile(zip, 'export.zip', db);
    expect(await snapshot(db)).toEqual(before);
  });

  it('reads a bare .jsonl of export lines or plain records', async () => {
    const db = await repo();
    const a = makeRecord();
    const plain = makeRecord();
    const line = JSON.parse(
      toJsonLine({
        ...a,
        conversationId: null,
        messageId: null,
        groupId: null,
        ratings: [{ ...makeRating(a.id, 'bob'), recordId: undefined }],
      }),
    ) as unknown;
    const report = await importFile(new Blob([jsonl([line, plain])]), 'records.jsonl', db);
    expect(report).toMatchObject({ added: 2, ratings: { added: 1 }, skippedTotal: 0 });
    expect(await db.getRecord(plain.id)).toEqual(plain);
    expect(await db.getRecord(a.id)).toEqual({ ...a, conversationId: undefined, messageId: undefined, groupId: undefined });
  });

  it('reads a zip of the extracted folder (everything under one directory)', async () => {
    const db = await repo();
    const report = await importFile(
      zipOf({ 'my-export/records.jsonl': jsonl([makeRecord({ id: 'nested' })]), 'my-export/README.md': '#' }),
      'x.zip',
      db,
    );
    expect(report).toMatchObject({ added: 1, skippedTotal: 0 });
  });

  it('merges votes by id and by annotator and pair: a later change wins, an older one changes nothing, v1 lines load', async () => {
    const db = await repo();
    const stored = makeVote(['r1', 'r2'], { groupId: 'g', choice: 'a', updatedAt: '2025-03-02T00:00:00.000Z' });
    const other = makeVote(['r3', 'r4'], { groupId: 'g', annotator: 'bob' });
    const third = makeVote(['r9', 'r10'], { groupId: 'g' });
    for (const v of [stored, other, third]) await db.putVote(v);
    const changedElsewhere = {
      ...stored,
      id: 'from-another-browser',
      recordIds: ['r2', 'r1'],
      choice: 'b',
      updatedAt: '2025-03-03T00:00:00.000Z',
    };
    const older = { ...other, choice: 'tie', updatedAt: '2025-02-01T00:00:00.000Z' };
    const collides = makeVote(['r5', 'r6'], { id: third.id, groupId: 'h' });
    const {
      models: _m,
      updatedAt: _u,
      blind: _b,
      reasons: _r,
      note: _n,
      flagged: _f,
      identityWords: _w,
      ...v1
    } = makeVote(['r7', 'r8'], {
      groupId: 'k',
    });
    const file = new Blob([jsonl([changedElsewhere, older, collides, { ...v1, schema: 1 }, { ...v1, id: 'bad', choice: 'c' }])]);
    const report = await importFile(file, 'votes.jsonl', db);
    expect(report.votes).toEqual({ added: 2, updated: 1, unchanged: 1 });
    expect(report.skipped).toEqual([
      { entry: 'votes.jsonl', line: 5, code: 'invalid-vote', params: {}, detail: expect.any(String) as unknown },
    ]);
    const votes = new Map((await db.listVotes()).items.map((v) => [v.id, v]));
    expect(votes.get(stored.id)).toMatchObject({ choice: 'b', createdAt: stored.createdAt, updatedAt: changedElsewhere.updatedAt });
    expect(votes.has('from-another-browser')).toBe(false);
    expect(votes.get(other.id)).toEqual(other);
    expect(votes.get(third.id)).toEqual(third);
    expect([...votes.values()].filter((v) => v.groupId === 'h')).toHaveLength(1);
    expect(votes.get(v1.id)).toMatchObject({ schema: 2, blind: false, flagged: false });
    expect((await importFile(file, 'votes.jsonl', db)).votes).toEqual({ added: 0, updated: 0, unchanged: 4 });
  });

  it('updates a record only when the incoming one is newer, and a rating only when it was changed later', async () => {
    const db = await repo();
    const pending = await db.putRecord(makeRecord({ status: 'pending', endedAt: null, output: 'par' }));
    const done = await db.putRecord(makeRecord());
    const rating = makeRating(done.id, 'alice', { score: 2, updatedAt: '2025-03-02T00:00:00.000Z' });
    await db.mergeImport({ records: [], ratings: [{ rating, line: 1 }], votes: [], images: [] });

    const finished = { ...pending, status: 'ok', endedAt: '2025-03-01T10:01:00.000Z', output: 'partial answer' };
    const stale = { ...done, output: 'older text', endedAt: '2025-03-01T09:00:00.000Z' };
    const newerRating = {
      ...rating,
      id: 'other-id',
      score: 5,
      createdAt: '2025-03-03T00:00:00.000Z',
      updatedAt: '2025-03-03T00:00:00.000Z',
    };
    const { recordId: _r, schema: _s, ...embedded } = newerRating;
    const report = await importFile(new Blob([jsonl([finished, { ...stale, ratings: [embedded] }])]), 'x.jsonl', db);
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 1, ratings: { added: 0, updated: 1 } });
    expect(await db.getRecord(pending.id)).toMatchObject({ status: 'ok', output: 'partial answer' });
    expect((await db.getRecord(done.id))?.output).toBe(done.output);
    const ratings = await db.ratingsFor(done.id);
    // The stored rating keeps its id and first createdAt, and takes the newer content.
    expect(ratings).toEqual([{ ...newerRating, id: rating.id, createdAt: rating.createdAt }]);
  });
});

describe('hostile imports', () => {
  let existing: { record: AnswerRecord; rating: Rating };
  let db: RecordsRepo;

  async function seeded(): Promise<RecordsRepo> {
    db = await repo();
    const record = await db.putRecord(makeRecord({ id: 'keep-me' }));
    const rating = await db.upsertRating({ recordId: record.id, annotator: 'alice', score: 4 });
    existing = { record, rating };
    return db;
  }

  async function untouched(): Promise<void> {
    expect((await db.listRecords()).items).toEqual([existing.record]);
    expect((await db.listRatings()).items).toEqual([existing.rating]);
  }

  const words = (s: ImportReport['skipped'][number]) =>
    `${s.code}${Object.keys(s.params).length ? ` ${JSON.stringify(s.params)}` : ''}${s.detail ? ` (${s.detail})` : ''}`;
  const reasons = (report: ImportReport) => report.skipped.map((s) => `${s.line}: ${words(s)}`);

  it('skips bad lines with reasons and imports the rest', async () => {
    await seeded();
    const good = makeRecord({ id: 'good-1' });
    const hugeOutput = { ...makeRecord({ id: 'huge' }), output: 'x'.repeat(1_000_001) };
    const file = jsonl([
      good,
      '{"not json',
      '[1,2,3]',
      { ...makeRecord({ id: 'wrong-types' }), createdAt: 12, status: 'great' },
      hugeOutput,
      { ...good, output: 'duplicate' },
      { ...makeRecord({ id: 'bad-rating' }), ratings: [{ annotator: 'x', score: 9 }] },
      { ...makeRecord({ id: 'keep-me' }), endedAt: '2020-01-01T00:00:00.000Z' },
      '',
      { ...makeRecord({ id: 'long-line' }), output: 'y'.repeat(1_200_000) },
    ]);
    const report = await importFile(new Blob([file]), 'mixed.jsonl', db, { maxLineBytes: 1_100_000 });
    expect(report.added).toBe(2);
    expect(report.unchanged).toBe(1);
    expect(report.skippedTotal).toBe(7);
    const text = reasons(report).join('\n');
    expect(text).toContain('2: not-json');
    expect(text).toContain('3: not-object');
    expect(text).toMatch(/4: invalid-record \(createdAt/);
    expect(text).toMatch(/5: invalid-record \(output: Too big/);
    expect(text).toContain('6: duplicate-record {"id":"good-1","first":1}');
    expect(text).toMatch(/7: invalid-rating \{"n":1\} \(/);
    expect(text).toContain('10: line-too-long {"limit":1100000}');
    expect((await db.getRecord('good-1'))?.output).toBe(good.output);
    expect(await db.getRecord('keep-me')).toEqual(existing.record);
  });

  it('refuses unsafe entry names and images whose bytes do not match their hash', async () => {
    await seeded();
    const [img] = await generateImages(1, 3);
    const bytes = new Uint8Array(await img!.blob.arrayBuffer());
    const fake = 'f'.repeat(64);
    const record = makeRecord({
      id: 'with-images',
      messages: [{ role: 'user', text: 'q', images: [img!.image, { ...img!.image, sha256: fake }] }],
    });
    const zip = zipOf({
      'records.jsonl': jsonl([record]),
      [`images/${img!.image.sha256}.jpg`]: bytes,
      [`images/${fake}.jpg`]: bytes,
      [`images/${'0'.repeat(64)}.jpg`]: bytes,
      '../evil.jsonl': jsonl([makeRecord({ id: 'evil' })]),
      'images/../../evil.jpg': bytes,
      '/etc/passwd': 'root',
      'images\\evil.jpg': bytes,
      'notes.txt': 'hello',
    });
    const report = await importFile(zip, 'x.zip', db);
    expect(report).toMatchObject({ added: 1, images: { added: 1, skipped: 3, missing: 1 } });
    const text = report.skipped.map((s) => `${s.entry}: ${words(s)}`).join('\n');
    expect(text).toContain('../evil.jsonl: name-dotdot');
    expect(text).toContain('images/../../evil.jpg: name-dotdot');
    expect(text).toContain('/etc/passwd: name-absolute');
    expect(text).toContain('images\\evil.jpg: name-backslash');
    expect(text).toContain(`images/${fake}.jpg: image-hash-mismatch`);
    expect(text).toContain(`images/${'0'.repeat(64)}.jpg: image-unreferenced`);
    expect(text).toContain('notes.txt: not-export-entry');
    expect(await db.getRecord('evil')).toBeUndefined();
    expect(await db.hasImage(img!.image.sha256)).toBe(true);
    expect(await db.hasImage(fake)).toBe(false);
  });

  describe('zip bombs', () => {
    let bomb: Blob;
    beforeAll(() => {
      // 50 MB of zeros deflates to about 50 KB: a thousandfold expansion.
      bomb = new Blob([zipSync({ 'records.jsonl': new Uint8Array(50 * 1024 ** 2) }, { level: 1 }) as Uint8Array<ArrayBuffer>]);
    }, 60_000);

    it('refuses an entry that declares 3 GB, from the directory alone', async () => {
      await seeded();
      const bytes = zipSync({ 'records.jsonl': strToU8(jsonl([makeRecord()])) });
      patchDeclaredSize(bytes, 3 * 1024 ** 3);
      await expect(importFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'huge.zip', db)).rejects.toMatchObject({
        code: 'entry-too-large',
        params: { entry: 'records.jsonl', sizeBytes: 3 * 1024 ** 3 },
      });
      await untouched();
    });

    it('refuses an entry that expands too many times, before inflating it', async () => {
      await seeded();
      await expect(importFile(bomb, 'bomb.zip', db)).rejects.toMatchObject({ code: 'zip-bomb' });
      await untouched();
    });

    it('refuses a zip whose declared total is over the cap', async () => {
      await seeded();
      await expect(importFile(bomb, 'bomb.zip', db, { maxRatio: 10_000, maxTotalBytes: 10 * 1024 ** 2 })).rejects.toMatchObject({
        code: 'unpacks-too-large',
        params: { limitBytes: 10 * 1024 ** 2 },
      });
      await untouched();
    });

    it('refuses an entry that inflates to more than it declares, saying its headers lie (not "not valid JSON")', async () => {
      await seeded();
      const bytes = zipSync({ 'records.jsonl': strToU8(jsonl([makeRecord({ id: 'a-1' }), makeRecord({ id: 'a-2' })])) });
      patchDeclaredSize(bytes, 100);
      await expect(importFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'liar.zip', db)).rejects.toMatchObject({
        code: 'lying-sizes',
        params: { entry: 'records.jsonl', declaredBytes: 100 },
      });
      await untouched();
    });

    it('refuses a bomb whose directory and local headers both declare a small size, while inflating it', async () => {
      await seeded();
      const liar = new Uint8Array(await bomb.arrayBuffer());
      patchDeclaredSize(liar, 1024, { local: true });
      const phases: string[] = [];
      await expect(
        importFile(new Blob([liar]), 'liar.zip', db, {}, (p) => {
          phases.push(p.phase);
        }),
      ).rejects.toMatchObject({ code: 'lying-sizes', params: { entry: 'records.jsonl', declaredBytes: 1024 } });
      // Refused while unpacking: nothing was read, checked or saved.
      expect(new Set(phases)).toEqual(new Set(['unpacking']));
      await untouched();
    });

    it('refuses a file above the input size limit, and things that are not exports', async () => {
      await seeded();
      await expect(importFile(new Blob(['x'.repeat(100)]), 'a.jsonl', db, { maxFileBytes: 10 })).rejects.toMatchObject({
        code: 'file-too-large',
      });
      await expect(importFile(new Blob(['hello']), 'a.zip', db)).rejects.toMatchObject({ code: 'corrupt-archive' });
      await expect(importFile(new Blob([new Uint8Array([0, 1, 2])]), 'a.png', db)).rejects.toMatchObject({ code: 'unsupported-file' });
      await expect(importFile(zipOf({ 'other.txt': 'x' }), 'a.zip', db)).rejects.toMatchObject({ code: 'unsupported-file' });
      await untouched();
    });
  });

  it('skips lines that are not valid UTF-8 and says so, instead of storing U+FFFD in their place', async () => {
    await seeded();
    const good = new TextEncoder().encode(JSON.stringify(makeRecord({ id: 'utf8-good', output: 'ねこ' })) + '\n');
    const bad = new TextEncoder().encode(JSON.stringify(makeRecord({ id: 'utf8-bad', output: 'XX' })) + '\n');
    // "XX" becomes a lone continuation byte and a truncated three-byte sequence.
    const at = bad.indexOf(0x58);
    bad[at] = 0x80;
    bad[at + 1] = 0xe3;
    const report = await importFile(new Blob([good, bad]), 'latin1.jsonl', db);
    expect(report.added).toBe(1);
    expect(reasons(report)).toEqual(['2: not-utf8']);
    expect(await db.getRecord('utf8-bad')).toBeUndefined();
    expect((await db.getRecord('utf8-good'))?.output).toBe('ねこ');
  });

  it('stores only raster images: an entry declared as SVG, or whose bytes are SVG or HTML, is skipped', async () => {
    await seeded();
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    const hex = async (b: Uint8Array) =>
      Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>)), (x) =>
        x.toString(16).padStart(2, '0'),
      ).join('');
    const svgSha = await hex(svg);
    const htmlSha = await hex(html);
    const image = (sha256: string, mime: string, bytes: number) => ({ sha256, mime, width: 1, height: 1, bytes });
    const zip = zipOf({
      'records.jsonl': jsonl([
        makeRecord({ id: 'svg-declared', messages: [{ role: 'user', text: 'q', images: [image(svgSha, 'image/svg+xml', svg.length)] }] }),
        makeRecord({ id: 'html-as-png', messages: [{ role: 'user', text: 'q', images: [image(htmlSha, 'image/png', html.length)] }] }),
      ]),
      [`images/${svgSha}.bin`]: svg,
      [`images/${htmlSha}.png`]: html,
    });
    const report = await importFile(zip, 'svg.zip', db);
    expect(report).toMatchObject({ added: 2, images: { added: 0, skipped: 2 } });
    expect(report.skipped.map((s) => s.code).sort()).toEqual(['image-declared-not-raster', 'image-not-raster']);
    expect(await db.hasImage(svgSha)).toBe(false);
    expect(await db.hasImage(htmlSha)).toBe(false);
  });

  it('caps the number of lines read', async () => {
    await seeded();
    const file = jsonl([makeRecord({ id: 'l1' }), makeRecord({ id: 'l2' }), makeRecord({ id: 'l3' })]);
    const report = await importFile(new Blob([file]), 'x.jsonl', db, { maxLines: 2 });
    expect(report.added).toBe(2);
    expect(reasons(report)).toEqual(['3: too-many-lines {"limit":2}']);
  });

  it('writes nothing when storage runs out midway', async () => {
    await seeded();
    const file = jsonl(Array.from({ length: 20 }, (_, i) => makeRecord({ id: `new-${i}` })));
    let calls = 0;
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      calls += 1;
      if (calls === 10) throw new DOMException('quota', 'QuotaExceededError');
      return original.apply(this, args);
    });
    await expect(importFile(new Blob([file]), 'x.jsonl', db)).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    await untouched();
  });

  it('tells its progress: unpacking, reading, images, saving, in that order, each from 0 to its total', async () => {
    const db = await repo();
    const [img] = await generateImages(1, 4);
    const record = makeRecord({ id: 'progress', messages: [{ role: 'user', text: 'q', images: [img!.image] }] });
    const zip = zipOf({
      'records.jsonl': jsonl([record]),
      [`images/${img!.image.sha256}.jpg`]: new Uint8Array(await img!.blob.arrayBuffer()),
    });
    const seen: { phase: string; done: number; total: number }[] = [];
    const report = await importFile(zip, 'p.zip', db, {}, (p) => {
      seen.push(p);
    });
    expect(report).toMatchObject({ added: 1, images: { added: 1 } });
    const order = seen.map((p) => p.phase).filter((p, i, all) => all[i - 1] !== p);
    expect(order).toEqual(['unpacking', 'reading', 'images', 'saving']);
    for (const p of seen) expect(p.done).toBeLessThanOrEqual(p.total);
    expect(seen.find((p) => p.phase === 'unpacking' && p.done === p.total)).toBeDefined();
  });

  it('exports and reads back 3,000 records and 6,000 ratings', async () => {
    // How long this takes is a figure of `npm run bench:imports`, not something a test asserts.
    const data = generateRecords(3000, 2, 9);
    const zip = await exportZip({ records: data.records, ratings: data.ratings, getImageBytes: async () => undefined });
    let batch: ImportBatch | null = null;
    // Storage stubbed: fake-indexeddb's speed says nothing about a browser's (the merge is covered above).
    await importFile(zip, 'big.zip', {
      hasImage: async () => true,
      mergeImport: async (b) => {
        batch = b;
        const none = { added: 0, updated: 0, unchanged: 0 };
        return { records: none, ratings: { ...none, orphanLines: [] }, votes: none, images: none };
      },
    });
    expect(batch!.records).toHaveLength(3000);
    expect(batch!.ratings).toHaveLength(6000);
    expect(batch!.records[1234]).toEqual(data.records[1234]);
  }, 60_000);

  it('merges 2,000 records into IndexedDB in one go', async () => {
    const big = await repo();
    const data = generateRecords(2000, 2, 10);
    const zip = await exportZip({ records: data.records, ratings: data.ratings, getImageBytes: async () => undefined });
    const report = await importFile(zip, 'big.zip', big);
    expect(report).toMatchObject({ added: 2000, ratings: { added: 4000 }, skippedTotal: 0 });
    expect((await big.listRecords()).items).toHaveLength(2000);
  }, 60_000);
});
