// The filtered records as a virtualised list: only the rows in view (plus a few) exist in the DOM, so ten
// thousand records scroll as smoothly as ten. Rows have a fixed height, which keeps the virtualiser exact.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import { formatWhen } from '../i18n';
import type { AnswerRecord } from '../records';
import { imageHashesOf, questionOf } from '../records/derive';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { preview } from '../ui/long-text';
import { ratingsOf, useReviewStore } from './review-store';
import { useStoredImageUrl } from '../images/use-stored-image-url';
import { recordErrorWords } from './words';

const ROW_HEIGHT = 76;

function RowImage({ sha256 }: { sha256: string | undefined }) {
  const url = useStoredImageUrl(sha256);
  return <span className="row-thumb">{url ? <img src={url} alt="" loading="lazy" decoding="async" /> : null}</span>;
}

const Row = memo(function Row({ record, selected, annotator }: { record: AnswerRecord; selected: boolean; annotator: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const ratings = useReviewStore((s) => ratingsOf(s, record.id));
  const mine = ratings.find((r) => r.annotator === annotator);
  const scores = ratings.flatMap((r) => (r.score === null ? [] : [r.score]));
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  return (
    <Link
      href={`/record/${record.id}`}
      className={selected ? 'review-row selected' : 'review-row'}
      aria-current={selected ? 'true' : undefined}
      data-testid="review-row"
      data-record-id={record.id}
    >
      <RowImage sha256={imageHashesOf(record)[0]} />
      <span className="row-main">
        <span className="row-line">
          <span className={`status-dot status-${record.status}`} title={t(`review.status.${record.status}`)} />
          <bdi className="row-endpoint">{record.endpoint.label}</bdi>
          <span className="row-when muted">{formatWhen(record.createdAt, lang)}</span>
        </span>
        <span className="row-question">{preview(questionOf(record)) || t('review.noQuestion')}</span>
        <span className="row-output muted">{preview(record.error ? recordErrorWords(record, lang) : record.output)}</span>
      </span>
      <span className="row-rating">
        {mine?.score != null ? (
          <span className="score-badge mine" title={t('review.list.myScore')}>
            {mine.score}
          </span>
        ) : mine?.thumb ? (
          <span className="score-badge mine" title={t('review.list.myScore')}>
            {mine.thumb === 'up' ? '+' : '−'}
          </span>
        ) : null}
        {mean !== null && (
          <span className="muted small" title={t('review.list.meanOf', { n: scores.length })}>
            ⌀ {mean.toFixed(1)}
          </span>
        )}
      </span>
    </Link>
  );
});

export function RecordList({
  records,
  selectedId,
  annotator,
  total,
}: {
  records: readonly AnswerRecord[];
  selectedId: string | null;
  annotator: string;
  total: number;
}) {
  const t = useT();
  const parent = useRef<HTMLDivElement>(null);
  const [, navigate] = useLocation();
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
    getItemKey: (i) => records[i]?.id ?? i,
  });

  // Records that arrive above the rows in view (answers stored in another tab are the newest) do not push
  // those rows down: the row at the top stays there. At the top of the list, they come into view.
  const shown = useRef(records);
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = records;
    const el = parent.current;
    if (!el || before === records || el.scrollTop < ROW_HEIGHT) return;
    const at = Math.floor(el.scrollTop / ROW_HEIGHT);
    const top = before[at]?.id;
    const now = top === undefined ? -1 : records.findIndex((r) => r.id === top);
    if (now >= 0 && now !== at) el.scrollTop += (now - at) * ROW_HEIGHT;
  }, [records]);

  // A selection made elsewhere (a reload on #/review/record/…, keys) is scrolled into view.
  const selectedIndex = selectedId === null ? -1 : records.findIndex((r) => r.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      ref={parent}
      className="review-list"
      data-testid="review-list"
      data-count={records.length}
      tabIndex={0}
      aria-label={t('review.list.label')}
      onKeyDown={(e) => {
        // ↑/↓ (and j/k) step through the records without reaching for the mouse.
        const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
        if (!step || records.length === 0) return;
        e.preventDefault();
        const to = Math.min(records.length - 1, Math.max(0, selectedIndex + step));
        const id = records[to]?.id;
        if (id) navigate(`/record/${id}`, { replace: true });
      }}
    >
      {records.length === 0 ? (
        <p className="review-empty muted" data-testid="review-empty">
          {total === 0 ? t('review.list.none') : t('review.list.empty')}
        </p>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = records[item.index] as AnswerRecord;
            return (
              <div key={item.key} className="review-row-slot" style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                <Row record={record} selected={record.id === selectedId} annotator={annotator} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
