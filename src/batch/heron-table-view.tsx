// The Heron-Bench table: per endpoint, the judge's relative score × 100 per question category and overall
// (the mean of the categories, as Heron-Bench reports it), each with the number of judgements behind it.
import type { ReactNode } from 'react';
import { useT } from '../store/use-t';
import type { HeronTable } from './judge/table';

const score = (x: number | null) => (x === null ? '—' : x.toFixed(1));

/** The head of a table per endpoint and category: endpoints, each category, overall, then `children`. */
export function CategoryHead({ categories, children }: { categories: readonly string[]; children?: ReactNode }) {
  const t = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{t('batch.run.endpoints')}</th>
        {categories.map((c) => (
          <th scope="col" className="num" key={c}>
            {c || t('batch.results.noCategory')}
          </th>
        ))}
        <th scope="col" className="num">
          {t('batch.results.overall')}
        </th>
        {children}
      </tr>
    </thead>
  );
}

export function HeronTableView({ table, labelOf = (k) => k }: { table: HeronTable; labelOf?: (endpoint: string) => string }) {
  const t = useT();
  if (table.rows.length === 0) return <p className="muted small">{t('batch.judge.none')}</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="batch-table heron-table" data-testid="judge-table">
          <CategoryHead categories={table.categories}>
            <th scope="col" className="num">
              {t('batch.judge.unparseableShort')}
            </th>
          </CategoryHead>
          <tbody>
            {table.rows.map((row) => (
              <tr
                key={row.endpoint}
                data-testid="judge-table-row"
                data-endpoint={row.endpoint}
                data-overall={row.overall.score ?? undefined}
              >
                <th scope="row">{labelOf(row.endpoint)}</th>
                {table.categories.map((c) => {
                  const cell = row.cells[c];
                  return (
                    <td className="num" key={c} data-category={c} data-score={cell?.score ?? undefined}>
                      {score(cell?.score ?? null)} <span className="muted small">n={cell?.n ?? 0}</span>
                    </td>
                  );
                })}
                <td className="num" data-testid="judge-overall">
                  <strong>{score(row.overall.score)}</strong> <span className="muted small">n={row.overall.n}</span>
                </td>
                <td className="num">{row.overall.unparseable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('batch.judge.heronHelp')}</p>
    </>
  );
}
