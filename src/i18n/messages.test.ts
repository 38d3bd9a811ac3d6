import { describe, expect, it } from 'vitest';
import { words as batchEn } from './en/batch';
import { words as compareEn } from './en/compare';
import { words as coreEn } from './en/core';
import { words as reviewEn } from './en/review';
import { words as settingsEn } from './en/settings';
import { words as batchJa } from './ja/batch';
import { words as compareJa } from './ja/compare';
import { words as coreJa } from './ja/core';
import { words as reviewJa } from './ja/review';
import { words as settingsJa } from './ja/settings';

const parts: Record<string, [Record<string, string>, Record<string, string>]> = {
  core: [coreEn, coreJa],
  review: [reviewEn, reviewJa],
  compare: [compareEn, compareJa],
  batch: [batchEn, batchJa],
  settings: [settingsEn, settingsJa],
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(parts))('the two dictionaries of %s', (_, [en, ja]) => {
  it('have the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders for each key', () => {
    expect(Object.keys(en).filter((key) => placeholders(en[key]!).join() !== placeholders(ja[key] ?? '').join())).toEqual([]);
  });

  // An exception's own text (English, a library's words) is never the sentence a person reads: it goes under
  // the words as a detail (src/ui/error-detail.tsx), so no message has a slot for it, under any of the names
  // such slots had.
  it('have no slot for an exception’s text', () => {
    const raw = ['error', 'detail', 'reason', 'message', 'cause'];
    const slots = Object.entries(en).filter(([, text]) => placeholders(text).some((p) => raw.includes(p!)));
    expect(slots).toEqual([]);
  });
});

it('no key is in two parts (a screen would show whichever part loaded last)', () => {
  const keys = Object.values(parts).flatMap(([en]) => Object.keys(en));
  expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
});
