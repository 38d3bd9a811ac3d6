// The pairwise review queue (a Review tab, #/review/pairs; the app composes it): pairs of stored answers to the
// same question and images from two different endpoints, served blind, one at a time, keyboard only. The
// state and the writes are in pair-data.ts; the position is stored, so a reload comes back to the same pair.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { questionOf, type AnswerRecord } from '../records';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { AnnotatorForm } from '../ui/annotator-form';
import { isTextField } from '../ui/queue-keys';
import { RichText } from '../ui/rich-text';
import { findIdentityWords } from './identity';
import { choose, commitNote, moveTo, openPairQueue, toggleReason, typeNote, undo, usePairQueue } from './pair-data';
import { QuestionView } from './question-view';
import { SideName } from './side-name';
import { VOTE_REASONS, VoteBar } from './vote-bar';
import { voteKeyAction } from './vote-keys';

function Answer({ record, letter, shown }: { record: AnswerRecord; letter: string; shown: boolean }) {
  return (
    <div className="compare-answer" data-testid="pair-answer" data-side={letter.toLowerCase()}>
      <div className="compare-answer-head">
        <SideName letter={letter} endpoint={shown ? record.endpoint : null} />
      </div>
      <div className="answer-text" data-testid="answer-text">
        <RichText text={record.output} />
      </div>
    </div>
  );
}

function Shortcuts() {
  const t = useT();
  return (
    <p className="queue-keys muted small" data-testid="pairs-keys">
      <kbd>1</kbd>/<kbd>A</kbd> {t('compare.key.a')} · <kbd>2</kbd>/<kbd>B</kbd> {t('compare.key.b')} · <kbd>3</kbd>/<kbd>T</kbd>{' '}
      {t('compare.key.tie')} · <kbd>4</kbd>/<kbd>X</kbd> {t('compare.key.bothBad')} · <kbd>5</kbd>–<kbd>0</kbd> {t('compare.key.reasons')} ·{' '}
      <kbd>N</kbd> {t('compare.key.note')} · <kbd>Enter</kbd>/<kbd>→</kbd> {t('review.queue.key.next')} · <kbd>←</kbd>{' '}
      {t('review.queue.key.prev')} · <kbd>Z</kbd> {t('review.queue.key.undo')}
    </p>
  );
}

export default function PairQueueView({ annotator }: { annotator: string }) {
  const t = useT();
  const { data, index, votes, draft, undoCount } = usePairQueue(
    useShallow((s) => ({ data: s.data, index: s.index, votes: s.votes, draft: s.draft, undoCount: s.undo.length })),
  );
  const noteRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (annotator) void openPairQueue(annotator);
  }, [annotator]);

  useEffect(() => {
    if (!annotator) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const { data: loaded, index: at } = usePairQueue.getState();
      if (!loaded) return;
      const action = voteKeyAction(e, { inText: isTextField(e.target), reasonCount: VOTE_REASONS.length });
      if (!action) return;
      const onPair = at < loaded.pairs.length;
      // Handled keys do only what they say (Enter on a focused button would otherwise click it too).
      e.preventDefault();
      if (action.type === 'next') moveTo(at + 1);
      else if (action.type === 'prev') moveTo(at - 1);
      else if (action.type === 'undo') undo();
      else if (action.type === 'leave-note') {
        if (e.target instanceof HTMLElement) e.target.blur();
        commitNote();
      } else if (!onPair) return;
      else if (action.type === 'note') noteRef.current?.focus();
      else if (action.type === 'vote') choose(action.choice);
      else toggleReason(VOTE_REASONS[action.index]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [annotator]);

  if (!annotator) {
    return (
      <div className="pair-queue">
        <AnnotatorForm t={t} autoFocus saveLabel={t('compare.startVoting')} onSave={(name) => useAppStore.getState().setAnnotator(name)} />
      </div>
    );
  }
  if (!data) {
    return (
      <p className="muted review-empty" role="status" data-testid="pairs-loading">
        {t('review.loading')}
      </p>
    );
  }
  const total = data.pairs.length;
  const voted = data.pairs.filter((p) => p.key in votes).length;
  const pair = data.pairs[index];
  const head = (
    <div className="queue-head">
      <button
        type="button"
        onClick={() => moveTo(index - 1)}
        disabled={index === 0}
        aria-label={t('review.queue.prev')}
        data-testid="pairs-prev"
      >
        ← <span className="label-wide">{t('review.queue.prev')}</span>
      </button>
      <div className="queue-progress-box">
        <span className="queue-progress" data-testid="pairs-progress" data-voted={voted} data-total={total}>
          {t('pairs.progress', { i: Math.min(index + 1, total), n: total, voted })}
        </span>
        <progress value={voted} max={Math.max(total, 1)} aria-label={t('pairs.voted', { voted, n: total })} />
      </div>
      <button type="button" onClick={undo} disabled={undoCount === 0} data-testid="pairs-undo">
        {t('review.queue.undo')}
      </button>
      <button
        type="button"
        className="primary"
        onClick={() => moveTo(index + 1)}
        disabled={!pair}
        aria-label={pair && !votes[pair.key] ? t('pairs.skip') : t('review.queue.next')}
        data-testid="pairs-next"
      >
        <span className="label-wide">{pair && !votes[pair.key] ? t('pairs.skip') : t('review.queue.next')}</span> →
      </button>
    </div>
  );
  if (!pair) {
    return (
      <div className="pair-queue queue" data-testid="pair-queue" data-state="done">
        {total > 0 && head}
        <div className="queue-done">
          <h3>{total === 0 ? t('pairs.none') : voted === total ? t('pairs.done', { n: total }) : t('pairs.end', { n: total - voted })}</h3>
          {total > 0 && (
            <button type="button" onClick={() => moveTo(0)} data-testid="pairs-restart">
              {t('pairs.again')}
            </button>
          )}
        </div>
      </div>
    );
  }
  const [a, b] = pair.recordIds.map((id) => data.records[id]!) as [AnswerRecord, AnswerRecord];
  const vote = votes[pair.key];
  const first = a.messages.find((m) => m.role === 'user');
  return (
    <div className="pair-queue queue" data-testid="pair-queue" data-state="pair" data-key={pair.key} data-index={index}>
      {head}
      <p className="muted small">{t(vote ? 'pairs.shown' : 'pairs.blind')}</p>
      <QuestionView images={first?.images ?? []} question={questionOf(a)} />
      <div className="compare-answers">
        <Answer record={a} letter="A" shown={vote !== undefined} />
        <Answer record={b} letter="B" shown={vote !== undefined} />
      </div>
      <div className="compare-vote">
        <VoteBar
          letters={['A', 'B']}
          choice={vote?.choice ?? null}
          reasons={draft.reasons}
          note={draft.note}
          onChoice={choose}
          onReason={toggleReason}
          onNote={typeNote}
          identityWords={findIdentityWords([a.output, b.output], data.identityWords)}
          keys
          noteRef={noteRef}
        />
      </div>
      <Shortcuts />
    </div>
  );
}
