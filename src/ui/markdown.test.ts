import { describe, expect, it } from 'vitest';
import { splitBlocks } from './markdown';

describe('splitBlocks', () => {
  it('splits at blank lines but never inside a code fence', () => {
    const text = 'para one\n\n```\ncode\n\nstill code\n```\n\n- item';
    expect(splitBlocks(text)).toEqual(['para one', '```\ncode\n\nstill code\n```', '- item']);
  });
  it('starts a new block at each top-level list item, keeping indented continuation lines', () => {
    expect(splitBlocks('Intro\n1. one\n   more\n2. two\n- x')).toEqual(['Intro', '1. one\n   more', '2. two', '- x']);
  });
  it('keeps an unfinished last block (streaming)', () => {
    expect(splitBlocks('done\n\nstreami')).toEqual(['done', 'streami']);
  });
});
