import { describe, expect, it } from 'vitest';
import { readHeronSet } from './heron';
import { codesOf, entries, jsonlFile, photo, textFile } from '../../../test-support/question-sets';
import type { SourceFile } from './types';

const rocket = photo('rocket.jpg');
const horse = photo('horse.png');

/** A Heron-Bench-shaped folder: 4 questions on 2 images, context, the GPT-4 reference and one model's answers. */
function heronFolder(overrides: Partial<Record<string, SourceFile | null>> = {}): SourceFile[] {
  const files: Record<string, SourceFile | null> = {
    questions: jsonlFile('japanese-heron-bench/questions_ja.jsonl', [
      { question_id: 0, image: '001.jpg', category: 'conv', image_category: 'traffic', text: 'これは何の乗り物ですか？' },
      { question_id: 1, image: '001.jpg', category: 'detail', image_category: 'traffic', text: 'この画像を詳しく説明してください。' },
      { question_id: 2, image: '002.png', category: 'complex', image_category: 'landscape', text: 'この馬はどこにいると思いますか？' },
      { question_id: 3, image: '002.png', category: 'conv', image_category: 'landscape', text: '馬は何頭いますか？' },
    ]),
    context: jsonlFile('japanese-heron-bench/context_ja.jsonl', [
      { id: '001', image: '001.jpg', caption: '打ち上げられるロケット。' },
      { id: '002', image: '002.png', caption: '草原に立つ一頭の馬。' },
    ]),
    reference: jsonlFile(
      'japanese-heron-bench/answers_gpt4.jsonl',
      [0, 1, 2, 3].map((i) => ({
        question_id: i,
        images: i < 2 ? '001.jpg' : '002.png',
        image_category: 'x',
        prompt: 'q',
        answer_id: '',
        model_id: 'gpt-4-0125-preview',
        text: `参照回答${i}`,
      })),
    ),
    model: jsonlFile('japanese-heron-bench/claude3_0404_ja.jsonl', [
      { question_id: 0, images: '001.jpg', answer_id: '', model_id: 'claude-3', text: '別のモデル' },
    ]),
    readme: textFile('japanese-heron-bench/README.md', '# Japanese-Heron-Bench'),
    img1: { path: 'japanese-heron-bench/images/001.jpg', bytes: rocket },
    img2: { path: 'japanese-heron-bench/images/002.png', bytes: horse },
    ...overrides,
  };
  return Object.values(files).filter((f): f is SourceFile => f !== null);
}

