// The annotation queue's keyboard map, as a pure function of the key event so it can be tested without a
// browser. Physical keys (`event.code`) come first: the tag keys are a row of the keyboard, and a Japanese
// IME left on (or a non-QWERTY layout) changes `event.key` but not `event.code`.
import type { Score } from '../records';
import { digitOf, letterOf, sharedKeyAction, type KeyInput, type SharedKeyAction } from '../ui/queue-keys';

/** Tag shortcuts in order: the top letter row, then the home row, then the bottom row; N and Z are taken. */
export const TAG_KEYS = [
  'q',
  'w',
  'e',
  'r',
  't',
  'y',
  'u',
  'i',
  'o',
  'p',
  'a',
  's',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'x',
  'c',
  'v',
  'b',
  'm',
] as const;

export type QueueAction = { type: 'score'; score: Score } | { type: 'clear-score' } | { type: 'tag'; index: number } | SharedKeyAction;

export interface KeyContext {
  /** Focus is in a text field (the note): keys type text there. */
  inText: boolean;
  /** How many tags have a key (at most TAG_KEYS.length). */
  tagCount: number;
}

export function queueKeyAction(e: KeyInput, context: KeyContext): QueueAction | null {
  const shared = sharedKeyAction(e, context.inText);
  if (shared !== 'own') return shared;
  const digit = digitOf(e);
  if (digit !== null) {
    if (digit >= 1 && digit <= 5) return { type: 'score', score: digit as Score };
    return digit === 0 ? { type: 'clear-score' } : null;
  }
  const index = (TAG_KEYS as readonly string[]).indexOf(letterOf(e));
  return index >= 0 && index < context.tagCount ? { type: 'tag', index } : null;
}

/** The key shown next to the i-th tag, or null when it has none. */
export function tagKey(index: number): string | null {
  return TAG_KEYS[index]?.toUpperCase() ?? null;
}
