import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readParquetSet } from './parquet';
import { entries, photo, sameBytes } from '../../../test-support/question-sets';
import type { SourceFile } from './types';

const chelsea = photo('chelsea.png');
const coffee = photo('coffee.png');
const rocket = photo('rocket.jpg');

type Column = { name: string; data: unknown[] };
type Schema = Parameters<typeof parquetWrite>[0]['schema'];

const str = (name: string) => ({
  name,
  type: 'BYTE_ARRAY' as const,
  converted_type: 'UTF8' as const,
  repetition_type: 'OPTIONAL' as const,
});
/** The Hugging Face `Image` feature: a struct of bytes and path. */
const hfImage = [
  { name: 'image', repetition_type: 'OPTIONAL' as const, num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY' as const, repetition_type: 'OPTIONAL' as const },
  str('path'),
];

/** A real Parquet file, written the way `datasets` lays out an image dataset (Snappy unless told). */
function parquetFile(path: string, columns: Column[], schema: NonNullable<Schema>, codec?: 'GZIP'): SourceFile {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: columns as Parameters<typeof parquetWrite>[0]['columnData'],
    schema: [{ name: 'schema', num_children: columns.length }, ...schema],
    ...(codec ? { codec, compressors: { GZIP: (input: Uint8Array) => gzipSync(input) } } : {}),
  });
  return { path, bytes: new Uint8Array(writer.getBuffer()) };
}

/** JA-VLM-Bench-In-the-Wild's columns: page_url, image_url, image, question, answer (plus one more). */
function jaVlmBench(
  rows: { image: { bytes: Uint8Array | null; path: string | null } | null; question: string | null; answer: string | null }[],
) {
  return parquetFile(
    'ja-vlm-bench-in-the-wild/test-00000-of-00001.parquet',
    [
      { name: 'page_url', data: rows.map((_, i) => `https://example.org/page/${i}`) },
      { name: 'image_url', data: rows.map((_, i) => `https://example.org/img/${i}.jpg`) },
      { name: 'image', data: rows.map((r) => r.image) },
      { name: 'question', data: rows.map((r) => r.question) },
      { name: 'answer', data: rows.map((r) => r.answer) },
      { name: 'license', data: rows.map(() => 'CC0') },
    ],
    [str('page_url'), str('image_url'), ...hfImage, str('question'), str('answer'), str('license')],
  );
}

