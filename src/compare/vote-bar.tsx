// The vote on one pair of answers: A better / B better / tie / both bad, optional reason tags and a note. Used
// by the compare screen (under each turn) and the pairwise queue. Clicks here; keys are handled by the screen
// around it (vote-keys.ts), which knows which pair they are for.
import type { RefObject } from 'react';
import type { MessageKey } from '../i18n';
import { VOTE_CHOICES, type VoteChoice } from '../records';
import { useT } from '../store/use-t';
import { CHOICE_KEYS, REASON_KEYS } from './vote-keys';

/** Reasons offered with a vote (their words are the `compare.reason.<name>` messages). */
export const VOTE_REASONS = ['accurate', 'detailed', 'japanese', 'hallucination', 'instructions', 'reading'] as const;

const CHOICE_WORDS: Record<VoteChoice, MessageKey> = {
  a: 'compare.vote.a',
  b: 'compare.vote.b',
  tie: 'compare.vote.tie',
  'both-bad': 'compare.vote.bothBad',
};

export interface VoteBarProps {
  /** The letters of the two sides, as shown ("A", "B"; "A", "C" with more sides). */
  letters: readonly [string, string];
  choice: VoteChoice | null;
  reasons: readonly string[];
  note: string;
  onChoice: (choice: VoteChoice) => void;
  onReason: (reason: string) => void;
  onNote: (note: string) => void;
  /** Identity words found in the answers: the vote is (or will be) flagged. */
  identityWords: readonly string[];
  disabled?: boolean;
  /** Show the keys beside the buttons. */
  keys?: boolean;
  noteRef?: RefObject<HTMLTextAreaElement | null>;
}

export function VoteBar(p: VoteBarProps) {
  const t = useT();
  const [x, y] = p.letters;
  return (
    <section className="vote-bar" data-testid="vote-bar" data-choice={p.choice ?? ''} aria-label={t('compare.vote.title', { a: x, b: y })}>
      <div className="vote-choices" role="group" aria-label={t('compare.vote.title', { a: x, b: y })}>
        {VOTE_CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            className={`vote-choice vote-${choice}`}
            aria-pressed={p.choice === choice}
            disabled={p.disabled}
            onClick={() => p.onChoice(choice)}
            data-testid={`vote-${choice}`}
          >
            {p.keys && <kbd>{CHOICE_KEYS[choice]}</kbd>} {t(CHOICE_WORDS[choice], { a: x, b: y })}
          </button>
        ))}
      </div>
      <div className="vote-reasons" role="group" aria-label={t('compare.vote.reasons')}>
        <span className="muted small">{t('compare.vote.reasons')}</span>
        {VOTE_REASONS.map((reason, i) => (
          <button
            key={reason}
            type="button"
            className="tag-chip"
            aria-pressed={p.reasons.includes(reason)}
            disabled={p.disabled}
            onClick={() => p.onReason(reason)}
            data-testid={`vote-reason-${reason}`}
          >
            {p.keys && <kbd>{REASON_KEYS[i]}</kbd>}
            {t(`compare.reason.${reason}`)}
          </button>
        ))}
      </div>
      <label className="vote-note">
        <span className="muted small">
          {p.keys && <kbd>N</kbd>} {t('compare.vote.note')}
        </span>
        <textarea
          ref={p.noteRef}
          rows={1}
          maxLength={5000}
          value={p.note}
          disabled={p.disabled}
          onChange={(e) => p.onNote(e.target.value)}
          data-testid="vote-note"
        />
      </label>
      {p.identityWords.length > 0 && (
        <p className="notice notice-warning small" data-testid="vote-flag">
          {t('compare.vote.flagged', { words: p.identityWords.join(', ') })}
        </p>
      )}
    </section>
  );
}
