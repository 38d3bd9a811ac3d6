// Archives past 65,535 entries, both ways: the export's zip reads back whole in the app and in Info-ZIP's
// unzip, and the import reads every entry of a ZIP64 archive made by Info-ZIP's zip and of one whose end
// record wraps the count (fflate's zipSync; the app's own exports before ZIP64). Entries are tiny, and the
// archives made elsewhere hold entries an export never has (each one skipped, and so counted, cheaply).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRecord } from '../../test-support/records';
import { exportZip } from './export';
import { importFile, type ImportReport } from './import';
import type { ImportBatch, RecordsRepo } from './repository';
import type { AnswerRecord, RecordImage } from './schema';

const IMAGES = 66_000;
// Info-ZIP's zip reads a folder of 66,000 files: in memory where there is a tmpfs.
const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'zip64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

function unzipList(file: string): { status: number | null; files: number; stderr: string } {
  const run = spawnSync('unzip', ['-l', file], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
  if (run.error) throw new Error(`Info-ZIP unzip is needed here (apt-get install unzip): ${run.error.message}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return { status: run.status, files: Number(/(\d+) files?$/.exec(last)?.[1]), stderr: run.stderr };
}

describe('zips of more than 65,535 entries', () => {
  it("the export's zip reads back whole, in the app's import and in Info-ZIP's unzip", { timeout: 60_000 }, async () => {
    const { images, records } = imagesAndRecords(IMAGES);
    // The stored images, as what the export reads of them (Node's Blob.arrayBuffer costs more than all the rest).
    const byHash = new Map(images.map((i) => [i.meta.sha256, { arrayBuffer: async () => i.bytes.buffer } as Blob]));
    const zip = await exportZip({ records, ratings: [], getImage: async (h) => ({ blob: byHash.get(h)! }) });

    const repo = countingRepo();
    const report = await importFile(zip, 'export.zip', repo);
    expect(report).toMatchObject({ added: records.length, images: { added: IMAGES, skipped: 0, missing: 0 }, skippedTotal: 0 });

    const file = path.join(dir, 'export.zip');
    writeFileSync(file, new Uint8Array(await zip.arrayBuffer()));
    // The images, records.jsonl and README.md; unzip warns (and exits 1) when the end record disagrees.
    expect(unzipList(file)).toEqual({ status: 0, files: IMAGES + 2, stderr: '' });
  });

  // One record, and 66,000 entries that are not an export's: all of them must be seen (and skipped).
  const record = makeRecord({ id: 'only' });
  const readWhole = (report: ImportReport) => {
    expect(report).toMatchObject({ added: 1, skippedTotal: IMAGES });
    expect(new Set(report.skipped.map((s) => s.code))).toEqual(new Set(['not-export-entry']));
  };

  it("imports whole a ZIP64 archive made by Info-ZIP's zip", { timeout: 60_000 }, async () => {
    const folder = path.join(dir, 'made-by-zip');
    mkdirSync(path.join(folder, 'other'), { recursive: true });
    writeFileSync(path.join(folder, 'records.jsonl'), JSON.stringify(record) + '\n');
    for (let i = 0; i < IMAGES; i++) writeFileSync(path.join(folder, 'other', `${i}.txt`), 'x');
    const made = spawnSync('zip', ['-q', '-r', '-0', path.join(dir, 'info-zip.zip'), '.'], { cwd: folder });
    if (made.error) throw new Error(`Info-ZIP zip is needed here (apt-get install zip): ${made.error.message}`);
    expect(made.status).toBe(0);
    const bytes = readFileSync(path.join(dir, 'info-zip.zip'));
    // Info-ZIP wrote a ZIP64 end record and locator (its 16-bit count says "see ZIP64").
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);

    readWhole(await importFile(new Blob([bytes]), 'info-zip.zip', countingRepo()));
  });

  it('imports whole an archive whose end record wraps the count modulo 65,536 (no ZIP64 records)', async () => {
    const files: Zippable = { 'records.jsonl': new TextEncoder().encode(JSON.stringify(record)) };
    for (let i = 0; i < IMAGES; i++) files[`other/${i}.txt`] = new Uint8Array(0);
    const zip = zipSync(files, { level: 0 });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    expect(view.getUint16(zip.length - 22 + 10, true)).toBe((IMAGES + 1) % 65_536);

    readWhole(await importFile(new Blob([zip as Uint8Array<ArrayBuffer>]), 'wrapped.zip', countingRepo()));
  });
});