describe('readHeronSet', () => {
  it('reads a Heron-Bench folder: questions, captions by image, GPT-4 references by question id, images from images/', () => {
    const read = readHeronSet(heronFolder());
    expect(read.report.ok).toBe(true);
    expect(read.format).toBe('heron');
    expect(read.name).toBe('japanese-heron-bench');
    expect(read.items.map((i) => [i.id, i.category, i.images[0]!.name, i.context, i.reference])).toEqual([
      ['0', 'conv', '001.jpg', '打ち上げられるロケット。', '参照回答0'],
      ['1', 'detail', '001.jpg', '打ち上げられるロケット。', '参照回答1'],
      ['2', 'complex', '002.png', '草原に立つ一頭の馬。', '参照回答2'],
      ['3', 'conv', '002.png', '草原に立つ一頭の馬。', '参照回答3'],
    ]);
    expect(read.items[0]!.question).toBe('これは何の乗り物ですか？');
    expect(read.items[0]!.meta).toEqual({ image_category: 'traffic' });
    expect(read.items[0]!.source).toEqual({ file: 'japanese-heron-bench/questions_ja.jsonl', line: 1 });
    // Two questions on one image share its bytes.
    expect(read.items[0]!.images[0]!.bytes).toBe(rocket);
    expect(read.items[1]!.images[0]!.bytes).toBe(rocket);
    expect(read.report.entries.map((e) => [e.code, e.file])).toEqual([
      ['used-file', 'japanese-heron-bench/answers_gpt4.jsonl'],
      ['ignored-file', 'japanese-heron-bench/claude3_0404_ja.jsonl'],
      ['used-file', 'japanese-heron-bench/context_ja.jsonl'],
      ['used-file', 'japanese-heron-bench/questions_ja.jsonl'],
      ['ignored-file', 'japanese-heron-bench/README.md'],
    ]);
  });

  it('reads LLaVA-Bench names and images beside the files too, without context or references', () => {
    const read = readHeronSet([
      jsonlFile('questions.jsonl', [{ question_id: 'a', image: 'horse.png', category: 'conv', text: 'What is this?' }]),
      { path: 'horse.png', bytes: horse },
    ]);
    expect(read.report.ok).toBe(true);
    expect(read.items[0]).toMatchObject({ id: 'a', context: null, reference: null });
    expect(read.report.entries).toContainEqual({ severity: 'warning', code: 'no-reference', params: { count: 1 } });
  });

  it('reports every bad line with its number and reason, and then is not ok', () => {
    const read = readHeronSet(
      heronFolder({
        questions: jsonlFile('japanese-heron-bench/questions_ja.jsonl', [
          { question_id: 0, image: '001.jpg', category: 'conv', text: 'ok' },
          '{"question_id": 1, "image": ',
          { question_id: 2, image: '001.jpg', category: 'conv' },
          { question_id: 0, image: '002.png', category: 'conv', text: 'dup' },
          { question_id: 4, image: '404.jpg', category: 'conv', text: 'no image' },
          { question_id: 5, image: '../../etc/passwd', category: 'conv', text: 'escape' },
          { question_id: 6, image: 7, text: 'wrong type', extra: true },
          '[1, 2]',
        ]),
      }),
    );
    expect(read.report.ok).toBe(false);
    expect(entries(read).filter(([severity]) => severity === 'error')).toEqual([
      ['error', 'bad-json', 2, {}],
      ['error', 'missing-field', 3, { field: 'text' }],
      ['error', 'duplicate-id', 4, { id: '0', firstLine: 1 }],
      ['error', 'missing-image', 5, { image: '404.jpg' }],
      ['error', 'unsafe-path', 6, { image: '../../etc/passwd' }],
      ['error', 'wrong-type', 7, { field: 'image', expected: 'string' }],
      ['error', 'not-an-object', 8, {}],
    ]);
    expect(read.report.entries).toContainEqual({
      severity: 'note',
      code: 'unknown-field',
      file: 'japanese-heron-bench/questions_ja.jsonl',
      params: { field: 'extra', lines: 1 },
    });
  });

  it('warns about answers to no question, captions missing for an image, and duplicates', () => {
    const read = readHeronSet(
      heronFolder({
        context: jsonlFile('japanese-heron-bench/context_ja.jsonl', [
          { image: '001.jpg', caption: 'ロケット' },
          { image: '001.jpg', caption: 'もう一度' },
        ]),
        reference: jsonlFile('japanese-heron-bench/answers_gpt4.jsonl', [
          { question_id: 0, text: 'r0' },
          { question_id: 1, text: 'r1' },
          { question_id: 2, text: 'r2' },
          { question_id: 3, text: 'r3' },
          { question_id: 99, text: 'orphan' },
        ]),
      }),
    );
    expect(read.report.ok).toBe(true);
    expect(entries(read).filter(([severity]) => severity === 'warning')).toEqual([
      ['warning', 'unmatched-answer', 5, { id: '99' }],
      ['warning', 'no-context', null, { count: 2 }],
      ['warning', 'duplicate-context', 2, { key: '001.jpg' }],
    ]);
  });

  it('asks which file is the reference when several answer files could be, and takes the one named', () => {
    const files = heronFolder({
      reference: jsonlFile('japanese-heron-bench/answers_mine.jsonl', [{ question_id: 0, answer_id: 'x', text: 'r' }]),
    });
    const ambiguous = readHeronSet(files);
    expect(ambiguous.report.ok).toBe(false);
    expect(ambiguous.report.entries[0]).toMatchObject({ code: 'several-files', params: { role: 'reference' } });
    const chosen = readHeronSet(files, { reference: 'japanese-heron-bench/answers_mine.jsonl' });
    expect(chosen.report.ok).toBe(true);
    expect(chosen.items[0]!.reference).toBe('r');
    expect(readHeronSet(files, { reference: 'nope.jsonl' }).report.entries[0]).toMatchObject({ code: 'file-not-found' });
  });

  it('refuses a questions file that is not UTF-8, and a drop without questions', () => {
    const latin1 = { path: 'questions_ja.jsonl', bytes: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]) };
    expect(codesOf(readHeronSet([latin1]), 'error')).toEqual(['not-utf8']);
    expect(codesOf(readHeronSet([textFile('notes.txt', 'x')]), 'error')).toEqual(['no-question-file']);
  });
});
