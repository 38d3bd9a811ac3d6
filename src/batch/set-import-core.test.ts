import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ImageRejection } from '../images/checks';
import { jsonlFile, photo, textFile } from '../../test-support/question-sets';
import { previewImport, type ImportDeps } from './set-import-core';

/** The intake checks as the worker runs them, with decoding left out: PNG and JPEG pass, anything else is refused. */
const deps: ImportDeps = {
  async inspect(blob, name) {
    const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    if (head[0] === 0x89 && head[1] === 0x50) return { mime: 'image/png', width: 10, height: 10 };
    if (head[0] === 0xff && head[1] === 0xd8) return { mime: 'image/jpeg', width: 10, height: 10 };
    throw new ImageRejection('not-image', name, { bytes: blob.size });
  },
  sha256: async (bytes) => createHash('sha256').update(bytes).digest('hex'),
};

const questions = [
  { question_id: 0, image: 'rocket.jpg', category: 'conv', text: 'これは何？' },
  { question_id: 1, image: 'rocket.jpg', category: 'detail', text: '詳しく説明して' },
  { question_id: 2, image: 'coffee.png', category: 'complex', text: 'なぜ？' },
];

describe('previewImport', () => {
  it('gives items with their images hashed once, categories, and a clean report; tells how far the checks are', async () => {
    const progress: string[] = [];
    const preview = await previewImport(
      [
        jsonlFile('heron/questions_ja.jsonl', questions),
        jsonlFile(
          'heron/answers_gpt4.jsonl',
          questions.map((q) => ({ question_id: q.question_id, images: q.image, text: `ref ${q.question_id}` })),
        ),
        { path: 'heron/images/rocket.jpg', bytes: photo('rocket.jpg') },
        { path: 'heron/images/coffee.png', bytes: photo('coffee.png') },
      ],
      {},
      deps,
      (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    );
    expect(progress).toEqual(['checking 0/2', 'checking 1/2']);
    expect(preview.ok).toBe(true);
    expect(preview.format).toBe('heron');
    expect(preview.items.map((i) => [i.id, i.category, i.reference])).toEqual([
      ['0', 'conv', 'ref 0'],
      ['1', 'detail', 'ref 1'],
      ['2', 'complex', 'ref 2'],
    ]);
    expect(preview.images).toHaveLength(2);
    expect(preview.items[0]!.images[0]!.sha256).toBe(preview.items[1]!.images[0]!.sha256);
    expect(preview.items[0]!.images[0]!.mime).toBe('image/jpeg');
    expect(preview.categories).toEqual(['complex', 'conv', 'detail']);
  });

  it('refuses the whole set when an image does not pass the intake checks, saying which and how many questions name it', async () => {
    const preview = await previewImport(
      [
        jsonlFile('heron/questions_ja.jsonl', questions),
        textFile('heron/images/rocket.jpg', 'not a picture'),
        { path: 'heron/images/coffee.png', bytes: photo('coffee.png') },
      ],
      {},
      deps,
    );
    expect(preview.ok).toBe(false);
    expect(preview.imageProblems).toEqual([{ name: 'rocket.jpg', items: 2, rejection: expect.objectContaining({ code: 'not-image' }) }]);
    expect(preview.items.map((i) => i.id)).toEqual(['2']);
  });

  it('passes on the readers errors: nothing to store', async () => {
    const preview = await previewImport([textFile('notes.txt', 'hello')], {}, deps);
    expect(preview.ok).toBe(false);
    expect(preview.report.entries[0]?.code).toBe('no-question-file');
  });
});
