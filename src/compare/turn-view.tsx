// One comparison turn: the question (with its images), every side's answer next to the others, and the vote.
// While names are hidden nothing on it says which endpoint a side is: no label, no model, no timings, no
// attribute or tooltip, and an error's details with the names masked.
import { memo, useEffect, useRef, type RefObject } from 'react';
import { describeError, isErrorCode } from '../inference';
import { useLiveAnswer } from '../runs/live-text';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { RetryCountdown } from '../ui/retry-countdown';
import { ErrorDetail } from '../ui/error-detail';
import { RichText } from '../ui/rich-text';
import { choose, regenerateSide, stopSide, toggleReason, typeNote, voteOn, voteState, type SidePair } from './actions';
import { useCompareStore } from './compare-store';
import { DEFAULT_IDENTITY_WORDS, findIdentityWords } from './identity';
import { maskNames, namesHidden, sideLetter, sidePairs, type CompareSession, type SideAnswer } from './session';
import { QuestionView } from './question-view';
import { SideName } from './side-name';
import { VoteBar } from './vote-bar';

function Status({ answer, hidden, names }: { answer: SideAnswer; hidden: boolean; names: readonly string[] }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  if (answer.status === 'aborted') return <div className="status">{t('chat.stopped')}</div>;
  if (answer.status === 'incomplete') return <div className="status warning">{t('chat.incomplete')}</div>;
  if (answer.status === 'error' && answer.error) {
    const e = answer.error;
    const detail = e.detail && hidden ? maskNames(e.detail, names) : e.detail;
    const words = describeError({ ...e, code: isErrorCode(e.code) ? e.code : 'server', detail, message: detail ?? '' }, lang, {
      sentBytes: e.sentBytes,
      endpointLabel: hidden ? undefined : answer.endpointLabel,
      retries: e.retries,
    });
    return (
      <div className="notice notice-error" role="alert" data-testid="answer-error" data-code={e.code}>
        <strong>{words.title}</strong> {words.hint}
        {answer.text && <div>{t('chat.errorKept')}</div>}
        {detail && <ErrorDetail summary={t('storage.detail')} error={detail} />}
      </div>
    );
  }
  if (answer.finishReason === 'length') return <div className="status">{t('chat.finishLength')}</div>;
  return null;
}

const SideAnswerView = memo(function SideAnswerView({
  side,
  slot,
  answer,
  hidden,
  names,
  last,
}: {
  side: number;
  slot: number;
  answer: SideAnswer;
  hidden: boolean;
  names: readonly string[];
  last: boolean;
}) {
  const t = useT();
  const { live, endRef } = useLiveAnswer(answer.answerId);
  const streaming = answer.status === 'streaming';
  const text = live?.text ?? answer.text;
  const letter = sideLetter(side);
  return (
    <div
      className="compare-answer"
      data-testid="compare-answer"
      data-side={letter.toLowerCase()}
      data-status={answer.status}
      data-record-id={answer.recordId}
      {...(hidden ? {} : { 'data-endpoint-id': answer.endpointId })}
      aria-busy={streaming}
    >
      <div className="compare-answer-head">
        <SideName letter={letter} endpoint={hidden ? null : { label: answer.endpointLabel, model: answer.model }} />
        {last && streaming && (
          <button type="button" className="link-button" onClick={() => stopSide(answer.answerId)} data-testid="stop-side">
            {t('compare.stopSide', { side: letter })}
          </button>
        )}
        {last && !streaming && (
          <button type="button" className="link-button" onClick={() => regenerateSide(slot)} data-testid="regenerate-side">
            {t('compare.regenerateSide', { side: letter })}
          </button>
        )}
      </div>
      {live?.retry && (
        <RetryCountdown until={live.retry.until} words={(seconds) => t('chat.retrying', { seconds, attempt: live.retry!.attempt })} />
      )}
      {streaming && !text && !live?.retry && <div className="status typing">{t('chat.waiting')}</div>}
      <div className="answer-text" data-testid="answer-text">
        {text && <RichText text={text} />}
      </div>
      <div ref={endRef} />
      {!streaming && <Status answer={answer} hidden={hidden} names={names} />}
      {!streaming && !hidden && answer.ttftMs !== null && answer.tokensPerSecond !== null && (
        <div className="side-stats muted small" data-testid="side-stats">
          {t('chat.stats', { ttft: `${(answer.ttftMs / 1000).toFixed(2)} s`, tps: answer.tokensPerSecond })}
        </div>
      )}
    </div>
  );
});

