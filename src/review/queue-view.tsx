// The annotation queue: the current filter's records this annotator has not rated, one at a time, with a
// large image, driven entirely from the keyboard (keys.ts). The queue itself is plain data (queue.ts); this
// component turns keys into queue steps and rating changes.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { imageHashesOf, questionOf } from '../records/derive';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { LongText } from '../ui/long-text';
import { AnnotatorGate } from './annotator-gate';
import { queueKeyAction } from './keys';
import { isTextField } from '../ui/queue-keys';
import {
  currentId,
  isDone,
  medianTimePerItem,
  next,
  popChange,
  prev,
  pushChange,
  ratedCount,
  timeOnCurrent,
  toggleTag,
  type RatingChange,
} from './queue';
import { RatingForm, useOfferedTags } from './rating-form';
import { Answer, RecordImages } from './record-detail';
import { changeRating, revertChange } from './review-data';
import type { ReviewFilter } from './filters';
import { scoredBy, useReviewStore } from './review-store';
import { useStoredImageUrl } from '../images/use-stored-image-url';
import { errorNoticeClass, recordErrorWords } from './words';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Ticks once a second on its own, so the rest of the queue does not re-render with the clock. */
function Timer() {
  const t = useT();
  const queue = useReviewStore((s) => s.queue);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!queue) return null;
  const median = medianTimePerItem(queue);
  return (
    <span className="queue-time muted small" data-testid="queue-time">
      {t('review.queue.time', { current: seconds(timeOnCurrent(queue, Math.max(now, queue.shownAt))) })}
      {median !== null && ` · ${t('review.queue.median', { median: seconds(median) })}`}
    </span>
  );
}

/** Decodes the next item's image ahead, so "next" shows it at once. */
function Preload({ sha256 }: { sha256: string | undefined }) {
  const url = useStoredImageUrl(sha256);
  return url ? <img src={url} alt="" hidden decoding="async" /> : null;
}

