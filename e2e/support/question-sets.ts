// Question sets made by the tests from the fixture photos, shaped as the public benchmarks publish theirs
// (shared/EVAL-FORMATS.md): a Heron-Bench folder (questions, context, reference answers, images/) and rows
// for a Hugging Face Parquet file with the images inside.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photoPath as imagePath, png } from '../../test-support/images';

export interface SetQuestion {
  id: number;
  image: string;
  category: 'conv' | 'detail' | 'complex';
  text: string;
  reference: string;
}

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Questions about the fixture photos; `marker` makes each one findable in the demo endpoint's log. */
export function heronQuestions(marker: string, count = 6): SetQuestion[] {
  const images = ['rocket.jpg', 'chelsea.png', 'coffee.png'];
  const categories = ['conv', 'detail', 'complex'] as const;
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    image: images[i % images.length]!,
    category: categories[i % categories.length]!,
    text: `${marker} 質問${i}: この画像には何が写っていますか？`,
    reference: `参照回答${i}: 写真について説明する回答です。`,
  }));
}

/** A Heron-Bench folder as published: questions_ja.jsonl, context_ja.jsonl, answers_gpt4.jsonl and images/. */
export function heronFolder(questions: readonly SetQuestion[], name = 'japanese-heron-bench'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'heron-'));
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  const images = [...new Set(questions.map((q) => q.image))];
  for (const image of images) copyFileSync(imagePath(image), path.join(dir, 'images', image));
  writeFileSync(
    path.join(dir, 'questions_ja.jsonl'),
    jsonl(questions.map((q) => ({ question_id: q.id, image: q.image, category: q.category, image_category: 'landscape', text: q.text }))),
  );
  writeFileSync(
    path.join(dir, 'context_ja.jsonl'),
    jsonl(images.map((image, i) => ({ id: String(i + 1).padStart(3, '0'), image, caption: `${image} を写した写真。` }))),
  );
  writeFileSync(
    path.join(dir, 'answers_gpt4.jsonl'),
    jsonl(
      questions.map((q) => ({
        question_id: q.id,
        images: q.image,
        image_category: 'landscape',
        prompt: q.text,
        answer_id: '',
        model_id: 'gpt-4-0314',
        text: q.reference,
      })),
    ),
  );
  return dir;
}

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
