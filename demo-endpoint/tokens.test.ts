import { describe, expect, it } from 'vitest';
import { limitCompletion, limitTokens, splitTokens, unbrokenTokens } from './tokens.ts';

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

describe('the unbroken answer', () => {
  it('has exactly the characters asked for, no space, in tokens of 1,000, and max_tokens cuts it', () => {
    const tokens = unbrokenTokens(300_000);
    expect(tokens).toHaveLength(300);
    expect(tokens.join('')).toHaveLength(300_000);
    expect(tokens.join('')).not.toMatch(/\s/);
    expect(limitTokens(tokens, 10)).toMatchObject({ finishReason: 'length', tokens: tokens.slice(0, 10) });
    expect(limitTokens(tokens, null).finishReason).toBe('stop');
  });
});
