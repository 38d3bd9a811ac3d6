// Question sets made by the tests from the fixture photos, shaped as the public benchmarks publish theirs
// (shared/EVAL-FORMATS.md): a Heron-Bench folder (questions, context, reference answers, images/) and rows
// for a Hugging Face Parquet file with the images inside.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonl, type SetQuestion } from '../../test-support/heron-folder';
import { photoPath as imagePath, png } from '../../test-support/images';

export { heronFolder, heronQuestions, type SetQuestion } from '../../test-support/heron-folder';

const str = (name: string) => ({
  name,
  type: 'BYTE_ARRAY' as const,
  converted_type: 'UTF8' as const,
  repetition_type: 'OPTIONAL' as const,
});

/**
 * A Parquet file shaped like JA-VLM-Bench-In-the-Wild on the Hub (page_url, image_url, image, question, answer),
 * the images inside as the Hugging Face `Image` feature (a struct of bytes and path), Snappy-compressed as
 * `datasets` writes it.
 */
export async function parquetSet(questions: readonly SetQuestion[]): Promise<Buffer> {
  const { ByteWriter, parquetWrite } = await import('hyparquet-writer');
  const writer = new ByteWriter();
  const columnData = [
    { name: 'page_url', data: questions.map((q) => `https://example.org/page/${q.id}`) },
    { name: 'image_url', data: questions.map((q) => `https://example.org/img/${q.image}`) },
    { name: 'image', data: questions.map((q) => ({ bytes: new Uint8Array(readFileSync(imagePath(q.image))), path: q.image })) },
    { name: 'question', data: questions.map((q) => q.text) },
    { name: 'answer', data: questions.map((q) => q.reference) },
  ];
  parquetWrite({
    writer,
    columnData: columnData as Parameters<typeof parquetWrite>[0]['columnData'],
    schema: [
      { name: 'schema', num_children: columnData.length },
      str('page_url'),
      str('image_url'),
      { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      str('path'),
      str('question'),
      str('answer'),
    ],
  });
  return Buffer.from(writer.getBuffer());
}

/** A plain JSONL set of `count` questions, each about an image of its own (small PNGs, each a different colour). */
export function manyImagesFolder(count: number): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'many-')), 'many-images');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const rows = Array.from({ length: count }, (_, i) => {
    const image = `images/${i}.png`;
    writeFileSync(
      path.join(dir, image),
      png(16, 16, () => [i % 256, (i >> 8) % 256, 128, 255]),
    );
    return { id: `q${i}`, image, question: `What colour is image ${i}?` };
  });
  writeFileSync(path.join(dir, 'set.jsonl'), jsonl(rows));
  return dir;
}
