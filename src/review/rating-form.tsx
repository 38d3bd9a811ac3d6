// This annotator's rating of one record: score, tags, note. Used in the detail view and in the queue (where
// each tag shows its key and every change is reported for undo). Changes are stored at once; the note when
// the field is left or after a pause in typing.
import { memo, useEffect, useRef, useState } from 'react';
import { SCORES } from '../records/constants';
import type { Score } from '../records';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { tagKey } from './keys';
import { toggleTag, type RatingChange } from './queue';
import { addCustomTag, changeRating } from './review-data';
import { myRating, selectTags, useReviewStore } from './review-store';
import { tagLabel } from './words';

const NOTE_PAUSE_MS = 800;

/** Tags offered for rating: the defaults, custom ones, and any seen in ratings (imports bring their own). */
export function useOfferedTags(): readonly string[] {
  return useReviewStore(selectTags);
}

export interface RatingFormProps {
  recordId: string;
  annotator: string;
  /** Queue mode: show keys next to tags, and report changes for undo. */
  keys?: boolean;
  onChange?: (change: RatingChange) => void;
  /** Lets the queue focus the note with N. */
  noteRef?: React.RefObject<HTMLTextAreaElement | null>;
}

export const RatingForm = memo(function RatingForm({ recordId, annotator, keys, onChange, noteRef }: RatingFormProps) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const rating = useReviewStore((s) => myRating(s, recordId, annotator));
  const tags = useOfferedTags();
  const [newTag, setNewTag] = useState('');
  const report = (c: RatingChange | null) => c && onChange?.(c);

  const setScore = (score: Score | null) => void changeRating(recordId, annotator, { score }).then(report);
  const flipTag = (tag: string) =>
    void changeRating(recordId, annotator, (cur) => ({ tags: toggleTag(cur?.tags ?? [], tag) })).then(report);

  return (
    <section className="rating-form" data-testid="rating-form" aria-label={t('review.rating.title')}>
      <div className="rating-score" role="group" aria-label={t('review.rating.score')}>
        {SCORES.map((score) => (
          <button
            key={score}
            type="button"
            className="score-button"
            aria-pressed={rating?.score === score}
            onClick={() => setScore(rating?.score === score ? null : score)}
            title={t(`score.${score}`)}
            data-testid={`rating-score-${score}`}
          >
            <span className="score-number">{score}</span>
            <span className="score-text">{t(`score.${score}`)}</span>
          </button>
        ))}
      </div>
      <div className="rating-tags" role="group" aria-label={t('review.rating.tags')}>
        {tags.map((tag, i) => {
          const key = keys ? tagKey(i) : null;
          return (
            <button
              key={tag}
              type="button"
              className="tag-chip"
              aria-pressed={rating?.tags.includes(tag) ?? false}
              onClick={() => flipTag(tag)}
              data-testid={`rating-tag-${tag}`}
            >
              {key && <kbd>{key}</kbd>}
              {tagLabel(tag, lang)}
            </button>
          );
        })}
        <form
          className="tag-add"
          onSubmit={(e) => {
            e.preventDefault();
            void addCustomTag(newTag).then((tag) => {
              if (!tag) return;
              setNewTag('');
              if (!rating?.tags.includes(tag)) flipTag(tag);
            });
          }}
        >
          <input
            value={newTag}
            onChange={(e) => setNewTag(e.target.value)}
            placeholder={t('review.rating.newTag')}
            aria-label={t('review.rating.newTag')}
            maxLength={50}
            data-testid="rating-tag-new"
          />
          <button type="submit" disabled={!newTag.trim()} data-testid="rating-tag-add">
            +
          </button>
        </form>
      </div>
      <NoteField
        key={`${recordId}\n${annotator}`}
        recordId={recordId}
        annotator={annotator}
        stored={rating?.note ?? ''}
        onChange={onChange}
        noteRef={noteRef}
        keys={keys}
      />
    </section>
  );
});

/** Keyed by record: leaving a record (next item, another row) unmounts it, which saves what was typed. */
function NoteField({
  recordId,
  annotator,
  stored,
  onChange,
  noteRef,
  keys,
}: {
  recordId: string;
  annotator: string;
  stored: string;
  onChange?: (change: RatingChange) => void;
  noteRef?: React.RefObject<HTMLTextAreaElement | null>;
  keys?: boolean;
}) {
  const t = useT();
  const [draft, setDraft] = useState(stored);
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<string | null>(null);
  const report = useRef(onChange);
  report.current = onChange;

  // Follow the stored note (an undo, a save) unless the annotator is typing in it.
  useEffect(() => {
    if (!focused.current && pending.current === null) setDraft(stored);
  }, [stored]);

  const flush = useRef(() => {
    clearTimeout(timer.current);
    const text = pending.current;
    pending.current = null;
    if (text !== null) void changeRating(recordId, annotator, { note: text }).then((c) => c && report.current?.(c));
  }).current;

  useEffect(() => flush, [flush]);

  return (
    <label className="rating-note">
      <span>
        {keys && <kbd>N</kbd>} {t('review.rating.note')}
        {keys && <small className="muted"> {t('review.queue.noteHint')}</small>}
      </span>
      <textarea
        ref={noteRef}
        value={draft}
        maxLength={5000}
        rows={2}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          flush();
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          pending.current = e.target.value;
          clearTimeout(timer.current);
          timer.current = setTimeout(flush, NOTE_PAUSE_MS);
        }}
        data-testid="rating-note"
      />
    </label>
  );
}
