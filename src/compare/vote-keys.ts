// The voting keyboard, for the compare screen and the pairwise queue, as a pure function of the key event.
// Physical keys (`event.code`) come first, so a Japanese IME left on or another layout changes nothing.
//   1 or A: A is better   2 or B: B is better   3 or T: tie   4 or X: both bad
//   5 6 7 8 9 0: the reason tags, in order   N: the note (Esc leaves it)
//   Enter or →: next pair   ←: previous pair   Z: undo (the queue only)
import type { VoteChoice } from '../records';

export type VoteAction =
  | { type: 'vote'; choice: VoteChoice }
  | { type: 'reason'; index: number }
  | { type: 'note' }
  | { type: 'leave-note' }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'undo' };

export interface VoteKey {
  key: string;
  code: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
}

/** The keys of the reason tags, in order. */
export const REASON_KEYS = ['5', '6', '7', '8', '9', '0'] as const;

export const CHOICE_KEYS: Record<VoteChoice, string> = { a: '1', b: '2', tie: '3', 'both-bad': '4' };

const LETTER_CHOICES: Record<string, VoteChoice> = { a: 'a', b: 'b', t: 'tie', x: 'both-bad' };
const DIGIT_CHOICES: Record<string, VoteChoice> = { '1': 'a', '2': 'b', '3': 'tie', '4': 'both-bad' };

function letterOf(e: VoteKey): string {
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? (m[1] as string).toLowerCase() : e.key.length === 1 ? e.key.toLowerCase() : '';
}

function digitOf(e: VoteKey): string | null {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  if (m) return m[1] as string;
  return /^[0-9]$/.test(e.key) ? e.key : null;
}

export function voteKeyAction(e: VoteKey, context: { inText: boolean; reasonCount: number }): VoteAction | null {
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
    const choice = DIGIT_CHOICES[digit];
    if (choice) return { type: 'vote', choice };
    const index = (REASON_KEYS as readonly string[]).indexOf(digit);
    return index >= 0 && index < context.reasonCount ? { type: 'reason', index } : null;
  }
  const letter = letterOf(e);
  if (letter === 'n') return { type: 'note' };
  if (letter === 'z') return { type: 'undo' };
  const choice = LETTER_CHOICES[letter];
  return choice ? { type: 'vote', choice } : null;
}
