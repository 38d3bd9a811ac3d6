// The Leaderboard tab of Review (#/review/leaderboard; the app composes it into Review): Bradley-Terry ratings
// of the stored votes with bootstrap 95% intervals, computed in a Web Worker (leaderboard.ts), with the votes
// per model, the win-rate matrix, position bias, tie and both-bad rates, filters, a plot of the ratings with
// their intervals, and words for what the votes cannot tell.
import { ScrollRegion } from '../ui/scroll-region';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Translate } from '../i18n';
import type { LeaderboardIssue } from '../stats/bradley-terry';
import { useAppStore } from '../store';
import { selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { computeLeaderboard, type Leaderboard } from './leaderboard';

interface Filters {
  annotator: string;
  /** yyyy-mm-dd, '' for no bound. */
  from: string;
  to: string;
  blindOnly: boolean;
  unflaggedOnly: boolean;
}

const NO_FILTERS: Filters = { annotator: '', from: '', to: '', blindOnly: false, unflaggedOnly: false };
const DAY = 86_400_000;

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const round = (x: number) => Math.round(x).toString();

function useNames(board: Leaderboard | null): (key: string) => string {
  const endpoints = useAppStore(selectEndpoints);
  return useMemo(() => {
    const labels = new Map(endpoints.map((e) => [e.id, e.label]));
    return (key: string) => {
      const s = board?.subjects[key];
      if (!s) return key;
      const label = labels.get(s.endpointId) ?? s.endpointId;
      return s.model && s.model !== label ? `${label} · ${s.model}` : label;
    };
  }, [board, endpoints]);
}

function issueWords(t: Translate, issue: LeaderboardIssue, name: (key: string) => string): string | null {
  const pair = (a: string, b: string) => `${name(a)} – ${name(b)}`;
  switch (issue.code) {
    case 'few-votes-per-pair':
      return t('lb.issue.fewVotes', {
        minimum: issue.minimum,
        pairs: issue.pairs.map((p) => `${pair(p.a, p.b)} (${p.votes})`).join(', '),
      });
    case 'unseparated':
      return t('lb.issue.unseparated', { minimum: issue.minimum, pairs: issue.pairs.map((p) => pair(p.higher, p.lower)).join(', ') });
    case 'disconnected':
      return t('lb.issue.disconnected', { groups: issue.groups.map((g) => g.map(name).join(', ')).join(' | ') });
    case 'perfect-record':
      return t('lb.issue.perfect', { models: issue.models.map((m) => name(m.model)).join(', ') });
    case 'position-bias':
      return t('lb.issue.positionBias', { rate: pct(issue.leftWinRate) });
    default:
      return null;
  }
}

/** The ratings with their intervals, one row per model, on a shared axis. */
function IntervalPlot({ board, name }: { board: Leaderboard; name: (key: string) => string }) {
  const t = useT();
  const rows = board.models;
  const values = rows.flatMap((m) => (m.ci95 ? [m.ci95.low, m.ci95.high, m.rating] : [m.rating]));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.max(hi - lo, 20);
  const min = lo - span * 0.08;
  const max = hi + span * 0.08;
  const W = 640;
  const left = 170;
  const rowH = 26;
  const H = rows.length * rowH + 30;
  const x = (v: number) => left + ((v - min) / (max - min)) * (W - left - 16);
  const step = [5, 10, 20, 25, 50, 100, 200, 250, 500].find((s) => (max - min) / s <= 6) ?? 1000;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(v);
  return (
    <figure className="lb-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('lb.plot')} data-testid="lb-plot">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={4} y2={H - 22} className="lb-grid" />
            <text x={x(v)} y={H - 6} textAnchor="middle" className="lb-tick">
              {v}
            </text>
          </g>
        ))}
        {rows.map((m, i) => {
          const y = i * rowH + 16;
          return (
            <g key={m.model}>
              <text x={left - 8} y={y + 4} textAnchor="end" className="lb-label">
                {name(m.model).slice(0, 28)}
              </text>
              {m.ci95 && <line x1={x(m.ci95.low)} x2={x(m.ci95.high)} y1={y} y2={y} className="lb-interval" />}
              <circle cx={x(m.rating)} cy={y} r={4.5} className="lb-point" />
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">{t('lb.plotCaption', { rounds: board.rounds })}</figcaption>
    </figure>
  );
}

function WinMatrix({ board, name }: { board: Leaderboard; name: (key: string) => string }) {
  const t = useT();
  const votesBetween = (a: string, b: string) => board.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.votes ?? 0;
  return (
    <ScrollRegion className="lb-scroll" label={t('lb.matrixRegion')}>
      <table className="lb-table lb-matrix" data-testid="lb-matrix">
        <caption className="muted small">{t('lb.matrixCaption')}</caption>
        <thead>
          <tr>
            <th />
            {board.models.map((m) => (
              <th key={m.model} scope="col">
                <bdi>{name(m.model)}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {board.models.map((row, r) => (
            <tr key={row.model}>
              <th scope="row">
                <bdi>{name(row.model)}</bdi>
              </th>
              {board.models.map((col, c) => (
                <td key={col.model} title={r === c ? undefined : t('lb.matrixCell', { n: votesBetween(row.model, col.model) })}>
                  {r === c ? '' : pct(board.winRate[r]?.[c] ?? null)}
                  {r !== c && <span className="muted small"> ({votesBetween(row.model, col.model)})</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export default function LeaderboardView({ annotator }: { annotator: string }) {
  const t = useT();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [board, setBoard] = useState<Leaderboard | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = useNames(board);
  // The worker reads the stored votes when the tab opens, and ranks that read again when a filter changes.
  const read = useRef<'fresh' | 'cached'>('fresh');

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    setError(null);
    const from = filters.from ? Date.parse(`${filters.from}T00:00:00`) : undefined;
    const to = filters.to ? Date.parse(`${filters.to}T00:00:00`) + DAY : undefined;
    computeLeaderboard(
      { stored: read.current },
      {
        subject: 'endpoint-model',
        annotators: filters.annotator ? [filters.annotator] : [],
        from,
        to,
        blindOnly: filters.blindOnly,
        unflaggedOnly: filters.unflaggedOnly,
      },
      controller.signal,
    ).then(
      (result) => {
        read.current = 'cached';
        setBoard(result);
        setBusy(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setBusy(false);
      },
    );
    return () => controller.abort();
  }, [filters]);

  const annotators = board?.voters ?? [];
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const issues = board ? board.verdict.issues.flatMap((i) => issueWords(t, i, name) ?? []) : [];

  return (
    <div className="leaderboard" data-testid="leaderboard" data-state={busy || !board ? 'busy' : 'ready'}>
      <div className="lb-filters" role="group" aria-label={t('lb.filters')}>
        <label>
          <span className="muted small">{t('lb.annotator')}</span>
          <select value={filters.annotator} onChange={(e) => set({ annotator: e.target.value })} data-testid="lb-annotator">
            <option value="">{t('lb.everyone')}</option>
            {annotators.map((a) => (
              <option key={a} value={a}>
                {a}
                {a === annotator ? ` (${t('lb.you')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted small">{t('lb.from')}</span>
          <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} data-testid="lb-from" />
        </label>
        <label>
          <span className="muted small">{t('lb.to')}</span>
          <input type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} data-testid="lb-to" />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.blindOnly}
            onChange={(e) => set({ blindOnly: e.target.checked })}
            data-testid="lb-blind"
          />
          {t('lb.blindOnly')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.unflaggedOnly}
            onChange={(e) => set({ unflaggedOnly: e.target.checked })}
            data-testid="lb-unflagged"
          />
          {t('lb.unflaggedOnly')}
        </label>
      </div>
      {error !== null && (
        <Notice kind="error" testId="lb-error">
          {t('lb.failed')}
          <ErrorDetail summary={t('storage.detail')} error={error} />
        </Notice>
      )}
      {!board ? (
        <p className="muted" role="status">
          {t('lb.computing')}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="lb-counts">
            {t('lb.counts', { kept: board.filter.kept, total: board.filter.total, rounds: board.rounds })}
            {busy && ` · ${t('lb.computing')}`}
          </p>
          <div
            className={`lb-verdict notice notice-${board.verdict.code === 'separated' ? 'info' : 'warning'}`}
            data-testid="lb-verdict"
            data-code={board.verdict.code}
          >
            <strong>{t(`lb.verdict.${board.verdict.code}`)}</strong>
            {issues.length > 0 && (
              <ul>
                {issues.map((words) => (
                  <li key={words}>{words}</li>
                ))}
              </ul>
            )}
          </div>
          {board.models.length > 0 && (
            <>
              <ScrollRegion className="lb-scroll" label={t('lb.ratingsRegion')}>
                <table className="lb-table" data-testid="lb-ratings">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('lb.model')}</th>
                      <th scope="col">{t('lb.rating')}</th>
                      <th scope="col">{t('lb.ci')}</th>
                      <th scope="col">{t('lb.votes')}</th>
                      <th scope="col">{t('lb.record')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {board.models.map((m) => (
                      <tr key={m.model} data-testid="lb-row">
                        <td>{m.rank}</td>
                        <td>
                          <bdi>{name(m.model)}</bdi>
                        </td>
                        <td data-testid="lb-rating">{round(m.rating)}</td>
                        <td>{m.ci95 ? `${round(m.ci95.low)} – ${round(m.ci95.high)}` : '–'}</td>
                        <td data-testid="lb-votes">{m.votes}</td>
                        <td className="muted small">{t('lb.recordWords', { w: m.wins, l: m.losses, t: m.ties, x: m.bothBad })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <IntervalPlot board={board} name={name} />
              <WinMatrix board={board} name={name} />
              <ul className="lb-facts" data-testid="lb-facts">
                <li data-testid="lb-position">
                  {t('lb.position', {
                    rate: pct(board.positionBias.leftWinRate),
                    n: board.positionBias.n,
                    ci: board.positionBias.ci95 ? `${pct(board.positionBias.ci95.low)}–${pct(board.positionBias.ci95.high)}` : '–',
                  })}
                </li>
                <li>{t('lb.tieRate', { rate: pct(board.counts.tieRate), n: board.counts.ties })}</li>
                <li>{t('lb.bothBadRate', { rate: pct(board.counts.bothBadRate), n: board.counts.bothBad })}</li>
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
