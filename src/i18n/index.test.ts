import { describe, expect, it, vi } from 'vitest';
import { formatWhen, translator } from './index';

describe('translator', () => {
  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(translator('en')('composer.remove', { name: 'a.jpg' })).toBe('Remove a.jpg');
    expect(translator('ja')('composer.remove')).toContain('{name}');
  });
});

describe('loading the words', () => {
  // A fresh copy of the module: the test set-up has loaded every word into the shared one.
  const fresh = async () => {
    vi.resetModules();
    return import('./index');
  };

  it("brings a screen's words in every language in use, and the words in use into a language chosen later", async () => {
    const i18n = await fresh();
    const seen: number[] = [];
    i18n.onWordsLoaded(() => seen.push(i18n.wordsVersion()));
    await i18n.loadLanguage('en');
    expect(i18n.translator('en')('nav.chat')).toBe('Chat');
    expect(i18n.isMessageKey('settings.title')).toBe(false);

    await i18n.loadWords('settings');
    expect(i18n.translator('en')('settings.title')).toBe('Settings');
    // Japanese is not loaded yet: the English words stand in.
    expect(i18n.translator('ja')('settings.title')).toBe('Settings');

    await i18n.loadLanguage('ja');
    expect(i18n.translator('ja')('settings.title')).toBe('設定');
    expect(i18n.translator('ja')('nav.chat')).toBe('チャット');
    expect(seen.length).toBe(4);
  });
});

describe('formatWhen', () => {
  it('writes a moment in the interface language, with its year', () => {
    const iso = '2026-12-01T10:05:00Z';
    const local = new Date(iso);
    const hh = String(local.getHours()).padStart(2, '0');
    expect(formatWhen(iso, 'ja')).toBe(`2026/12/01 ${hh}:05`);
    expect(formatWhen(iso, 'en')).toBe(`01/12/2026, ${hh}:05`);
  });
});
