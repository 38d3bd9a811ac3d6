import { describe, expect, it } from 'vitest';
import { limitCompletion, splitTokens } from './tokens.ts';

describe('splitTokens', () => {
  it('splits Latin text into words carrying their leading whitespace', () => {
    expect(splitTokens('Hello big  world.\n- item')).toEqual(['Hello', ' big', '  world.', '\n-', ' item']);
  });

  it('splits Japanese into one- or two-character pieces', () => {
    expect(splitTokens('画像から測れたこと')).toEqual(['画像', 'から', '測れ', 'たこ', 'と']);
  });

  it('loses nothing', () => {
    const text = 'サイズ 768×1024、**画像 1**：\n  - 主な色：赤 100%  ';
    expect(splitTokens(text).join('')).toBe(text);
  });
});

describe('limitCompletion', () => {
  it('stops at max_tokens with finish reason length', () => {
    expect(limitCompletion('one two three', 2, [])).toEqual({ tokens: ['one', ' two'], finishReason: 'length' });
    expect(limitCompletion('one two', 2, [])).toEqual({ tokens: ['one', ' two'], finishReason: 'stop' });
    expect(limitCompletion('one two', 0, [])).toEqual({ tokens: [], finishReason: 'length' });
  });

  it('cuts at the first stop sequence', () => {
    expect(limitCompletion('one two. three', null, ['.', 'three']).tokens.join('')).toBe('one two');
  });
});
