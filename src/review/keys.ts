// The annotation queue's keyboard map, as a pure function of the key event so it can be tested without a
// browser. Physical keys (`event.code`) come first: the tag keys are a row of the keyboard, and a Japanese
// IME left on (or a non-QWERTY layout) changes `event.key` but not `event.code`.
import type { Score } from '../records';

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

export type QueueAction =
  | { type: 'score'; score: Score }
  | { type: 'clear-score' }
  | { type: 'tag'; index: number }
  | { type: 'note' }
  | { type: 'leave-note' }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'undo' };

export interface KeyInput {
  key: string;
  code: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
}

export interface KeyContext {
  /** Focus is in a text field (the note): keys type text there. */
  inText: boolean;
  /** How many tags have a key (at most TAG_KEYS.length). */
  tagCount: number;
}

/** The letter a physical key stands for on a QWERTY keyboard ('KeyQ' -> 'q'), else the key itself. */
function letterOf(e: KeyInput): string {
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? (m[1] as string).toLowerCase() : e.key.length === 1 ? e.key.toLowerCase() : '';
}

function digitOf(e: KeyInput): number | null {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  if (m) return Number(m[1]);
  return /^[0-9]$/.test(e.key) ? Number(e.key) : null;
}

export function queueKeyAction(e: KeyInput, context: KeyContext): QueueAction | null {
  // Enter that confirms an IME conversion is not ours.
  if (e.isComposing || e.key === 'Process') return null;
  const command = e.ctrlKey || e.metaKey;
  if (context.inText) {
    if (e.key === 'Escape') return { type: 'leave-note' };
    if (command && e.key === 'Enter') return { type: 'next' };
    return null;
  }
  if (e.altKey) return null;
  if (command) return letterOf(e) === 'z' ? { type: 'undo' } : null;
  if (e.key === 'Enter' || e.key === 'ArrowRight') return { type: 'next' };
  if (e.key === 'ArrowLeft') return { type: 'prev' };
  const digit = digitOf(e);
  if (digit !== null) {
    if (digit >= 1 && digit <= 5) return { type: 'score', score: digit as Score };
    return digit === 0 ? { type: 'clear-score' } : null;
  }
  const letter = letterOf(e);
  if (letter === 'n') return { type: 'note' };
  if (letter === 'z') return { type: 'undo' };
  const index = (TAG_KEYS as readonly string[]).indexOf(letter);
  return index >= 0 && index < context.tagCount ? { type: 'tag', index } : null;
}

/** The key shown next to the i-th tag, or null when it has none. */
export function tagKey(index: number): string | null {
  return TAG_KEYS[index]?.toUpperCase() ?? null;
}
