// A judge run's results: the Heron-Bench table of what it judged (relative score × 100 per endpoint and
// category, with n), and each judgement with its numbers, or, when the judge's answer could not be read,
// the reason and the raw text (never a score).
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { questionOf, type AnswerRecord, type Rating } from '../records';
import { useT } from '../store/use-t';
import { loadJudgeResults, type RunDetail } from './batch-data';
import { HeronTableView } from './heron-table-view';
import { heronTable } from './judge/table';
import { verdictResult } from './judge-view';
import type { JudgeRun } from './model';
import { Pager, usePage, useThrottled } from './result-list';
import { reasonWords } from './words';

type Shown = 'all' | 'parsed' | 'unparseable';

function Judgement({ record, rating }: { record: AnswerRecord | undefined; rating: Rating | undefined }) {
  const t = useT();
  const v = rating?.judge;
  const view = rating ? verdictResult(rating) : null;
  return (
    <li
      className="judgement"
      data-testid="judge-result"
      data-record-id={record?.id}
      data-parsed={v ? String(v.parsed) : undefined}
      data-relative={v?.relative ?? undefined}
    >
      <div className="judgement-head small">
        <strong>{record?.endpoint.label ?? '—'}</strong>
        {record?.batch?.category && <span className="muted">{record.batch.category}</span>}
        {!v ? (
          <span className="muted">{t('batch.results.notYet')}</span>
        ) : view?.parsed ? (
          <span className="score-badge" data-testid="judge-score">
            {t('batch.judge.scores', { answer: v.answerScore ?? '', reference: v.referenceScore ?? '', percent: view.percent })}
          </span>
        ) : (
          <span className="score-badge unparseable" data-testid="judge-unparseable">
            {t('batch.judge.unparseable', { why: reasonWords(t, v.reason) })}
          </span>
        )}
        {record && (
          <Link href={`~/review/record/${record.id}`} data-testid="result-open">
            {t('batch.results.open')}
          </Link>
        )}
      </div>
      {record && <p className="question-text small">{questionOf(record)}</p>}
      {v && (
        <details className="small">
          <summary>{t('batch.judge.raw', { n: v.passes.length })}</summary>
          {v.passes.map((p) => (
            <div key={p.order} className="judge-raw">
              <p className="muted">
                {t(p.order === 'reference-first' ? 'batch.judge.order.referenceFirst' : 'batch.judge.order.answerFirst')}
              </p>
              <pre data-testid="judge-raw">{p.raw || t('batch.judge.empty')}</pre>
            </div>
          ))}
          <p className="muted">{t('batch.rubric.version', { version: v.rubricVersion })}</p>
        </details>
      )}
    </li>
  );
}

export function JudgeResults({ detail, progressKey }: { detail: RunDetail; progressKey: number }) {
  const t = useT();
  const run = detail.run as JudgeRun;
  const [shown, setShown] = useState<Shown>('all');
  const rows = useThrottled(progressKey, () => loadJudgeResults(run, detail.recordIds), [run, detail.recordIds]);

  const table = useMemo(
    () =>
      heronTable(
        (rows ?? []).flatMap(({ record, rating }) => {
          const view = rating ? verdictResult(rating) : null;
          return record && view ? [{ endpoint: record.endpoint.label, category: record.batch?.category ?? null, result: view.result }] : [];
        }),
      ),
    [rows],
  );
  const filtered = useMemo(
    () =>
      (rows ?? []).filter(({ rating }) => {
        if (shown === 'all') return true;
        if (!rating?.judge) return false;
        return shown === 'parsed' ? rating.judge.parsed : !rating.judge.parsed;
      }),
    [rows, shown],
  );
  const page = usePage(filtered);

  return (
    <section className="run-results" data-testid="judge-results" aria-labelledby="judge-results-title">
      <h3 id="judge-results-title">{t('batch.results.title')}</h3>
      <p className="muted small">
        {t('batch.rubric.used', { name: run.rubric.name, version: run.rubricVersion })} ·{' '}
        {run.bothOrders ? t('batch.judge.bothOrdersOn') : t('batch.judge.bothOrdersOff')}
      </p>
      {rows === null ? (
        <p className="muted">{t('review.loading')}</p>
      ) : (
        <>
          <HeronTableView table={table} />
          <div className="row results-filters">
            <label>
              {t('batch.results.status')}{' '}
              <select
                value={shown}
                onChange={(e) => {
                  setShown(e.target.value as Shown);
                  page.setPage(0);
                }}
                data-testid="judge-filter"
              >
                <option value="all">{t('batch.results.all')}</option>
                <option value="parsed">{t('batch.judge.parsed')}</option>
                <option value="unparseable">{t('batch.judge.unparseableShort')}</option>
              </select>
            </label>
          </div>
          <ol className="result-items">
            {page.items.map((row, i) => (
              <Judgement key={row.record?.id ?? i} record={row.record} rating={row.rating} />
            ))}
          </ol>
          <Pager page={page} />
        </>
      )}
    </section>
  );
}
