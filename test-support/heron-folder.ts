// A Heron-Bench folder on disk, as published (shared/EVAL-FORMATS.md): questions, context, reference answers and
// images/ from the fixture photos. For the e2e suites (through e2e/support/question-sets.ts) and the screenshots.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photoPath } from './images';

export interface SetQuestion {
  id: number;
  image: string;
  category: 'conv' | 'detail' | 'complex';
  text: string;
  reference: string;
}

export const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

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
  for (const image of images) copyFileSync(photoPath(image), path.join(dir, 'images', image));
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
