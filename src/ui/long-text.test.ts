import { describe, expect, it } from 'vitest';
import { isolate, preview, RUN_PIECE, splitLongRuns } from './long-text';

const joined = (text: string) =>
  splitLongRuns(text)
    .map((s) => s.text)
    .join('');

describe('splitLongRuns', () => {
  it('leaves text without long unbroken runs as it is', () => {
    const prose = 'word '.repeat(2000);
    expect(splitLongRuns(prose)).toEqual([{ text: prose, piece: false }]);
    expect(splitLongRuns('short')).toEqual([{ text: 'short', piece: false }]);
  });

  it('cuts a long run into pieces no longer than the limit, and the pieces join back to the text exactly', () => {
    const text = `before ${'aあ1-'.repeat(75_000)} after`;
    const segments = splitLongRuns(text);
    expect(joined(text)).toBe(text);
    expect(segments[0]).toEqual({ text: 'before ', piece: false });
    expect(segments.at(-1)).toEqual({ text: ' after', piece: false });
    const pieces = segments.filter((s) => s.piece);
    expect(pieces.length).toBe(300);
    expect(Math.max(...pieces.map((p) => p.text.length))).toBeLessThanOrEqual(RUN_PIECE);
  });

  it('never separates a character from its combining mark, joiner, selector or surrogate half', () => {
    for (const unit of ['e\u0301', '😀', '👍🏽', '👩‍💻', '❤\ufe0f', 'ب']) {
      const text = unit.repeat(3000);
      const pieces = splitLongRuns(text).map((s) => s.text);
      expect(pieces.join('')).toBe(text);
      for (const p of pieces) expect(p.length % unit.length).toBe(0);
    }
  });

  it('cuts previews at a safe place too', () => {
    expect(preview('x'.repeat(10), 300)).toBe('x'.repeat(10));
    expect(preview('😀'.repeat(400), 301)).toBe('😀'.repeat(151));
  });
});

describe('isolate', () => {
  it('wraps text holding a bidi control or right-to-left letters in an isolate', () => {
    expect(isolate('Evil\u202e')).toBe('\u2068Evil\u202e\u2069');
    expect(isolate('نموذج')).toBe('\u2068نموذج\u2069');
    expect(isolate('מודל 2')).toBe('\u2068מודל 2\u2069');
  });

  it('leaves left-to-right text (Latin, Japanese, digits, punctuation) as it is', () => {
    expect(isolate('Demo endpoint (not a model)')).toBe('Demo endpoint (not a model)');
    expect(isolate('たぬき 8B · v2')).toBe('たぬき 8B · v2');
  });
});
