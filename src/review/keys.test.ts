import { describe, expect, it } from 'vitest';
import { queueKeyAction, tagKey, TAG_KEYS } from './keys';

const ctx = { inText: false, tagCount: 7 };
const key = (k: string, code = '', extra: object = {}) => ({ key: k, code, ...extra });

describe('queueKeyAction', () => {
  it('maps 1-5 to scores, from the number row and the keypad, and 0 clears', () => {
    expect(queueKeyAction(key('1', 'Digit1'), ctx)).toEqual({ type: 'score', score: 1 });
    expect(queueKeyAction(key('5', 'Numpad5'), ctx)).toEqual({ type: 'score', score: 5 });
    expect(queueKeyAction(key('0', 'Digit0'), ctx)).toEqual({ type: 'clear-score' });
    expect(queueKeyAction(key('6', 'Digit6'), ctx)).toBeNull();
  });

  it('reads the physical key, so a Japanese layout or an IME left on still works', () => {
    expect(queueKeyAction(key('ｑ', 'KeyQ'), ctx)).toEqual({ type: 'tag', index: 0 });
    expect(queueKeyAction(key('ぬ', 'Digit1'), ctx)).toEqual({ type: 'score', score: 1 });
    // Without a code (synthetic events), the key itself.
    expect(queueKeyAction(key('W'), ctx)).toEqual({ type: 'tag', index: 1 });
  });

  it('maps navigation, note and undo', () => {
    expect(queueKeyAction(key('Enter', 'Enter'), ctx)).toEqual({ type: 'next' });
    expect(queueKeyAction(key('ArrowRight', 'ArrowRight'), ctx)).toEqual({ type: 'next' });
    expect(queueKeyAction(key('ArrowLeft', 'ArrowLeft'), ctx)).toEqual({ type: 'prev' });
    expect(queueKeyAction(key('n', 'KeyN'), ctx)).toEqual({ type: 'note' });
    expect(queueKeyAction(key('z', 'KeyZ'), ctx)).toEqual({ type: 'undo' });
    expect(queueKeyAction(key('z', 'KeyZ', { ctrlKey: true }), ctx)).toEqual({ type: 'undo' });
    expect(queueKeyAction(key('z', 'KeyZ', { metaKey: true }), ctx)).toEqual({ type: 'undo' });
  });

  it('leaves browser shortcuts and IME confirmation alone', () => {
    expect(queueKeyAction(key('r', 'KeyR', { ctrlKey: true }), ctx)).toBeNull();
    expect(queueKeyAction(key('1', 'Digit1', { altKey: true }), ctx)).toBeNull();
    expect(queueKeyAction(key('Enter', 'Enter', { isComposing: true }), ctx)).toBeNull();
    expect(queueKeyAction(key('Process', 'KeyQ'), ctx)).toBeNull();
  });

  it('only tags that exist have keys', () => {
    expect(queueKeyAction(key('u', 'KeyU'), { inText: false, tagCount: 7 })).toEqual({ type: 'tag', index: 6 });
    expect(queueKeyAction(key('i', 'KeyI'), { inText: false, tagCount: 7 })).toBeNull();
  });

  it('in the note, keys type text; Escape leaves and Ctrl+Enter moves on', () => {
    const inText = { inText: true, tagCount: 7 };
    expect(queueKeyAction(key('q', 'KeyQ'), inText)).toBeNull();
    expect(queueKeyAction(key('1', 'Digit1'), inText)).toBeNull();
    expect(queueKeyAction(key('Enter', 'Enter'), inText)).toBeNull();
    expect(queueKeyAction(key('Escape', 'Escape'), inText)).toEqual({ type: 'leave-note' });
    expect(queueKeyAction(key('Enter', 'Enter', { ctrlKey: true }), inText)).toEqual({ type: 'next' });
  });

  it('gives tag keys that never collide with the other commands', () => {
    expect(new Set(TAG_KEYS).size).toBe(TAG_KEYS.length);
    expect(TAG_KEYS).not.toContain('n');
    expect(TAG_KEYS).not.toContain('z');
    expect(tagKey(0)).toBe('Q');
    expect(tagKey(TAG_KEYS.length)).toBeNull();
  });
});
