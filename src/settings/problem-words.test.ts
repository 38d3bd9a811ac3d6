import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../config/endpoints';
import { translator } from '../i18n';
import { configProblemWords } from './problem-words';

function problemOf(text: string) {
  const result = parseRuntimeConfig(text);
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

describe('config.json problems in words', () => {
  const many = JSON.stringify({ endpoints: Array.from({ length: 10_000 }, (_, i) => ({ id: `e${i}`, label: 'E', url: '/v1' })) });
  const credentials = JSON.stringify({ endpoints: [{ id: 'x', label: 'X', protocol: 'openai-chat', url: 'https://u:hunter2@h/v1' }] });

  it('name the limit and the count, in both languages', () => {
    expect(configProblemWords(translator('en'), problemOf(many))).toBe(
      'it lists 10000 endpoints, and at most 50 can be used. List 50 or fewer.',
    );
    expect(configProblemWords(translator('ja'), problemOf(many))).toContain('10000 個');
    expect(configProblemWords(translator('ja'), problemOf(many))).toContain('50 個まで');
  });

  it('say why a URL with a password is refused, without the password', () => {
    for (const lang of ['en', 'ja'] as const) {
      const words = configProblemWords(translator(lang), problemOf(credentials));
      expect(words).toContain('endpoints[0].url');
      expect(words).toContain('user:password@host');
      expect(words).not.toContain('hunter2');
    }
  });
});
