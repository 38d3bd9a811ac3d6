// Thumbs up/down (and, optionally, a tag) under a chat answer, stored as this annotator's rating of the
// answer's record: the same store the Review screen reads. Kept light because Chat is the first screen:
// the tag picker (and the records vocabulary with it) loads only when it opens.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Rating } from '../records';
import { recordsRepo } from '../records/instance';
import { onNews } from '../records/records-news';
import { RECORDS_DB_NAME } from '../records/records-db';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { AnnotatorGate } from './annotator-gate';

const ThumbTags = lazy(() => import('./thumb-tags'));

type Thumb = 'up' | 'down';

function ThumbIcon({ down }: { down?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      style={down ? { transform: 'rotate(180deg)' } : undefined}
    >
      <path
        fill="currentColor"
        d="M2 21h4V9H2v12Zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2Z"
      />
    </svg>
  );
}

export function AnswerThumbs({ recordId }: { recordId: string }) {
  const t = useT();
  const annotator = useAppStore((s) => s.annotator);
  const [rating, setRating] = useState<Rating | null>(null);
  const [asking, setAsking] = useState<Thumb | null>(null);
  const [picking, setPicking] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!annotator) return;
    let live = true;
    const read = () =>
      void recordsRepo()
        .then((repo) => repo.ratingsFor(recordId))
        .then((list) => live && setRating(list.find((r) => r.annotator === annotator) ?? null))
        .catch(() => undefined);
    read();
    // A thumb given (or taken back) in another tab shows here too.
    const stop = onNews(RECORDS_DB_NAME, ['ratings'], read);
    return () => {
      live = false;
      stop();
    };
  }, [recordId, annotator]);

  const save = async (who: string, change: { thumb?: Thumb | null; tags?: string[] }) => {
    try {
      const repo = await recordsRepo();
      setRating(await repo.upsertRating({ recordId, annotator: who, ...change }));
      setFailed(false);
    } catch (e) {
      setFailed(true);
      reportStorageError(e);
    }
  };

  const press = (thumb: Thumb, who = annotator) => {
    if (!who) return setAsking(thumb);
    const next = rating?.thumb === thumb ? null : thumb;
    setPicking(next !== null);
    void save(who, { thumb: next });
  };

  const thumb = rating?.thumb ?? null;
  return (
    <span className="answer-thumbs" data-testid="answer-thumbs" data-thumb={thumb ?? ''}>
      {(['up', 'down'] as const).map((which) => (
        <button
          key={which}
          type="button"
          className="thumb-button"
          aria-pressed={thumb === which}
          aria-label={t(`thumbs.${which}`)}
          title={t(`thumbs.${which}`)}
          onClick={() => press(which)}
          data-testid={`thumb-${which}`}
        >
          <ThumbIcon down={which === 'down'} />
        </button>
      ))}
      {failed && <span className="status warning">{t('thumbs.failed')}</span>}
      {asking && (
        <span className="thumb-popover">
          <AnnotatorGate
            compact
            autoFocus
            onDone={(name) => {
              const pending = asking;
              setAsking(null);
              press(pending, name);
            }}
          />
        </span>
      )}
      {picking && rating && (
        <Suspense fallback={null}>
          <ThumbTags
            selected={rating.tags}
            onToggle={(tag) =>
              void save(annotator, { tags: rating.tags.includes(tag) ? rating.tags.filter((x) => x !== tag) : [...rating.tags, tag] })
            }
            onClose={() => setPicking(false)}
          />
        </Suspense>
      )}
    </span>
  );
}
