// An answer run's results: per endpoint and category, how many were answered and (once judged) the judge's
// Heron-Bench score; per item, the image, question and reference with every endpoint's answer side by side.
// Filters by category and status; a page of items at a time. While the run goes on, only what is cheap is
// read again (the records of the page shown; the unit outcomes, when another tab works on the run), so
// watching a run does not slow it.
import { RichText } from '../ui/rich-text';
import { ScrollRegion } from '../ui/scroll-region';
import { Fragment, memo, useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { AnswerRecord, Rating } from '../records';
import { useStoredImageUrl } from '../images/use-stored-image-url';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { answerRecordId, unitNumber, unitPosition } from './answer-unit';
import { loadJudgeRatings, loadOutcomes, loadRunRecords, type RunDetail } from './batch-data';
import { CategoryHead } from './heron-table-view';
import { heronTable, type JudgedItem } from './judge/table';
import { verdictResult } from './judge-view';
import type { AnswerRun, QuestionItem, UnitOutcome } from './model';
import { Pager, usePage, useThrottled } from './result-list';
import { outcomesHere } from './run-controller';
import { errorCodeWords } from './words';

const NO_RATINGS: ReadonlyMap<string, Rating> = new Map();

type Status = 'all' | 'ok' | 'failed' | 'missing';

function unitsOf(run: AnswerRun, item: number): number[] {
  return run.lanes.flatMap((_, lane) => Array.from({ length: run.repeats }, (_, repeat) => unitNumber(run, { lane, item, repeat })));
}

function itemStatus(outcomes: ReadonlyMap<number, UnitOutcome>, units: readonly number[]): Exclude<Status, 'all'> {
  const states = units.map((u) => outcomes.get(u)?.state);
  if (states.some((s) => s === 'failed')) return 'failed';
  if (states.every((s) => s === 'done')) return 'ok';
  return 'missing';
}

function Thumb({ sha256, alt }: { sha256: string | undefined; alt: string }) {
  const url = useStoredImageUrl(sha256);
  return url ? <img className="result-thumb" src={url} alt={alt} decoding="async" /> : <span className="result-thumb image-missing" />;
}

function AnswerCell({
  record,
  rating,
  endpointLabel,
}: {
  record: AnswerRecord | undefined;
  rating: Rating | undefined;
  endpointLabel: string;
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const status = record?.status ?? 'missing';
  const judged = rating ? verdictResult(rating) : null;
  return (
    <div className="result-answer" data-testid="result-answer" data-status={status} data-record-id={record?.id}>
      <div className="result-answer-head small">
        <strong>{endpointLabel}</strong>
        {judged && (
          <span className={judged.parsed ? 'score-badge' : 'score-badge unparseable'} data-testid="result-judge">
            {judged.parsed ? t('batch.judge.relative', { score: judged.percent }) : t('batch.judge.unparseableShort')}
          </span>
        )}
        {record && (
          <Link href={`~/review/record/${record.id}`} className="small" data-testid="result-open">
            {t('batch.results.open')}
          </Link>
        )}
      </div>
      {!record || record.status === 'pending' ? (
        <p className="muted small">{t('batch.results.notYet')}</p>
      ) : record.status === 'ok' ? (
        <ScrollRegion className="result-text answer-text" label={t('batch.results.answerRegion', { endpoint: endpointLabel })}>
          <RichText text={record.output} />
        </ScrollRegion>
      ) : (
        <p className="result-text error-text">
          {record.error ? errorCodeWords(record.error.code, lang, t, endpointLabel) : t(`batch.results.status.${record.status}`)}
        </p>
      )}
    </div>
  );
}

// Memoised: the run's progress re-renders the page four times a second, and the rows (with their answers'
// Markdown) change only when their records are read again.
const ItemRow = memo(function ItemRow({
  item,
  index,
  run,
  records,
  judged,
}: {
  item: QuestionItem;
  index: number;
  run: AnswerRun;
  records: ReadonlyMap<number, AnswerRecord>;
  judged: ReadonlyMap<string, Rating>;
}) {
  const t = useT();
  return (
    <li className="result-item" data-testid="result-item" data-item-id={item.id}>
      <div className="result-question">
        <Thumb sha256={item.images[0]?.sha256} alt={t('batch.results.imageAlt', { id: item.id })} />
        <div>
          <p className="small muted">
            #{item.id}
            {item.category ? ` · ${item.category}` : ''}
          </p>
          <p className="question-text">{item.question}</p>
          {item.reference && (
            <details className="small">
              <summary>{t('batch.results.reference')}</summary>
              <p className="result-text" data-testid="result-reference">
                {item.reference}
              </p>
            </details>
          )}
        </div>
      </div>
      <div className="result-answers" style={{ ['--lanes' as string]: run.lanes.length }}>
        {run.lanes.flatMap((lane, l) =>
          Array.from({ length: run.repeats }, (_, repeat) => {
            const record = records.get(unitNumber(run, { lane: l, item: index, repeat }));
            const label = run.repeats > 1 ? `${lane.endpoint.label} #${repeat + 1}` : lane.endpoint.label;
            return <AnswerCell key={`${l}-${repeat}`} record={record} rating={record && judged.get(record.id)} endpointLabel={label} />;
          }),
        )}
      </div>
    </li>
  );
});

interface Counts {
  ok: number;
  failed: number;
  total: number;
}

function Summary({
  run,
  items,
  outcomes,
  judged,
}: {
  run: AnswerRun;
  items: readonly QuestionItem[];
  outcomes: ReadonlyMap<number, UnitOutcome>;
  judged: ReadonlyMap<string, Rating>;
}) {
  const t = useT();
  const categories = useMemo(() => [...new Set(items.map((i) => i.category ?? ''))].sort(), [items]);
  const rows = useMemo(() => {
    const judgedItems: JudgedItem[] = [];
    const counts = run.lanes.map(() => new Map<string, Counts>());
    for (let u = 0; u < run.unitCount; u++) {
      const p = unitPosition(run, u);
      const category = items[p.item]?.category ?? '';
      const cell = counts[p.lane]!.get(category) ?? { ok: 0, failed: 0, total: 0 };
      cell.total += 1;
      const state = outcomes.get(u)?.state;
      if (state === 'done') cell.ok += 1;
      else if (state === 'failed') cell.failed += 1;
      counts[p.lane]!.set(category, cell);
      const rating = judged.get(answerRecordId(run.id, p));
      const view = rating ? verdictResult(rating) : null;
      if (view) judgedItems.push({ endpoint: String(p.lane), category: category || null, result: view.result });
    }
    const table = heronTable(judgedItems);
    return run.lanes.map((lane, l) => ({
      label: lane.endpoint.label,
      counts: counts[l]!,
      heron: table.rows.find((r) => r.endpoint === String(l)),
    }));
  }, [run, items, outcomes, judged]);
  const anyJudged = rows.some((r) => r.heron);
  const cell = (key: string, c: Counts | undefined, score: number | null | undefined, n: number | undefined) => (
    <td className="num" key={key}>
      <span>{t('batch.progress.count', { done: c?.ok ?? 0, total: c?.total ?? 0 })}</span>
      {c && c.failed > 0 && <span className="error-text small"> · {t('batch.progress.failed', { n: c.failed })}</span>}
      {anyJudged && score != null && (
        <>
          <br />
          <span className="score-badge" data-testid="results-judge-score">
            {score.toFixed(1)}
          </span>{' '}
          <span className="muted small">n={n ?? 0}</span>
        </>
      )}
    </td>
  );
  return (
    <div className="table-scroll">
      <table className="batch-table results-summary" data-testid="results-summary">
        <CategoryHead categories={categories} />
        <tbody>
          {rows.map((row, l) => {
            const all = [...row.counts.values()].reduce(
              (a, c) => ({ ok: a.ok + c.ok, failed: a.failed + c.failed, total: a.total + c.total }),
              {
                ok: 0,
                failed: 0,
                total: 0,
              },
            );
            return (
              <tr key={l} data-testid="results-summary-row" data-done={all.ok}>
                <th scope="row">{row.label}</th>
                {categories.map((c) => (
                  <Fragment key={c}>{cell(c, row.counts.get(c), row.heron?.cells[c]?.score, row.heron?.cells[c]?.n)}</Fragment>
                ))}
                {cell('overall', all, row.heron?.overall.score, row.heron?.overall.n)}
              </tr>
            );
          })}
        </tbody>
      </table>
      {anyJudged && <p className="muted small">{t('batch.judge.heronHelp')}</p>}
    </div>
  );
}

export function RunResults({ detail, progressKey }: { detail: RunDetail; progressKey: number }) {
  const t = useT();
  const run = detail.run as AnswerRun;
  const items = detail.items;
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const categories = useMemo(() => [...new Set(items.map((i) => i.category ?? ''))].sort(), [items]);

  // While this tab works on the run, its own outcomes, in step with the progress counters (storage gets them
  // in batches); otherwise what is stored, read again at most every few seconds.
  const here = outcomesHere(run.id);
  const stored = useThrottled(progressKey, () => (outcomesHere(run.id) ? Promise.resolve(null) : loadOutcomes(run.id)), [
    run.id,
    detail.outcomes,
  ]);
  const outcomes = here ?? stored ?? detail.outcomes;
  // The judge's scores are read when the run is not going on (a judge run starts after it, in any case).
  const judged =
    useThrottled(0, () => (run.state === 'running' ? Promise.resolve(new Map<string, Rating>()) : loadJudgeRatings(run)), [
      run.state,
      run.id,
    ]) ?? NO_RATINGS;

  const shown = useMemo(
    () =>
      items
        .map((item, index) => ({ item, index }))
        .filter(({ item, index }) => {
          if (category && (item.category ?? '') !== category) return false;
          return status === 'all' || itemStatus(outcomes, unitsOf(run, index)) === status;
        }),
    [items, outcomes, category, status, run],
  );
  const page = usePage(shown);
  const pageItems = page.items;
  const pageUnits = pageItems.flatMap(({ index }) => unitsOf(run, index));
  const records = useThrottled(progressKey, () => loadRunRecords(run, pageUnits), [run, pageUnits.join()]);

  return (
    <section className="run-results" aria-labelledby="run-results-title" data-testid="run-results">
      <h3 id="run-results-title">{t('batch.results.title')}</h3>
      <Summary run={run} items={items} outcomes={outcomes} judged={judged} />
      <div className="row results-filters">
        <label>
          {t('batch.results.category')}{' '}
          <select
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              page.setPage(0);
            }}
            data-testid="results-filter-category"
          >
            <option value="">{t('batch.results.all')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c || t('batch.results.noCategory')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('batch.results.status')}{' '}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Status);
              page.setPage(0);
            }}
            data-testid="results-filter-status"
          >
            <option value="all">{t('batch.results.all')}</option>
            <option value="ok">{t('batch.results.status.ok')}</option>
            <option value="failed">{t('batch.results.status.failed')}</option>
            <option value="missing">{t('batch.results.status.missing')}</option>
          </select>
        </label>
        <span className="muted small" data-testid="results-count">
          {t('batch.results.count', { n: shown.length })}
        </span>
      </div>
      {records === null ? (
        <p className="muted">{t('review.loading')}</p>
      ) : (
        <ol className="result-items">
          {pageItems.map(({ item, index }) => (
            <ItemRow key={item.id} item={item} index={index} run={run} records={records} judged={judged} />
          ))}
        </ol>
      )}
      <Pager page={page} testIdPrefix="results" />
    </section>
  );
}
