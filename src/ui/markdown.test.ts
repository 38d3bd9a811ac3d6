import { describe, expect, it } from 'vitest';
import { splitBlocks } from './markdown';

describe('splitBlocks', () => {
  it('splits at blank lines but never inside a code fence', () => {
    const text = 'para one\n\n```\ncode\n\nstill code\n```\n\n- item';
    expect(splitBlocks(text)).toEqual(['para one', '```\ncode\n\nstill code\n```', '- item']);
  });
  it('keeps an unfinished last block (streaming)', () => {
    expect(splitBlocks('done\n\nstreami')).toEqual(['done', 'streami']);
  });
});
