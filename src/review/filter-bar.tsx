// The filter controls. Every change goes to the review store at once; the list re-filters in a few
// milliseconds (applyFilter is linear), so there is no "apply" button.
import { useMemo, useState } from 'react';
import type { AnswerRecord } from '../records';
import { RECORD_SOURCES, RECORD_STATUSES, type RecordSource } from '../records/constants';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { isolate } from '../ui/long-text';
import { isEmptyFilter, type ReviewFilter } from './filters';
import { selectTags, useReviewStore } from './review-store';
import { tagLabel } from './words';

const set = (patch: Partial<ReviewFilter>) => useReviewStore.getState().setFilter(patch);

/** A labelled <select>; `all` adds the empty choice that means "no filter". */
function Choice(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [value: string, label: string])[];
  all?: string;
  testId: string;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {props.all !== undefined && <option value="">{props.all}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function ScoreSelect(props: { value: number | null; onChange: (value: number | null) => void; label: string; testId: string }) {
  return (
    <select
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value === '' ? null : Number(e.target.value))}
      aria-label={props.label}
      data-testid={props.testId}
    >
      <option value="">–</option>
      {[1, 2, 3, 4, 5].map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

/** The sources worth offering: what the app writes (chat), what the records hold, and the current choice. */
function sourceOptionsOf(held: readonly RecordSource[], chosen: ReviewFilter['source']): RecordSource[] {
  const present = new Set<RecordSource>(['chat', ...held]);
  if (chosen) present.add(chosen);
  return RECORD_SOURCES.filter((s) => present.has(s));
}

/** What a group is called: the question set of its batch run, else its id. */
function groupName(records: readonly AnswerRecord[], group: string): string {
  if (!group) return '';
  return records.find((r) => r.groupId === group)?.batch?.setName ?? group;
}

export function FilterBar({ shown, total, complete }: { shown: number; total: number; complete: boolean }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const filter = useReviewStore((s) => s.filter);
  // Counted where the records are read (review-sync.ts), not by walking them here.
  const { endpoints, sources } = useReviewStore((s) => s.facets);
  const tags = useReviewStore(selectTags);
  // Named once per change of the records or the group, not on every change of the store (a rating, say).
  const records = useReviewStore((s) => s.records);
  const group = useMemo(() => groupName(records, filter.group), [records, filter.group]);
  const [open, setOpen] = useState(false);
  const active = !isEmptyFilter(filter);

  return (
    <div className={open ? 'filter-bar open' : 'filter-bar'} data-testid="review-filters">
      <div className="filter-summary">
        <button
          type="button"
          className="filter-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="review-filter-toggle"
        >
          {t('review.filter.title')}
          {active && <span className="badge">{t('review.filter.on')}</span>}
        </button>
        <span className="muted small" data-testid="review-count">
          {complete
            ? t('review.filter.count', { shown: shown.toLocaleString(), total: total.toLocaleString() })
            : t('review.filter.loadingRest', { n: total })}
        </span>
        {group && (
          <span className="filter-chip small" data-testid="review-filter-group">
            {t('review.filter.group', { name: isolate(group) })}
            <button type="button" className="icon-button" onClick={() => set({ group: '' })} aria-label={t('review.filter.groupClear')}>
              ×
            </button>
          </span>
        )}
        {active && (
          <button
            type="button"
            className="link-button small"
            onClick={() => useReviewStore.getState().resetFilter()}
            data-testid="review-filter-reset"
          >
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
        <Choice
          label={t('review.filter.endpoint')}
          value={filter.endpoint}
          onChange={(endpoint) => set({ endpoint })}
          all={t('review.filter.all')}
          options={endpoints.map((o) => [o.key, `${isolate(o.label)} · ${isolate(o.model)} (${o.count})`])}
          testId="review-filter-endpoint"
        />
        <Choice
          label={t('review.filter.source')}
          value={filter.source}
          onChange={(source) => set({ source: source as ReviewFilter['source'] })}
          all={t('review.filter.all')}
          options={sourceOptionsOf(sources, filter.source).map((x) => [x, t(`review.source.${x}`)])}
          testId="review-filter-source"
        />
        <Choice
          label={t('review.filter.status')}
          value={filter.status}
          onChange={(status) => set({ status: status as ReviewFilter['status'] })}
          all={t('review.filter.all')}
          options={RECORD_STATUSES.map((x) => [x, t(`review.status.${x}`)])}
          testId="review-filter-status"
        />
        <Choice
          label={t('review.filter.rated')}
          value={filter.rated}
          onChange={(rated) => set({ rated: rated as ReviewFilter['rated'] })}
          options={[
            ['any', t('review.filter.all')],
            ['rated', t('review.filter.rated.rated')],
            ['unrated', t('review.filter.rated.unrated')],
          ]}
          testId="review-filter-rated"
        />
        <Choice
          label={t('review.filter.scope')}
          value={filter.scope}
          onChange={(scope) => set({ scope: scope as ReviewFilter['scope'] })}
          options={[
            ['all', t('review.filter.scope.all')],
            ['mine', t('review.filter.scope.mine')],
          ]}
          testId="review-filter-scope"
        />
        <fieldset className="filter-range">
          <legend>{t('review.filter.score')}</legend>
          <ScoreSelect
            value={filter.minScore}
            onChange={(minScore) => set({ minScore })}
            label={t('review.filter.minScore')}
            testId="review-filter-min-score"
          />
          <span aria-hidden="true">〜</span>
          <ScoreSelect
            value={filter.maxScore}
            onChange={(maxScore) => set({ maxScore })}
            label={t('review.filter.maxScore')}
            testId="review-filter-max-score"
          />
        </fieldset>
        <Choice
          label={t('review.filter.tag')}
          value={filter.tag}
          onChange={(tag) => set({ tag })}
          all={t('review.filter.all')}
          options={tags.map((tag) => [tag, isolate(tagLabel(tag, lang))])}
          testId="review-filter-tag"
        />
        <fieldset className="filter-range filter-dates">
          <legend>{t('review.filter.date')}</legend>
          <input
            type="date"
            value={filter.from}
            onChange={(e) => set({ from: e.target.value })}
            aria-label={t('review.filter.from')}
            data-testid="review-filter-from"
          />
          <span aria-hidden="true">〜</span>
          <input
            type="date"
            value={filter.to}
            onChange={(e) => set({ to: e.target.value })}
            aria-label={t('review.filter.to')}
            data-testid="review-filter-to"
          />
        </fieldset>
      </div>
    </div>
  );
}
