import { describe, expect, it } from 'vitest';
import { GrowingSplit, splitBlocks } from './markdown';

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

describe('GrowingSplit', () => {
  const answer = [
    '# Title',
    '',
    'Intro with **bold**',
    'and a second line.',
    '1. one',
    '   more',
    '2. two',
    '',
    '```ts',
    'const a = 1;',
    '',
    '- not a list item',
    '```',
    '',
    '~~~',
    'tilde fence',
    '~~~',
    '- x',
    '* y',
    '',
    '',
    'The end.',
    '',
  ].join('\n');

  it('gives what splitBlocks gives for every length of a streamed answer, one character at a time', () => {
    const split = new GrowingSplit();
    for (let n = 0; n <= answer.length; n++) {
      const text = answer.slice(0, n);
      const { finished, tail } = split.split(text);
      expect([...finished, ...tail], JSON.stringify(text)).toEqual(splitBlocks(text));
    }
  });

  it('keeps the finished blocks (the same array) until one is added, and starts over when the text is replaced', () => {
    const split = new GrowingSplit();
    const a = split.split('one\n\ntw').finished;
    expect(split.split('one\n\ntwo and').finished).toBe(a);
    expect(a).toEqual(['one']);
    const b = split.split('one\n\ntwo and\n\nthree').finished;
    expect(b).toEqual(['one', 'two and']);
    expect(split.split('other\n\nx')).toEqual({ finished: ['other'], tail: ['x'] });
  });
});
