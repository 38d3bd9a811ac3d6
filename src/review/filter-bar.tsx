// The filter controls. Every change goes to the review store at once; the list re-filters in a few
// milliseconds (applyFilter is linear), so there is no "apply" button.
import { useState } from 'react';
import { RECORD_SOURCES, RECORD_STATUSES, type AnswerRecord } from '../records';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { endpointOptions, isEmptyFilter, type EndpointOption, type ReviewFilter } from './filters';
import { selectTags, useReviewStore } from './review-store';
import { tagLabel } from './words';

// Kept across mounts (opening Review again should not walk ten thousand records for the same options).
let optionsCache: { records: readonly AnswerRecord[]; value: EndpointOption[] } | null = null;
function endpointOptionsOf(records: readonly AnswerRecord[]): EndpointOption[] {
  if (optionsCache?.records !== records) optionsCache = { records, value: endpointOptions(records) };
  return optionsCache.value;
}

const set = (patch: Partial<ReviewFilter>) => useReviewStore.getState().setFilter(patch);
const scoreValue = (v: string) => (v === '' ? null : Number(v));

export function FilterBar({ shown, total, complete }: { shown: number; total: number; complete: boolean }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const filter = useReviewStore((s) => s.filter);
  const records = useReviewStore((s) => s.records);
  const tags = useReviewStore(selectTags);
  const endpoints = endpointOptionsOf(records);
  const [open, setOpen] = useState(false);
  const active = !isEmptyFilter(filter);

  return (
    <div className={open ? 'filter-bar open' : 'filter-bar'} data-testid="review-filters">
      <div className="filter-summary">
        <button type="button" className="filter-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="review-filter-toggle">
          {t('review.filter.title')}
          {active && <span className="badge">{t('review.filter.on')}</span>}
        </button>
        <span className="muted small" data-testid="review-count">
          {complete ? t('review.filter.count', { shown: shown.toLocaleString(), total: total.toLocaleString() }) : t('review.filter.loadingRest', { n: total })}
        </span>
        {active && (
          <button type="button" className="link-button small" onClick={() => useReviewStore.getState().resetFilter()} data-testid="review-filter-reset">
            {t('review.filter.reset')}
          </button>
        )}
      </div>
      <div className="filter-grid">
        <label className="filter-text">
          <span>{t('review.filter.text')}</span>
          <input
            type="search"
            value={filter.text}
            onChange={(e) => set({ text: e.target.value })}
            placeholder={t('review.filter.textPlaceholder')}
            data-testid="review-filter-text"
          />
        </label>
        <label>
          <span>{t('review.filter.endpoint')}</span>
          <select value={filter.endpoint} onChange={(e) => set({ endpoint: e.target.value })} data-testid="review-filter-endpoint">
            <option value="">{t('review.filter.all')}</option>
            {endpoints.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label} · {o.model} ({o.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('review.filter.source')}</span>
          <select value={filter.source} onChange={(e) => set({ source: e.target.value as ReviewFilter['source'] })} data-testid="review-filter-source">
            <option value="">{t('review.filter.all')}</option>
            {RECORD_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`review.source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('review.filter.status')}</span>
          <select value={filter.status} onChange={(e) => set({ status: e.target.value as ReviewFilter['status'] })} data-testid="review-filter-status">
            <option value="">{t('review.filter.all')}</option>
            {RECORD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`review.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('review.filter.rated')}</span>
          <select value={filter.rated} onChange={(e) => set({ rated: e.target.value as ReviewFilter['rated'] })} data-testid="review-filter-rated">
            <option value="any">{t('review.filter.all')}</option>
            <option value="rated">{t('review.filter.rated.rated')}</option>
            <option value="unrated">{t('review.filter.rated.unrated')}</option>
          </select>
        </label>
        <label>
          <span>{t('review.filter.scope')}</span>
          <select value={filter.scope} onChange={(e) => set({ scope: e.target.value as ReviewFilter['scope'] })} data-testid="review-filter-scope">
            <option value="all">{t('review.filter.scope.all')}</option>
            <option value="mine">{t('review.filter.scope.mine')}</option>
          </select>
        </label>
        <fieldset className="filter-range">
          <legend>{t('review.filter.score')}</legend>
          <select value={filter.minScore ?? ''} onChange={(e) => set({ minScore: scoreValue(e.target.value) })} aria-label={t('review.filter.minScore')} data-testid="review-filter-min-score">
            <option value="">–</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <span aria-hidden="true">〜</span>
          <select value={filter.maxScore ?? ''} onChange={(e) => set({ maxScore: scoreValue(e.target.value) })} aria-label={t('review.filter.maxScore')} data-testid="review-filter-max-score">
            <option value="">–</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </fieldset>
        <label>
          <span>{t('review.filter.tag')}</span>
          <select value={filter.tag} onChange={(e) => set({ tag: e.target.value })} data-testid="review-filter-tag">
            <option value="">{t('review.filter.all')}</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tagLabel(tag, lang)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="filter-range filter-dates">
          <legend>{t('review.filter.date')}</legend>
          <input type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} aria-label={t('review.filter.from')} data-testid="review-filter-from" />
          <span aria-hidden="true">〜</span>
          <input type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} aria-label={t('review.filter.to')} data-testid="review-filter-to" />
        </fieldset>
      </div>
    </div>
  );
}