describe('readParquetSet', () => {
  it('reads a JA-VLM-Bench-shaped file: images inside, answers as references, page and image URLs kept', async () => {
    const file = jaVlmBench([
      { image: { bytes: chelsea, path: 'chelsea.png' }, question: 'この猫は何色ですか？', answer: '茶色と黒の縞模様です。' },
      { image: { bytes: coffee, path: null }, question: 'カップの中身は？', answer: 'コーヒーです。' },
      { image: { bytes: rocket, path: 'rocket.jpg' }, question: '何が打ち上げられていますか？', answer: 'ロケットです。' },
    ]);
    const read = await readParquetSet(file);
    expect(read.report.ok).toBe(true);
    expect(read.format).toBe('parquet');
    expect(read.name).toBe('ja-vlm-bench-in-the-wild');
    expect(read.items.map((i) => [i.id, i.images[0]!.name, i.question, i.reference])).toEqual([
      ['0', 'chelsea.png', 'この猫は何色ですか？', '茶色と黒の縞模様です。'],
      ['1', 'row 1', 'カップの中身は？', 'コーヒーです。'],
      ['2', 'rocket.jpg', '何が打ち上げられていますか？', 'ロケットです。'],
    ]);
    // The very bytes of the photos, out of the file.
    expect(sameBytes(read.items[0]!.images[0]!.bytes, chelsea)).toBe(true);
    expect(sameBytes(read.items[2]!.images[0]!.bytes, rocket)).toBe(true);
    expect(sameBytes(read.items[2]!.images[0]!.bytes, chelsea)).toBe(false);
    expect(read.items[1]!.meta).toEqual({ page_url: 'https://example.org/page/1', image_url: 'https://example.org/img/1.jpg' });
    expect(read.items[1]!.source).toEqual({ file: file.path, row: 1 });
    expect(entries(read)).toEqual([['note', 'unknown-column', null, { column: 'license' }]]);
  });

  it('reports rows without an image or question, and empty images, by row', async () => {
    const read = await readParquetSet(
      jaVlmBench([
        { image: null, question: 'q', answer: 'a' },
        { image: { bytes: coffee, path: 'c.png' }, question: null, answer: 'a' },
        { image: { bytes: new Uint8Array(0), path: 'empty.png' }, question: 'q', answer: null },
        { image: { bytes: coffee, path: 'ok.png' }, question: 'q', answer: null },
      ]),
    );
    expect(read.report.ok).toBe(false);
    expect(entries(read).filter(([s]) => s !== 'note')).toEqual([
      ['error', 'missing-field', 0, { field: 'image' }],
      ['error', 'missing-field', 1, { field: 'question' }],
      ['error', 'empty-image', 2, { image: 'empty.png' }],
      ['warning', 'no-reference', null, { count: 1 }],
    ]);
    expect(read.items.map((i) => i.id)).toEqual(['3']);
  });

  it('gives one item per question/answer pair of a list column (JA-VG-VQA-500 style), with ids', async () => {
    const file = parquetFile(
      'vg.parquet',
      [
        { name: 'id', data: ['img-a', 'img-b'] },
        {
          name: 'image',
          data: [
            { bytes: coffee, path: 'a.png' },
            { bytes: rocket, path: 'b.jpg' },
          ],
        },
        {
          name: 'qas',
          data: [
            [
              { question: '色は？', answer: '白' },
              { question: '数は？', answer: '一つ' },
            ],
            [{ question: '何？', answer: 'ロケット' }],
          ],
        },
      ],
      [
        str('id'),
        ...hfImage,
        { name: 'qas', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
        str('question'),
        str('answer'),
      ],
    );
    const read = await readParquetSet(file);
    expect(read.report.ok).toBe(true);
    expect(read.items.map((i) => [i.id, i.question, i.reference, i.images[0]!.name])).toEqual([
      ['img-a-0', '色は？', '白', 'a.png'],
      ['img-a-1', '数は？', '一つ', 'a.png'],
      ['img-b-0', '何？', 'ロケット', 'b.jpg'],
    ]);
  });

  it('says which column is missing, which codec it cannot read, and when the file is not Parquet', async () => {
    const noImage = parquetFile('x.parquet', [{ name: 'question', data: ['q'] }], [str('question')]);
    expect(entries(await readParquetSet(noImage))).toEqual([['error', 'missing-column', null, { column: 'image' }]]);

    const gzip = parquetFile('g.parquet', [{ name: 'question', data: ['q'] }], [str('question')], 'GZIP');
    expect(entries(await readParquetSet(gzip))).toEqual([['error', 'unsupported-compression', null, { codec: 'GZIP' }]]);

    const notParquet = await readParquetSet({ path: 'fake.parquet', bytes: new TextEncoder().encode('question,image\nq,x\n') });
    expect(notParquet.report.entries[0]).toMatchObject({ severity: 'error', code: 'unreadable-parquet' });
    expect(notParquet.report.ok).toBe(false);
  });

  it('loads hyparquet only when a Parquet file is read (a type import and a dynamic import, nothing static)', () => {
    const source = readFileSync(new URL('./parquet.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((l) => l.includes("'hyparquet'"));
    expect(imports).toEqual([
      "import type { SchemaTree } from 'hyparquet';",
      "  const { parquetMetadata, parquetSchema, parquetReadObjects } = await import('hyparquet');",
    ]);
  });
});
