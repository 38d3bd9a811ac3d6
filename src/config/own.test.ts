import { describe, expect, it } from 'vitest';
import { own } from './own';

describe('own', () => {
  it('finds only what was stored under the key, never what objects inherit', () => {
    const map: Record<string, string> = JSON.parse('{"__proto__":"p","plain":"x"}') as Record<string, string>;
    expect(own(map, 'plain')).toBe('x');
    expect(own(map, '__proto__')).toBe('p');
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(own(map, key)).toBeUndefined();
  });
});