const QueueItem = memo(function QueueItem({
  recordId,
  annotator,
  noteRef,
  onChange,
}: {
  recordId: string;
  annotator: string;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
  onChange: (c: RatingChange) => void;
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const record = useReviewStore((s) => s.byId.get(recordId));
  if (!record) return null;
  const question = questionOf(record);
  return (
    <div className="queue-item" data-testid="queue-item" data-record-id={record.id}>
      <div className="queue-image">
        <RecordImages record={record} large />
        {imageHashesOf(record).length === 0 && <p className="muted">{t('review.queue.noImage')}</p>}
      </div>
      <div className="queue-side">
        <p className="muted small">
          <bdi>{record.endpoint.label}</bdi> · <bdi>{record.endpoint.model}</bdi>
        </p>
        <div className="plain question-text">{question ? <LongText text={question} /> : t('review.noQuestion')}</div>
        <div className="queue-answer">
          {record.output ? <Answer text={record.output} /> : <p className="muted">{t('review.detail.noAnswer')}</p>}
        </div>
        {record.error && (
          <p className={`notice ${errorNoticeClass(record.error)} small`} data-code={record.error.code}>
            <LongText text={recordErrorWords(record, lang)} />
          </p>
        )}
        <RatingForm recordId={record.id} annotator={annotator} keys onChange={onChange} noteRef={noteRef} />
      </div>
    </div>
  );
});

function Shortcuts() {
  const t = useT();
  return (
    <p className="queue-keys muted small" data-testid="queue-keys">
      <kbd>1</kbd>–<kbd>5</kbd> {t('review.queue.key.score')} · <kbd>Q</kbd> <kbd>W</kbd> <kbd>E</kbd>… {t('review.queue.key.tags')} ·{' '}
      <kbd>N</kbd> {t('review.queue.key.note')} · <kbd>Enter</kbd>/<kbd>→</kbd> {t('review.queue.key.next')} · <kbd>←</kbd>{' '}
      {t('review.queue.key.prev')} · <kbd>Z</kbd> {t('review.queue.key.undo')}
    </p>
  );
}

export function QueueView({ annotator, filterActive }: { annotator: string; filterActive: boolean }) {
  const t = useT();
  const queue = useReviewStore((s) => s.queue);
  const load = useReviewStore((s) => s.load);
  const refreshing = useReviewStore((s) => s.refreshing);
  const byId = useReviewStore((s) => s.byId);
  const ratings = useReviewStore((s) => s.ratings);
  const tags = useOfferedTags();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [changingName, setChangingName] = useState(false);

  // A fresh queue when it opens (once the data is fresh), or the filter or annotator change. When what is
  // stored changes under it (another tab stores, removes or rates records), it keeps its place and takes in
  // what arrived: undo and the time spent stay.
  const records = useReviewStore((s) => s.records);
  const filter = useReviewStore((s) => s.filter);
  const openedFor = useRef<{ annotator: string; filter: ReviewFilter } | null>(null);
  useEffect(() => {
    if (load !== 'ready' || refreshing || !annotator) return;
    const s = useReviewStore.getState();
    const was = openedFor.current;
    if (s.queue && was?.annotator === annotator && was.filter === filter) return s.refreshQueue(annotator);
    openedFor.current = { annotator, filter };
    s.openQueue(annotator, performance.now());
  }, [load, refreshing, annotator, records, filter]);

  // The position survives a reload (review-data saves it).
  const id = queue ? currentId(queue) : null;
  const finished = queue !== null && isDone(queue) && queue.ids.length > 0;
  useEffect(() => {
    // Past the last item there is nothing to come back to: the next queue starts afresh.
    if (annotator && (id || finished)) useReviewStore.getState().setQueueResume(annotator, id ?? '');
  }, [id, finished, annotator]);

  const onChange = useCallback((c: RatingChange) => {
    const q = useReviewStore.getState().queue;
    if (q) useReviewStore.getState().setQueue(pushChange(q, c));
  }, []);

  const step = useCallback((move: typeof next) => {
    noteRef.current?.blur();
    const q = useReviewStore.getState().queue;
    if (q) useReviewStore.getState().setQueue(move(q, performance.now()));
  }, []);

  const undo = useCallback(async () => {
    const q = useReviewStore.getState().queue;
    if (!q) return;
    const { queue: popped, change } = popChange(q, performance.now());
    if (!change) return;
    useReviewStore.getState().setQueue(popped);
    await revertChange(change, annotator);
  }, [annotator]);

  useEffect(() => {
    if (!annotator || changingName) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const inText = isTextField(e.target);
      const action = queueKeyAction(e, { inText, tagCount: tags.length });
      if (!action) return;
      const q = useReviewStore.getState().queue;
      const current = q ? currentId(q) : null;
      // Handled keys do only what they say here (Enter on a focused button would otherwise click it too).
      e.preventDefault();
      switch (action.type) {
        case 'next':
          return step(next);
        case 'prev':
          return step(prev);
        case 'undo':
          return void undo();
        case 'leave-note':
          // Out of the note (or the new-tag field), back to the keys.
          return e.target instanceof HTMLElement ? e.target.blur() : undefined;
        case 'note':
          return noteRef.current?.focus();
        case 'score':
          if (current) void changeRating(current, annotator, { score: action.score }).then((c) => c && onChange(c));
          return;
        case 'clear-score':
          if (current) void changeRating(current, annotator, { score: null }).then((c) => c && onChange(c));
          return;
        case 'tag': {
          const tag = tags[action.index];
          if (current && tag)
            void changeRating(current, annotator, (cur) => ({ tags: toggleTag(cur?.tags ?? [], tag) })).then((c) => c && onChange(c));
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [annotator, changingName, tags, step, undo, onChange]);

  if (!annotator || changingName) {
    return (
      <div className="queue-gate">
        <AnnotatorGate initial={annotator} onDone={() => setChangingName(false)} autoFocus />
      </div>
    );
  }
  if (!queue || (refreshing && queue.ids.length === 0)) return <p className="muted review-empty">{t('review.loading')}</p>;

  const total = queue.ids.length;
  const done = isDone(queue);
  const rated = ratedCount(queue, (rid) => scoredBy({ ratings }, rid, annotator));
  const nextRecord = byId.get(queue.ids[queue.index + 1] ?? '');

  return (
    <div className="queue" data-testid="queue">
      <div className="queue-head">
        <button
          type="button"
          onClick={() => step(prev)}
          disabled={queue.index === 0}
          data-testid="queue-prev"
          aria-label={t('review.queue.prev')}
        >
          ← <span className="label-wide">{t('review.queue.prev')}</span>
        </button>
        <div className="queue-progress-box">
          <span
            className="queue-progress"
            data-testid="queue-progress"
            data-rated={rated}
            data-total={total}
            data-position={Math.min(queue.index + 1, total)}
          >
            {Math.min(queue.index + 1, total)} / {total}
          </span>
          <progress value={rated} max={Math.max(total, 1)} aria-label={t('review.queue.rated', { rated, total })} />
          <span className="muted small">{t('review.queue.rated', { rated, total })}</span>
          <Timer />
        </div>
        <button type="button" onClick={() => void undo()} disabled={queue.undo.length === 0} data-testid="queue-undo" title="Z">
          {t('review.queue.undo')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => step(next)}
          disabled={done}
          data-testid="queue-next"
          aria-label={t('review.queue.next')}
        >
          <span className="label-wide">{t('review.queue.next')}</span> →
        </button>
      </div>
      <p className="queue-who muted small">
        {t('review.queue.as', { name: annotator })}{' '}
        <button type="button" className="link-button" onClick={() => setChangingName(true)} data-testid="annotator-change">
          {t('review.queue.changeName')}
        </button>
        {' · '}
        {filterActive ? (
          <>
            {t('review.queue.filtered')} <Link href="/">{t('review.queue.editFilter')}</Link>
          </>
        ) : (
          t('review.queue.all')
        )}
      </p>
      {done ? (
        <div className="queue-done" data-testid="queue-done">
          <h3>{total === 0 ? t('review.queue.nothing') : t('review.queue.done', { total })}</h3>
          <p className="muted">{t('review.queue.doneHint')}</p>
        </div>
      ) : (
        id && <QueueItem key={id} recordId={id} annotator={annotator} noteRef={noteRef} onChange={onChange} />
      )}
      {nextRecord && <Preload sha256={imageHashesOf(nextRecord)[0]} />}
      <Shortcuts />
    </div>
  );
}
