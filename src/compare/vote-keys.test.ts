import { describe, expect, it } from 'vitest';
import { voteKeyAction } from './vote-keys';

const keys = { inText: false, reasonCount: 6 };
const press = (key: string, code = '', extra = {}) => voteKeyAction({ key, code, ...extra }, keys);

describe('voteKeyAction', () => {
  it('votes with digits or letters, by physical key whatever the layout or IME', () => {
    expect(press('1', 'Digit1')).toEqual({ type: 'vote', choice: 'a' });
    expect(press('b', 'KeyB')).toEqual({ type: 'vote', choice: 'b' });
    expect(press('ｔ', 'KeyT')).toEqual({ type: 'vote', choice: 'tie' });
    expect(press('4', 'Numpad4')).toEqual({ type: 'vote', choice: 'both-bad' });
    expect(press('x', 'KeyX')).toEqual({ type: 'vote', choice: 'both-bad' });
  });

  it('toggles reasons with 5-0, only as many as there are', () => {
    expect(press('5', 'Digit5')).toEqual({ type: 'reason', index: 0 });
    expect(press('0', 'Digit0')).toEqual({ type: 'reason', index: 5 });
    expect(voteKeyAction({ key: '0', code: 'Digit0' }, { inText: false, reasonCount: 2 })).toBeNull();
  });

  it('moves, notes and undoes; leaves the note with Escape; ignores IME composition and modifiers', () => {
    expect(press('Enter', 'Enter')).toEqual({ type: 'next' });
    expect(press('ArrowLeft', 'ArrowLeft')).toEqual({ type: 'prev' });
    expect(press('n', 'KeyN')).toEqual({ type: 'note' });
    expect(press('z', 'KeyZ', { metaKey: true })).toEqual({ type: 'undo' });
    expect(press('Enter', 'Enter', { isComposing: true })).toBeNull();
    expect(press('a', 'KeyA', { altKey: true })).toBeNull();
    expect(press('c', 'KeyC', { ctrlKey: true })).toBeNull();
    expect(voteKeyAction({ key: '1', code: 'Digit1' }, { inText: true, reasonCount: 6 })).toBeNull();
    expect(voteKeyAction({ key: 'Escape', code: 'Escape' }, { inText: true, reasonCount: 6 })).toEqual({ type: 'leave-note' });
  });
});
