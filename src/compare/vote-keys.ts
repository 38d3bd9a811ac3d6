// The voting keyboard, for the compare screen and the pairwise queue, as a pure function of the key event.
// Physical keys (`event.code`) come first, so a Japanese IME left on or another layout changes nothing.
//   1 or A: A is better   2 or B: B is better   3 or T: tie   4 or X: both bad
//   5 6 7 8 9 0: the reason tags, in order   N: the note (Esc leaves it)
//   Enter or →: next pair   ←: previous pair   Z: undo (the queue only)
import type { VoteChoice } from '../records';
import { digitOf, letterOf, sharedKeyAction, type KeyInput, type SharedKeyAction } from '../ui/queue-keys';

export type VoteAction = { type: 'vote'; choice: VoteChoice } | { type: 'reason'; index: number } | SharedKeyAction;

/** The keys of the reason tags, in order. */
export const REASON_KEYS = ['5', '6', '7', '8', '9', '0'] as const;

export const CHOICE_KEYS: Record<VoteChoice, string> = { a: '1', b: '2', tie: '3', 'both-bad': '4' };

const LETTER_CHOICES: Record<string, VoteChoice> = { a: 'a', b: 'b', t: 'tie', x: 'both-bad' };
const DIGIT_CHOICES: Record<number, VoteChoice> = { 1: 'a', 2: 'b', 3: 'tie', 4: 'both-bad' };

export function voteKeyAction(e: KeyInput, context: { inText: boolean; reasonCount: number }): VoteAction | null {
  const shared = sharedKeyAction(e, context.inText);
  if (shared !== 'own') return shared;
  const digit = digitOf(e);
  if (digit !== null) {
    const choice = DIGIT_CHOICES[digit];
    if (choice) return { type: 'vote', choice };
    const index = (REASON_KEYS as readonly string[]).indexOf(String(digit));
    return index >= 0 && index < context.reasonCount ? { type: 'reason', index } : null;
  }
  const choice = LETTER_CHOICES[letterOf(e)];
  return choice ? { type: 'vote', choice } : null;
}
