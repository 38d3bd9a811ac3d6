import { describe, expect, it } from 'vitest';
import { translator } from './index';

describe('translator', () => {
  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(translator('en')('composer.remove', { name: 'a.jpg' })).toBe('Remove a.jpg');
    expect(translator('ja')('composer.remove')).toContain('{name}');
  });
});
