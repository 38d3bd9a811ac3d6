import { describe, expect, it } from 'vitest';
import { readPlainJsonl } from './plain-jsonl';
import { entries, jsonlFile, photo } from '../../../test-support/question-sets';

const coffee = photo('coffee.png');
const text = photo('text.png');

describe('readPlainJsonl', () => {
  it('reads {id?, image, question, reference?, category?, context?}, images beside the file or in images/', () => {
    const read = readPlainJsonl([
      jsonlFile('my-set/set.jsonl', [
        { id: 'cup', image: 'coffee.png', question: '飲み物は何ですか？', reference: 'コーヒーです。', category: 'conv' },
        { image: 'sign.png', question: '何と書いてありますか？', context: '看板の写真' },
      ]),
      { path: 'my-set/coffee.png', bytes: coffee },
      { path: 'my-set/images/sign.png', bytes: text },
    ]);
    expect(read.report.ok).toBe(true);
    expect(read.name).toBe('my-set');
    // The bytes are the dropped files' own (compared by identity: a deep compare of photos is slow).
    expect(read.items[0]!.images[0]!.bytes).toBe(coffee);
    expect(read.items[1]!.images[0]!.bytes).toBe(text);
    expect(read.items.map(({ images, ...rest }) => ({ ...rest, images: images.map((i) => i.name) }))).toEqual([
      {
        id: 'cup',
        question: '飲み物は何ですか？',
        images: ['coffee.png'],
        reference: 'コーヒーです。',
        context: null,
        category: 'conv',
        meta: {},
        source: { file: 'my-set/set.jsonl', line: 1 },
      },
      {
        id: 'line-2',
        question: '何と書いてありますか？',
        images: ['sign.png'],
        reference: null,
        context: '看板の写真',
        category: null,
        meta: {},
        source: { file: 'my-set/set.jsonl', line: 2 },
      },
    ]);
    expect(entries(read)).toEqual([
      ['warning', 'no-reference', null, { count: 1 }],
      ['note', 'used-file', null, {}],
    ]);
  });

  it('reports bad lines, duplicate ids, missing and empty images, and too-long text', () => {
    const read = readPlainJsonl([
      jsonlFile('set.jsonl', [
        { id: 1, image: 'coffee.png', question: 'a' },
        { id: '1', image: 'coffee.png', question: 'b' },
        { id: 2.5, image: 'coffee.png', question: 'c' },
        { id: 3, image: 'gone.png', question: 'd' },
        { id: 4, image: 'empty.png', question: 'e' },
        { id: 5, image: 'coffee.png', question: 'x'.repeat(200_001) },
        { id: 6, image: 'coffee.png', question: '   ' },
        { id: 7, image: 'C:/Windows/win.ini', question: 'f', note: 'n' },
      ]),
      { path: 'coffee.png', bytes: coffee },
      { path: 'empty.png', bytes: new Uint8Array(0) },
    ]);
    expect(read.report.ok).toBe(false);
    expect(entries(read)).toEqual([
      ['error', 'duplicate-id', 2, { id: '1', firstLine: 1 }],
      ['error', 'wrong-type', 3, { field: 'id', expected: 'string-or-integer' }],
      ['error', 'missing-image', 4, { image: 'gone.png' }],
      ['error', 'empty-image', 5, { image: 'empty.png' }],
      ['error', 'too-long', 6, { field: 'question', max: 200_000 }],
      ['error', 'missing-field', 7, { field: 'question' }],
      ['error', 'unsafe-path', 8, { image: 'C:/Windows/win.ini' }],
      ['warning', 'no-reference', null, { count: 1 }],
      ['note', 'used-file', null, {}],
      ['note', 'unknown-field', null, { field: 'note', lines: 1 }],
    ]);
  });

  it('asks which file when several JSONL files are dropped', () => {
    const files = [jsonlFile('a.jsonl', []), jsonlFile('b.jsonl', [])];
    expect(entries(readPlainJsonl(files))).toEqual([['error', 'several-files', null, { role: 'questions', files: 'a.jsonl, b.jsonl' }]]);
    expect(entries(readPlainJsonl(files, { file: 'a.jsonl' }))[0]).toEqual(['error', 'no-items', null, {}]);
  });
});
