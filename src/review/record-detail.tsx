// One record in full: its image(s), question, answer, this annotator's rating, everyone's ratings, and
// where the answer came from (provenance), as stored.
import { useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { formatBytes, formatWhen, isMessageKey, type Lang, type Translate } from '../i18n';
import type { AnswerRecord, JudgeVerdict, Rating, RecordImage } from '../records';
import { imageHashesOf, questionOf } from '../records/derive';
import { extForMime } from '../records/image-ext';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { ImageViewer } from '../ui/image-viewer';
import { LongText } from '../ui/long-text';
import { RichText } from '../ui/rich-text';
import { AnnotatorGate } from './annotator-gate';
import { RatingForm } from './rating-form';
import { ratingsOf, useReviewStore } from './review-store';
import { useStoredImageUrl } from '../images/use-stored-image-url';
import { errorNoticeClass, recordErrorWords, tagLabel } from './words';

export function Answer({ text }: { text: string }) {
  return (
    <div className="answer-text">
      <RichText text={text} />
    </div>
  );
}

function RecordImageView({ image, large }: { image: RecordImage; large?: boolean }) {
  const t = useT();
  const url = useStoredImageUrl(image.sha256);
  const [open, setOpen] = useState(false);
  const caption = `${image.width}×${image.height} · ${formatBytes(image.bytes)}`;
  const alt = t('review.detail.imageAlt', { size: caption });
  return (
    <figure className={large ? 'record-image large' : 'record-image'}>
      {url ? (
        <>
          <button
            type="button"
            className="image-button"
            onClick={() => setOpen(true)}
            title={t('review.detail.openImage')}
            data-testid="open-image"
          >
            <img src={url} alt={alt} decoding="async" />
          </button>
          <ImageViewer
            src={open ? url : null}
            alt={alt}
            caption={caption}
            downloadName={`${image.sha256.slice(0, 12)}.${extForMime(image.mime)}`}
            labels={{ title: t('image.viewer'), close: t('common.close'), download: t('image.download') }}
            onClose={() => setOpen(false)}
          />
        </>
      ) : (
        <span className="image-missing">{url === null ? t('review.detail.imageMissing') : ''}</span>
      )}
      <figcaption className="muted small">{caption}</figcaption>
    </figure>
  );
}

export function RecordImages({ record, large }: { record: AnswerRecord; large?: boolean }) {
  const images = new Map<string, RecordImage>();
  for (const m of record.messages) for (const i of m.images) if (!images.has(i.sha256)) images.set(i.sha256, i);
  if (images.size === 0) return null;
  return (
    <div className="record-images">
      {[...images.values()].map((i) => (
        <RecordImageView key={i.sha256} image={i} large={large} />
      ))}
    </div>
  );
}

const ms = (n: number | null) => (n === null ? '—' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);

function Provenance({ record, lang }: { record: AnswerRecord; lang: Lang }) {
  const t = useT();
  const rows: [string, ReactNode][] = [
    [
      t('review.prov.endpoint'),
      <>
        <bdi>{record.endpoint.label}</bdi> (<bdi>{record.endpoint.id}</bdi>)
      </>,
    ],
    [t('review.prov.url'), record.endpoint.url ? <bdi>{record.endpoint.url}</bdi> : '—'],
    [t('review.prov.model'), record.endpoint.model ? <bdi>{record.endpoint.model}</bdi> : '—'],
    [t('review.prov.protocol'), record.endpoint.protocol],
    [t('review.prov.source'), t(`review.source.${record.source}`)],
    [
      t('review.prov.status'),
      `${t(`review.status.${record.status}`)}${record.finishReason ? ` · finish_reason=${record.finishReason}` : ''}`,
    ],
    ...(record.error
      ? ([
          [
            t('review.prov.error'),
            <>
              <LongText text={recordErrorWords(record, lang)} /> <code className="muted small">{record.error.code}</code>
            </>,
          ],
        ] as [string, ReactNode][])
      : []),
    [
      t('review.prov.params'),
      Object.entries(record.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', '),
    ],
    [
      t('review.prov.timings'),
      t('review.prov.timingsValue', {
        ttft: ms(record.timings.ttftMs),
        total: ms(record.timings.totalMs),
        tokens: record.timings.outputTokens ?? '—',
        tps: record.timings.tokensPerSecond ?? '—',
      }),
    ],
    [
      t('review.prov.usage'),
      record.usage
        ? t('review.prov.usageValue', {
            prompt: record.usage.promptTokens ?? '—',
            completion: record.usage.completionTokens ?? '—',
            total: record.usage.totalTokens ?? '—',
          })
        : '—',
    ],
    [t('review.prov.started'), formatWhen(record.createdAt, lang)],
    [t('review.prov.ended'), record.endedAt ? formatWhen(record.endedAt, lang) : '—'],
    [t('review.prov.appVersion'), record.appVersion || '—'],
    [t('review.prov.id'), record.id],
    ...(record.conversationId ? ([[t('review.prov.conversation'), record.conversationId]] as [string, ReactNode][]) : []),
    ...(record.groupId ? ([[t('review.prov.group'), record.groupId]] as [string, ReactNode][]) : []),
    ...(record.batch
      ? ([
          [t('review.prov.batchSet'), `${record.batch.setName} (${record.batch.setId})`],
          [
            t('review.prov.batchItem'),
            t('review.prov.batchItemValue', { id: record.batch.itemId, index: record.batch.itemIndex, repeat: record.batch.repeat + 1 }),
          ],
          [t('review.prov.batchCategory'), record.batch.category ?? '—'],
        ] as [string, ReactNode][])
      : []),
    [t('review.prov.images'), imageHashesOf(record).join('\n') || '—'],
  ];
  return (
    <details className="provenance" open data-testid="review-provenance">
      <summary>{t('review.prov.title')}</summary>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {record.systemPrompt && (
        <details className="system-prompt">
          <summary>{t('review.prov.systemPrompt')}</summary>
          <pre>{record.systemPrompt}</pre>
        </details>
      )}
    </details>
  );
}

/** Why a judge's answer could not be read, in the batch screen's words. */
function reasonWords(t: Translate, reason: string | null): string {
  const key = `batch.judge.reason.${reason ?? 'no-scores'}`;
  return isMessageKey(key) ? t(key) : (reason ?? '');
}

/** An LLM judge's verdict: its numbers (or why there are none), and what it wrote. */
function JudgeVerdictView({ verdict }: { verdict: JudgeVerdict }) {
  const t = useT();
  return (
    <div className="judge-verdict small" data-testid="review-judge" data-parsed={String(verdict.parsed)}>
      {verdict.parsed && verdict.relative !== null ? (
        <span>
          {t('review.judge.scores', {
            answer: verdict.answerScore ?? '',
            reference: verdict.referenceScore ?? '',
            percent: (verdict.relative * 100).toFixed(1),
          })}
        </span>
      ) : (
        <span className="score-badge unparseable">{t('review.judge.unparseable', { why: reasonWords(t, verdict.reason) })}</span>
      )}
      <details>
        <summary>{t('review.judge.raw', { version: verdict.rubricVersion })}</summary>
        {verdict.passes.map((p) => (
          <pre key={p.order} className="judge-raw-text">
            {p.raw}
          </pre>
        ))}
      </details>
    </div>
  );
}

function RatingSummary({ rating, lang }: { rating: Rating; lang: Lang }) {
  const t = useT();
  return (
    <li className="rating-summary" data-testid="review-rating" data-annotator={rating.annotator}>
      <div className="row">
        <strong>
          <bdi>{rating.annotator}</bdi>
        </strong>
        {rating.score !== null && <span className="score-badge">{rating.score}</span>}
        {rating.thumb && <span className="badge">{rating.thumb === 'up' ? t('thumbs.up') : t('thumbs.down')}</span>}
        {rating.tags.map((tag) => (
          <bdi key={tag} className="badge">
            {tagLabel(tag, lang)}
          </bdi>
        ))}
        <span className="muted small">{formatWhen(rating.updatedAt, lang)}</span>
      </div>
      {rating.note && (
        <p className="rating-note-text">
          <LongText text={rating.note} />
        </p>
      )}
      {rating.judge && <JudgeVerdictView verdict={rating.judge} />}
    </li>
  );
}

const NO_RATINGS: readonly Rating[] = [];

export function RecordDetail({ recordId, annotator, backHref }: { recordId: string; annotator: string; backHref: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const record = useReviewStore((s) => s.byId.get(recordId));
  const ratings = useReviewStore((s) => (record ? ratingsOf(s, record.id) : NO_RATINGS));
  if (!record) {
    return (
      <div className="review-detail" data-testid="review-detail">
        <p className="muted">{t('review.detail.notFound')}</p>
      </div>
    );
  }
  const question = questionOf(record);
  return (
    <article className="review-detail" data-testid="review-detail" data-record-id={record.id}>
      <Link href={backHref} className="back-link">
        ← {t('review.detail.back')}
      </Link>
      <header className="detail-head">
        <h3>
          <bdi>{record.endpoint.label}</bdi>{' '}
          <bdi className="muted small" data-testid="detail-model">
            {record.endpoint.model}
          </bdi>
        </h3>
        <span className={`badge status-${record.status}`}>{t(`review.status.${record.status}`)}</span>
        <span className="muted small">{formatWhen(record.createdAt, lang)}</span>
      </header>
      <RecordImages record={record} />
      <section>
        <h4>{t('review.detail.question')}</h4>
        <div className="plain question-text">{question ? <LongText text={question} /> : t('review.noQuestion')}</div>
      </section>
      <section>
        <h4>{t('review.detail.answer')}</h4>
        {record.output ? <Answer text={record.output} /> : <p className="muted">{t('review.detail.noAnswer')}</p>}
        {record.error && (
          <div className={`notice ${errorNoticeClass(record.error)}`} data-testid="detail-error" data-code={record.error.code}>
            <LongText text={recordErrorWords(record, lang)} />
            {/* A person stopped it: there is nothing technical to tell. */}
            {record.error.message && record.error.code !== 'aborted' && (
              <ErrorDetail summary={t('storage.detail')} error={record.error.message} />
            )}
          </div>
        )}
      </section>
      {record.batch?.reference && (
        <section>
          <h4>{t('review.detail.reference')}</h4>
          <div className="plain" data-testid="review-reference">
            {record.batch.reference}
          </div>
        </section>
      )}
      <section>
        <h4>
          {t('review.rating.title')}
          {annotator && (
            <span className="muted small">
              {' '}
              · <bdi>{annotator}</bdi>
            </span>
          )}
        </h4>
        {annotator ? <RatingForm recordId={record.id} annotator={annotator} /> : <AnnotatorGate />}
      </section>
      <section>
        <h4>{t('review.detail.ratings', { n: ratings.length })}</h4>
        {ratings.length === 0 ? (
          <p className="muted">{t('review.detail.noRatings')}</p>
        ) : (
          <ul className="rating-list" data-testid="review-ratings">
            {ratings.map((r) => (
              <RatingSummary key={r.id} rating={r} lang={lang} />
            ))}
          </ul>
        )}
      </section>
      <Provenance record={record} lang={lang} />
    </article>
  );
}
