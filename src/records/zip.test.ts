// Archives past 65,535 entries, both ways: the export's zip reads back whole in the app and in yauzl (a
// reader that checks the ZIP64 records), and the import reads every entry of one whose end record wraps the
// count (fflate's zipSync; the app's own exports before ZIP64) and a ZIP64 archive that yazl wrote (yazl
// takes minutes for 66,000 entries, so that one has 300, every field in its ZIP64 form). Entries are tiny.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { makeRecord } from '../../test-support/records';
import { exportZip } from './export';
import { importFile, type ImportReport } from './import';
import type { ImportBatch, RecordsRepo } from './repository';
import type { AnswerRecord, RecordImage } from './schema';

const IMAGES = 66_000;

/** `count` distinct tiny JPEG-looking images, and records that reference them all (32 per message). */
function imagesAndRecords(count: number) {
  const images: { meta: RecordImage; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, i & 255, (i >> 8) & 255, (i >> 16) & 255, 0xd9]);
    images.push({
      meta: { sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'image/jpeg', width: 1, height: 1, bytes: bytes.length },
      bytes,
    });
  }
  const records: AnswerRecord[] = [];
  for (let at = 0; at < count; at += 32 * 10) {
    const messages = [];
    for (let m = at; m < Math.min(count, at + 320); m += 32) {
      messages.push({ role: 'user' as const, text: 'q', images: images.slice(m, m + 32).map((i) => i.meta) });
    }
    records.push(makeRecord({ messages }));
  }
  return { images, records };
}

/** A repository that stores nothing and counts what the import would merge. */
function countingRepo(): Pick<RecordsRepo, 'mergeImport' | 'hasImage'> & { merged: ImportBatch[] } {
  const merged: ImportBatch[] = [];
  return {
    merged,
    hasImage: async () => false,
    mergeImport: async (batch) => {
      merged.push(batch);
      const added = (n: number) => ({ added: n, updated: 0, unchanged: 0 });
      return {
        records: added(batch.records.length),
        ratings: { ...added(batch.ratings.length), orphanLines: [] },
        votes: added(batch.votes.length),
        images: added(batch.images.length),
      };
    },
  };
}

/** Every entry's name, as yauzl reads them (it refuses an archive whose end records disagree). */
async function namesByYauzl(bytes: Uint8Array): Promise<string[]> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return names;
}

describe('zips of more than 65,535 entries, and ZIP64', () => {
  it("the export's zip reads back whole, in the app's import and in yauzl", { timeout: 60_000 }, async () => {
    const { images, records } = imagesAndRecords(IMAGES);
    const byHash = new Map(images.map((i) => [i.meta.sha256, i.bytes]));
    const zip = await exportZip({ records, ratings: [], getImageBytes: async (h) => byHash.get(h) });

    const repo = countingRepo();
    const report = await importFile(zip, 'export.zip', repo);
    expect(report).toMatchObject({ added: records.length, images: { added: IMAGES, skipped: 0, missing: 0 }, skippedTotal: 0 });

    const names = await namesByYauzl(new Uint8Array(await zip.arrayBuffer()));
    expect(names.length).toBe(IMAGES + 2);
    expect(names.slice(-2)).toEqual(['records.jsonl', 'README.md']);
  });

  // One record, and 66,000 entries that are not an export's: all of them must be seen (and skipped, cheaply).
  const record = makeRecord({ id: 'only' });
  const readWhole = (report: ImportReport) => {
    expect(report).toMatchObject({ added: 1, skippedTotal: IMAGES });
    expect(new Set(report.skipped.map((s) => s.code))).toEqual(new Set(['not-export-entry']));
  };

  it('imports a ZIP64 archive that yazl wrote: ZIP64 end records, and ZIP64 sizes and offsets in every entry', async () => {
    const { images, records } = imagesAndRecords(300);
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')), 'records.jsonl', { forceZip64Format: true });
    for (const i of images) zip.addBuffer(Buffer.from(i.bytes), `images/${i.meta.sha256}.jpg`, { compress: false, forceZip64Format: true });
    zip.end({ forceZip64Format: true, comment: '' });
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    // A ZIP64 end record and its locator before the end record.
    expect(bytes.readUInt32LE(bytes.length - 22 - 20)).toBe(0x07064b50);

    const report = await importFile(new Blob([bytes]), 'yazl.zip', countingRepo());
    expect(report).toMatchObject({ added: records.length, images: { added: 300, skipped: 0, missing: 0 }, skippedTotal: 0 });
  });

  it('imports whole an archive whose end record wraps the count modulo 65,536 (no ZIP64 records)', { timeout: 60_000 }, async () => {
    const files: Zippable = { 'records.jsonl': new TextEncoder().encode(JSON.stringify(record)) };
    for (let i = 0; i < IMAGES; i++) files[`other/${i}.txt`] = new Uint8Array(0);
    const zip = zipSync(files, { level: 0 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    expect(view.getUint16(zip.length - 22 + 10, true)).toBe((IMAGES + 1) % 65_536);

    readWhole(await importFile(new Blob([zip as Uint8Array<ArrayBuffer>]), 'wrapped.zip', countingRepo()));
  });
});
