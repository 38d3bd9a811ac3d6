// Statistics per endpoint/model over the filtered records (computeStats): a table with every figure and
// three plots (mean score with its 95% interval, the score distribution, tag frequencies).
import { ScrollRegion } from '../ui/scroll-region';
import { useMemo, useState, type ComponentType } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { AnswerRecord, GroupStats, RatingsIndex, StatsGrouping } from '../records';
import { computeStats } from '../records/stats';
import type { Lang, Translate } from '../i18n';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { isolate } from '../ui/long-text';
import { ChartCanvas } from './charts';
import { useReviewStore } from './review-store';
import { tagLabel } from './words';

type Config = ChartConfiguration<'bar' | 'line', unknown[], string | string[]>;

// Red to green for scores 1..5; readable on light and dark backgrounds.
const SCORE_COLORS = ['#c0392b', '#e67e22', '#d4ac0d', '#7cb342', '#2e8b57'];
const GROUP_COLORS = ['#8a5a2b', '#2f6db5', '#2e8b57', '#a0449b', '#c0392b', '#4f8f8f', '#7a6a2b', '#555'];

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
const msText = (x: number | null) => (x === null ? '—' : x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(2)} s`);

function groupName(g: GroupStats, by: StatsGrouping): string {
  if (by === 'model') return g.model;
  if (by === 'endpoint') return g.endpointLabel;
  return `${isolate(g.endpointLabel)} · ${isolate(g.model)}`;
}

/** Chart axis labels on two lines (endpoint, model), so they need no slanting on a phone. */
const axisLabels = (names: string[]) => names.map((n) => n.split(' · '));

function meanConfig(groups: GroupStats[], names: string[], t: ReturnType<typeof useT>): Config {
  return {
    type: 'bar',
    data: {
      labels: axisLabels(names),
      datasets: [
        {
          type: 'bar',
          label: t('review.stats.ci'),
          data: groups.map((g) => (g.ci95 ? [Math.max(1, g.ci95.low), Math.min(5, g.ci95.high)] : null)),
          backgroundColor: 'rgba(138, 90, 43, 0.28)',
          borderColor: 'rgba(138, 90, 43, 0.8)',
          borderWidth: 1,
          borderSkipped: false,
          barPercentage: 0.5,
        },
        {
          type: 'line',
          label: t('review.stats.mean'),
          data: groups.map((g) => g.meanScore),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 18,
          pointHoverRadius: 20,
          pointBorderWidth: 3,
          borderColor: '#8a5a2b',
          backgroundColor: '#8a5a2b',
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

function distributionConfig(groups: GroupStats[], names: string[], t: Translate): Config {
  return {
    type: 'bar',
    data: {
      labels: axisLabels(names),
      datasets: ([1, 2, 3, 4, 5] as const).map((score) => ({
        type: 'bar' as const,
        label: t('review.stats.scoreN', { score }),
        data: groups.map((g) => {
          const total = Object.values(g.scoreDistribution).reduce((a, b) => a + b, 0);
          return total ? (100 * g.scoreDistribution[score]) / total : 0;
        }),
        backgroundColor: SCORE_COLORS[score - 1],
      })),
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, max: 100, ticks: { callback: (v) => `${v} %` } }, y: { stacked: true } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(1)} %` } },
      },
    },
  };
}

