// Judge statistics for Review's statistics page (src/app hands this panel to Review): the Heron-Bench table
// of the judge's scores per endpoint and category over the records Review's filter shows, and, where people
// and a judge rated the same records, their agreement (Spearman, quadratic weighted kappa, n) with the records
// they disagree on most one click away.
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { isJudgeAnnotator, type AnswerRecord, type RatingsIndex } from '../records';
import { agreement, relativeToFive, type PairedRating } from '../stats/agreement';
import { useT } from '../store/use-t';
import './batch.css';
import { HeronTableView } from './heron-table-view';
import { heronTable, type JudgedItem } from './judge/table';
import { verdictResult } from './judge-view';

export interface JudgeStatsProps {
  records: readonly AnswerRecord[];
  ratings: RatingsIndex;
  /** Where a record opens in Review. */
  recordHref: (recordId: string) => string;
}

const fixed = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

export function JudgeStats({ records, ratings, recordHref }: JudgeStatsProps) {
  const t = useT();
  const judges = useMemo(() => {
    const names = new Set<string>();
    for (const r of records) for (const x of ratings.get(r.id) ?? []) if (isJudgeAnnotator(x.annotator) && x.judge) names.add(x.annotator);
    return [...names].sort();
  }, [records, ratings]);
  const [chosen, setChosen] = useState('');
  const judge = judges.includes(chosen) ? chosen : (judges[0] ?? '');

  const { table, labels, pairs, byId } = useMemo(() => {
    const items: JudgedItem[] = [];
    const labelMap = new Map<string, string>();
    const paired: PairedRating[] = [];
    const index = new Map<string, AnswerRecord>();
    for (const record of records) {
      const list = ratings.get(record.id) ?? [];
      const mine = list.find((x) => x.annotator === judge && x.judge);
      if (!mine) continue;
      const view = verdictResult(mine);
      if (!view) continue;
      const key = `${record.endpoint.id}\u0000${record.endpoint.model}`;
      labelMap.set(key, `${record.endpoint.label} · ${record.endpoint.model}`);
      items.push({ endpoint: key, category: record.batch?.category ?? null, result: view.result });
      const human = list.filter((x) => !isJudgeAnnotator(x.annotator) && x.score !== null).map((x) => x.score!);
      const judged = view.parsed && mine.judge?.relative != null ? relativeToFive(mine.judge.relative) : null;
      if (human.length > 0 && judged !== null) {
        paired.push({ id: record.id, human: Math.round(human.reduce((a, b) => a + b, 0) / human.length), judge: judged });
        index.set(record.id, record);
      }
    }
    return { table: heronTable(items), labels: labelMap, pairs: paired, byId: index };
  }, [records, ratings, judge]);
  const agreed = useMemo(() => agreement(pairs, 10), [pairs]);

  if (judges.length === 0) return null;
  return (
    <section className="judge-stats" data-testid="judge-stats" aria-labelledby="judge-stats-title">
      <h3 id="judge-stats-title">{t('batch.stats.title')}</h3>
      {judges.length > 1 && (
        <label>
          {t('batch.stats.judge')}{' '}
          <select value={judge} onChange={(e) => setChosen(e.target.value)} data-testid="judge-stats-judge">
            {judges.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="muted small">{t('batch.stats.judgeIs', { judge })}</p>
      <HeronTableView table={table} labelOf={(k) => labels.get(k) ?? k} />
      <h4>{t('batch.stats.agreement')}</h4>
      {agreed.n === 0 ? (
        <p className="muted small" data-testid="agreement-none">
          {t('batch.stats.noOverlap')}
        </p>
      ) : (
        <>
          <dl className="agreement" data-testid="agreement" data-n={agreed.n}>
            <div>
              <dt>{t('batch.stats.spearman')}</dt>
              <dd data-testid="agreement-spearman">
                {fixed(agreed.spearman.value)} <span className="muted small">n={agreed.spearman.n}</span>
              </dd>
            </div>
            <div>
              <dt>{t('batch.stats.kappa')}</dt>
              <dd data-testid="agreement-kappa">
                {fixed(agreed.kappa.value)} <span className="muted small">n={agreed.kappa.n}</span>
              </dd>
            </div>
          </dl>
          <p className="muted small">{t('batch.stats.agreementHelp')}</p>
          {agreed.mostDisagreeing.length > 0 && (
            <>
              <h4>{t('batch.stats.disagree')}</h4>
              <ol className="disagreements" data-testid="disagreements">
                {agreed.mostDisagreeing.map((d) => {
                  const record = byId.get(d.id);
                  return (
                    <li key={d.id} data-testid="disagreement" data-record-id={d.id}>
                      <Link href={recordHref(d.id)}>
                        {t('batch.stats.pair', { human: d.human, judge: d.judge })} · {record?.endpoint.label ?? ''} ·{' '}
                        <span className="muted">{(record?.messages.at(-1)?.text ?? '').slice(0, 80)}</span>
                      </Link>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
