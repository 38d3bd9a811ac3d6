// The batch home: import a question set, the stored sets (rename, delete, run) and the runs.
import { useState } from 'react';
import { Link } from 'wouter';
import { formatWhen } from '../i18n';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ConfirmDialog } from '../ui/confirm';
import { deleteSet, renameSet, useBatchLists } from './batch-data';
import { ImportPanel } from './import-panel';
import type { QuestionSet, Run } from './model';
import { useRunProgress } from './progress';
import { stateLabel } from './words';

function SetRow({ set }: { set: QuestionSet }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(set.name);
  const [confirm, setConfirm] = useState(false);
  return (
    <tr data-testid="set-row" data-set-id={set.id}>
      <th scope="row">
        {editing ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) void renameSet(set.id, name.trim());
              setEditing(false);
            }}
          >
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label={t('batch.set.name')}
              maxLength={200}
              autoFocus
              data-testid="set-name-input"
            />
            <button type="submit" data-testid="set-name-save">
              {t('common.save')}
            </button>
          </form>
        ) : (
          <span data-testid="set-name">{set.name}</span>
        )}
      </th>
      <td>{t(`batch.format.${set.format}`)}</td>
      <td className="num" data-testid="set-items">
        {set.itemCount}
      </td>
      <td className="num">{set.imageCount}</td>
      <td className="small">{set.categories.join(', ') || '—'}</td>
      <td>
        {/* A flex box of its own: a flex cell is no table cell, and its row's border stopped short. */}
        <div className="batch-actions">
          <Link href={`/new/${set.id}`} className="button-link primary" data-testid="set-run">
            {t('batch.set.run')}
          </Link>
          <button type="button" onClick={() => setEditing((x) => !x)} data-testid="set-rename">
            {t('conv.rename')}
          </button>
          <button type="button" className="danger" onClick={() => setConfirm(true)} data-testid="set-delete">
            {t('conv.delete')}
          </button>
          <ConfirmDialog
            open={confirm}
            message={t('batch.set.deleteConfirm', { name: set.name })}
            confirmLabel={t('conv.delete')}
            cancelLabel={t('common.cancel')}
            danger
            onConfirm={() => {
              setConfirm(false);
              void deleteSet(set.id);
            }}
            onCancel={() => setConfirm(false)}
          />
        </div>
      </td>
    </tr>
  );
}

function RunRow({ run }: { run: Run }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const live = useRunProgress((s) => s.runs[run.id]);
  const done = live ? live.lanes.reduce((n, l) => n + l.done, 0) : null;
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-state={run.state}>
      <th scope="row">
        <Link href={`/run/${run.id}`}>{run.name}</Link>
      </th>
      <td className="label">{t(run.kind === 'judge' ? 'batch.run.kind.judge' : 'batch.run.kind.answer')}</td>
      <td className="small">{run.lanes.map((l) => l.endpoint.label).join(', ')}</td>
      <td className="num">{done === null ? run.unitCount : `${done} / ${run.unitCount}`}</td>
      <td className="label">{stateLabel(t, run.state, live?.where === 'elsewhere')}</td>
      <td className="small muted label">{formatWhen(run.createdAt, lang)}</td>
    </tr>
  );
}

export function Overview() {
  const t = useT();
  const sets = useBatchLists((s) => s.sets);
  const runs = useBatchLists((s) => s.runs);
  const load = useBatchLists((s) => s.load);
  return (
    <div className="batch-overview">
      <section aria-labelledby="batch-sets-title">
        <h2 id="batch-sets-title">{t('batch.sets.title')}</h2>
        <ImportPanel />
        {sets.length === 0 ? (
          <p className="muted" data-testid="sets-empty">
            {load === 'ready' ? t('batch.sets.empty') : t('review.loading')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="batch-table sets-table" data-testid="sets-table">
              <thead>
                <tr>
                  <th scope="col">{t('batch.set.name')}</th>
                  <th scope="col">{t('batch.set.format')}</th>
                  <th scope="col" className="num">
                    {t('batch.set.items')}
                  </th>
                  <th scope="col" className="num">
                    {t('batch.set.images')}
                  </th>
                  <th scope="col">{t('batch.set.categories')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('batch.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sets.map((s) => (
                  <SetRow key={s.id} set={s} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="batch-runs-title">
        <h2 id="batch-runs-title">{t('batch.runs.title')}</h2>
        {runs.length === 0 ? (
          <p className="muted">{t('batch.runs.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="batch-table runs-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">{t('batch.run.name')}</th>
                  <th scope="col">{t('batch.run.kind')}</th>
                  <th scope="col">{t('batch.run.endpoints')}</th>
                  <th scope="col" className="num">
                    {t('batch.run.units')}
                  </th>
                  <th scope="col">{t('batch.run.state')}</th>
                  <th scope="col">{t('batch.run.created')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <RunRow key={r.id} run={r} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