function tagsConfig(groups: GroupStats[], names: string[], lang: Lang): Config {
  const totals = new Map<string, number>();
  for (const g of groups) for (const { tag, count } of g.tags) totals.set(tag, (totals.get(tag) ?? 0) + count);
  const tags = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([tag]) => tag);
  return {
    type: 'bar',
    data: {
      labels: tags.map((tag) => tagLabel(tag, lang)),
      datasets: groups.map((g, i) => ({
        type: 'bar' as const,
        label: names[i] ?? '',
        // Per rated record, so a model rated more often does not look worse for it.
        data: tags.map((tag) => (g.rated ? (100 * (g.tags.find((x) => x.tag === tag)?.count ?? 0)) / g.rated : 0)),
        backgroundColor: GROUP_COLORS[i % GROUP_COLORS.length],
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => `${v} %` } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(1)} %` } },
      },
    },
  };
}

/** What a panel added to the statistics by the app (the LLM judge's, from the batch domain) is given. */
export interface StatsExtraProps {
  records: readonly AnswerRecord[];
  ratings: RatingsIndex;
  /** Where a record opens in Review. */
  recordHref: (recordId: string) => string;
}

const recordHref = (id: string) => `/record/${encodeURIComponent(id)}`;

export function StatsView({
  records,
  annotator,
  extra: Extra,
}: {
  records: readonly AnswerRecord[];
  annotator: string;
  extra?: ComponentType<StatsExtraProps>;
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const ratings = useReviewStore((s) => s.ratings);
  const [by, setBy] = useState<StatsGrouping>('endpoint-model');
  const [mine, setMine] = useState(false);
  const who = mine ? annotator : '';
  const groups = useMemo(() => computeStats(records, ratings, { groupBy: by, annotator: who || undefined }), [records, ratings, by, who]);
  const names = useMemo(() => groups.map((g) => groupName(g, by)), [groups, by]);
  const charts = useMemo(
    () => ({ mean: meanConfig(groups, names, t), dist: distributionConfig(groups, names, t), tags: tagsConfig(groups, names, lang) }),
    [groups, names, t, lang],
  );
  const anyScores = groups.some((g) => g.scored > 0);
  const anyTags = groups.some((g) => g.tags.length > 0);

  return (
    <div className="stats" data-testid="stats">
      <div className="row stats-controls">
        <label>
          {t('review.stats.groupBy')}{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as StatsGrouping)} data-testid="stats-group-by">
            <option value="endpoint-model">{t('review.stats.by.endpointModel')}</option>
            <option value="endpoint">{t('review.stats.by.endpoint')}</option>
            <option value="model">{t('review.stats.by.model')}</option>
          </select>
        </label>
        <label className="checkbox inline">
          <input
            type="checkbox"
            checked={mine}
            disabled={!annotator}
            onChange={(e) => setMine(e.target.checked)}
            data-testid="stats-mine"
          />
          {t('review.stats.mine')}
        </label>
      </div>
      {groups.length === 0 ? (
        <p className="muted">{t('review.list.empty')}</p>
      ) : (
        <>
          {/* Scrolls sideways on a phone. */}
          <ScrollRegion className="table-scroll" label={t('review.stats.tableLabel')}>
            <table className="stats-table" data-testid="stats-table">
              <thead>
                <tr>
                  <th scope="col">{t('review.stats.group')}</th>
                  <th scope="col">{t('review.stats.records')}</th>
                  <th scope="col">{t('review.stats.rated')}</th>
                  <th scope="col">{t('review.stats.meanCi')}</th>
                  <th scope="col">{t('review.stats.distribution')}</th>
                  <th scope="col">{t('review.stats.tags')}</th>
                  <th scope="col">{t('review.stats.thumbs')}</th>
                  <th scope="col">{t('review.stats.ttft')}</th>
                  <th scope="col">{t('review.stats.tps')}</th>
                  <th scope="col">{t('review.stats.errorRate')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g, i) => (
                  <tr key={g.key} data-testid="stats-row" data-group={g.key}>
                    <th scope="row">{names[i]}</th>
                    <td className="num">{g.records.toLocaleString()}</td>
                    <td className="num">{g.rated.toLocaleString()}</td>
                    <td className="num" data-testid="stats-mean">
                      {num(g.meanScore)}
                      {g.ci95 && (
                        <span className="muted small">
                          {' '}
                          [{num(g.ci95.low)}, {num(g.ci95.high)}]
                        </span>
                      )}
                    </td>
                    <td>
                      <Distribution counts={g.scoreDistribution} />
                    </td>
                    <td className="small">
                      {g.tags
                        .slice(0, 4)
                        .map((x) => `${tagLabel(x.tag, lang)} ${x.count}`)
                        .join(', ') || '—'}
                    </td>
                    <td className="num">
                      {g.thumbs.up} / {g.thumbs.down}
                    </td>
                    <td className="num">{msText(g.medianTtftMs)}</td>
                    <td className="num">{num(g.medianTokensPerSecond, 1)}</td>
                    <td className="num">{pct(g.errorRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="chart-grid">
            <section>
              <h4>{t('review.stats.chart.mean')}</h4>
              {anyScores ? (
                <ChartCanvas config={charts.mean} label={t('review.stats.chart.mean')} testId="chart-mean" />
              ) : (
                <p className="muted">{t('review.stats.noScores')}</p>
              )}
            </section>
            <section>
              <h4>{t('review.stats.chart.distribution')}</h4>
              {anyScores ? (
                <ChartCanvas
                  config={charts.dist}
                  label={t('review.stats.chart.distribution')}
                  height={Math.max(160, 70 + groups.length * 46)}
                  testId="chart-distribution"
                />
              ) : (
                <p className="muted">{t('review.stats.noScores')}</p>
              )}
            </section>
            <section className="wide">
              <h4>{t('review.stats.chart.tags')}</h4>
              {anyTags ? (
                <ChartCanvas config={charts.tags} label={t('review.stats.chart.tags')} testId="chart-tags" />
              ) : (
                <p className="muted">{t('review.stats.noTags')}</p>
              )}
            </section>
          </div>
          <p className="muted small">{t('review.stats.note')}</p>
          {Extra && <Extra records={records} ratings={ratings} recordHref={recordHref} />}
        </>
      )}
    </div>
  );
}

function Distribution({ counts }: { counts: Record<1 | 2 | 3 | 4 | 5, number> }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!total) return <span className="muted">—</span>;
  return (
    <span className="dist-bar" title={([1, 2, 3, 4, 5] as const).map((s) => `${s}: ${counts[s]}`).join('  ')}>
      {([1, 2, 3, 4, 5] as const).map((s) =>
        counts[s] ? <span key={s} style={{ flexGrow: counts[s], background: SCORE_COLORS[s - 1] }} /> : null,
      )}
    </span>
  );
}