/** The vote on one pair of a finished turn. */
function PairVote({
  session,
  turnIndex,
  pair,
  annotator,
  noteRef,
  keys,
}: {
  session: CompareSession;
  turnIndex: number;
  pair: SidePair;
  annotator: string;
  noteRef?: RefObject<HTMLTextAreaElement | null>;
  keys: boolean;
}) {
  const identityWords = useCompareStore((s) => s.identityWords) ?? DEFAULT_IDENTITY_WORDS;
  // Re-rendered when votes or drafts change: voteState reads them.
  useCompareStore((s) => s.votes);
  useCompareStore((s) => s.drafts);
  const { vote, reasons, note } = voteState(session, turnIndex, pair, annotator);
  const turn = session.turns[turnIndex]!;
  const found = findIdentityWords(
    pair.map((side) => turn.answers[session.order[side]!]?.text ?? ''),
    identityWords,
  );
  return (
    <VoteBar
      letters={[sideLetter(pair[0]), sideLetter(pair[1])]}
      choice={vote?.choice ?? null}
      reasons={reasons}
      note={note}
      onChoice={(choice) => choose(turnIndex, pair, annotator, choice)}
      onReason={(reason) => toggleReason(turnIndex, pair, annotator, reason)}
      onNote={(text) => typeNote(turnIndex, pair, annotator, text)}
      identityWords={found}
      keys={keys}
      noteRef={noteRef}
    />
  );
}

export interface TurnViewProps {
  session: CompareSession;
  turnIndex: number;
  annotator: string;
  /** The turn the keys vote on (the last finished one). */
  keyed: boolean;
  /** Which pair the vote shows (by index into sidePairs), for three or four sides. */
  pairIndex: number;
  onPair: (index: number) => void;
  noteRef?: RefObject<HTMLTextAreaElement | null>;
}

export const TurnView = memo(function TurnView({ session, turnIndex, annotator, keyed, pairIndex, onPair, noteRef }: TurnViewProps) {
  const t = useT();
  const turn = session.turns[turnIndex]!;
  const votes = useCompareStore((s) => s.votes[turn.groupId]) ?? [];
  const hidden = namesHidden(session);
  const names = turn.answers.flatMap((a) => [a.endpointLabel, a.model, a.endpointId]);
  const finished = turn.answers.every((a) => a.status !== 'streaming');
  const last = turnIndex === session.turns.length - 1;
  const pairs = sidePairs(session.endpointIds.length);
  const pair = pairs[Math.min(pairIndex, pairs.length - 1)]!;
  const images = turn.answers[session.order[0]!]?.images ?? [];
  // When the last turn's answers have all ended, its vote comes into view.
  const voteRef = useRef<HTMLDivElement>(null);
  const wasFinished = useRef(finished);
  useEffect(() => {
    if (finished && !wasFinished.current && last) voteRef.current?.scrollIntoView({ block: 'nearest' });
    wasFinished.current = finished;
  }, [finished, last]);
  return (
    <article className="compare-turn" data-testid="compare-turn" data-group-id={turn.groupId} data-finished={finished}>
      <QuestionView images={images} question={turn.question} />
      <div className="compare-answers" style={{ ['--sides' as string]: session.endpointIds.length }}>
        {session.order.map((slot, side) => (
          <SideAnswerView key={slot} side={side} slot={slot} answer={turn.answers[slot]!} hidden={hidden} names={names} last={last} />
        ))}
      </div>
      {finished && annotator && (
        <div className="compare-vote" ref={voteRef}>
          {pairs.length > 1 && (
            <div className="vote-pairs" role="group" aria-label={t('compare.vote.pairs')}>
              {pairs.map(([i, j], k) => (
                <button
                  key={k}
                  type="button"
                  className="tag-chip"
                  aria-pressed={k === pairIndex}
                  onClick={() => onPair(k)}
                  data-testid="vote-pair"
                  data-voted={voteOn(session, turnIndex, [i, j], annotator, votes) !== null}
                >
                  {sideLetter(i)}–{sideLetter(j)}
                </button>
              ))}
            </div>
          )}
          <PairVote
            key={`${pair.join()}:${annotator}`}
            session={session}
            turnIndex={turnIndex}
            pair={pair}
            annotator={annotator}
            noteRef={keyed ? noteRef : undefined}
            keys={keyed}
          />
        </div>
      )}
    </article>
  );
});
