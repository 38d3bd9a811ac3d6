// Export (zip or CSV of the filtered records) and import (an export zip or a .jsonl), with the import's
// report: what was added, updated, left as it was, and every skipped line or entry with its reason.
import { useRef, useState } from 'react';
import type { AnswerRecord, ImportProgress, ImportReport } from '../records';
import { RecordsError } from '../records/errors';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { ProgressCancel } from '../ui/progress-cancel';
import { errorCode, exportRecordsCsv, exportRecordsZip, ImportCancelled, startImport, type ImportRun } from './review-data';
import { recordsErrorWords, skipWords } from './words';

type Status =
  | { kind: 'idle' }
  | { kind: 'exporting'; done: number; total: number }
  | { kind: 'importing'; name: string; progress: ImportProgress | null };

export function TransferBar({
  records,
  onReport,
  ready,
}: {
  records: readonly AnswerRecord[];
  onReport: (r: ReportState) => void;
  ready: boolean;
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const run = useRef<ImportRun | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const cancelAsked = useRef(false);
  const busy = status.kind !== 'idle' || !ready;

  const exportFailed = (e: unknown) =>
    onReport({
      kind: 'error',
      message: recordsErrorWords(errorCode(e), e instanceof RecordsError ? e.params : {}, lang),
      detail: e instanceof Error ? e.message : String(e),
    });

  const exportZip = async () => {
    setStatus({ kind: 'exporting', done: 0, total: 1 });
    try {
      await exportRecordsZip(records, (done, total) => setStatus({ kind: 'exporting', done, total }));
    } catch (e) {
      exportFailed(e);
    } finally {
      setStatus({ kind: 'idle' });
    }
  };

  const importOne = async (file: File) => {
    setStatus({ kind: 'importing', name: file.name, progress: null });
    const started = startImport(file, (progress) => setStatus({ kind: 'importing', name: file.name, progress }));
    run.current = started;
    cancelAsked.current = false;
    setCancelling(false);
    try {
      const report = await started.result;
      // A Cancel while saving that came after the write committed: the report says what was stored.
      onReport({ kind: 'report', name: file.name, report, cancelTooLate: cancelAsked.current });
    } catch (e) {
      if (e instanceof ImportCancelled) onReport({ kind: 'cancelled', name: file.name });
      else {
        onReport({
          kind: 'error',
          message: recordsErrorWords(errorCode(e), e instanceof RecordsError ? e.params : {}, lang),
          detail: e instanceof Error ? e.message : String(e),
          name: file.name,
        });
      }
    } finally {
      run.current = null;
      setStatus({ kind: 'idle' });
    }
  };

  return (
    <div className="transfer-bar" role="group" aria-label={t('review.transfer.title')}>
      <button
        type="button"
        onClick={() => void exportZip()}
        disabled={busy || records.length === 0}
        data-testid="export-zip"
        title={t('review.transfer.zipHelp')}
      >
        {status.kind === 'exporting'
          ? t('review.transfer.exporting', { percent: Math.floor((100 * status.done) / Math.max(1, status.total)) })
          : t('review.transfer.zip', { n: records.length.toLocaleString() })}
      </button>
      <button
        type="button"
        onClick={() => void exportRecordsCsv(records).catch(exportFailed)}
        disabled={busy || records.length === 0}
        data-testid="export-csv"
        title={t('review.transfer.csvHelp')}
      >
        {t('review.transfer.csv')}
      </button>
      <label className={busy ? 'file-button disabled' : 'file-button'} title={t('review.transfer.importHelp')}>
        {t('review.transfer.import')}
        <input
          type="file"
          accept=".zip,.jsonl,.ndjson,.json,application/zip,application/json"
          className="visually-hidden"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importOne(file);
          }}
          data-testid="import-input"
        />
      </label>
      {status.kind === 'importing' && (
        <ImportProgressView
          name={status.name}
          progress={status.progress}
          cancelling={cancelling}
          onCancel={() => {
            cancelAsked.current = true;
            setCancelling(true);
            run.current?.cancel();
          }}
        />
      )}
    </div>
  );
}

/** Where a running import is, with Cancel until it is done (while saving, Cancel aborts the one transaction). */
function ImportProgressView({
  name,
  progress,
  cancelling,
  onCancel,
}: {
  name: string;
  progress: ImportProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const t = useT();
  const phase = progress?.phase ?? null;
  const percent = progress && progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : null;
  const words =
    phase === null
      ? t('review.transfer.importing', { name })
      : phase === 'images'
        ? t('review.import.phase.images', { done: progress!.done.toLocaleString(), total: progress!.total.toLocaleString() })
        : phase === 'saving'
          ? t('review.import.phase.saving')
          : t(`review.import.phase.${phase}`, { name, percent: percent ?? 0 });
  return (
    <ProgressCancel
      testId="import-progress"
      phase={phase ?? 'starting'}
      percent={percent}
      label={t('review.import.progressLabel')}
      status={words}
      cancelLabel={cancelling ? t('review.import.cancelling') : t('review.import.cancel')}
      cancelTestId="import-cancel"
      cancelling={cancelling}
      onCancel={onCancel}
    />
  );
}

export type ReportState =
  | { kind: 'report'; name: string; report: ImportReport; cancelTooLate?: boolean }
  | { kind: 'cancelled'; name: string }
  | { kind: 'error'; message: string; detail: string; name?: string };

export function ImportReportView({ state, onClose }: { state: ReportState; onClose: () => void }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  if (state.kind === 'cancelled') {
    return (
      <div data-testid="import-report" data-outcome="cancelled">
        <Notice kind="info" onDismiss={onClose} dismissLabel={t('common.close')}>
          {t('review.import.cancelled', { name: state.name })}
        </Notice>
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div data-testid="import-report" data-outcome="error">
        <Notice kind="error" onDismiss={onClose} dismissLabel={t('common.close')}>
          <strong>{state.name ? t('review.import.failedFile', { name: state.name }) : state.message}</strong>
          {state.name && <div>{state.message}</div>}
          <ErrorDetail summary={t('storage.detail')} error={state.detail} />
        </Notice>
      </div>
    );
  }
  const r = state.report;
  const nothing = r.added + r.updated + r.ratings.added + r.ratings.updated + r.votes.added + r.votes.updated + r.images.added === 0;
  return (
    <div className="import-report" data-testid="import-report" data-outcome={r.skippedTotal ? 'skipped' : 'ok'}>
      <Notice kind={r.skippedTotal ? 'warning' : 'info'} onDismiss={onClose} dismissLabel={t('common.close')}>
        <strong>{t('review.import.done', { name: state.name })}</strong>
        {state.cancelTooLate && <p data-testid="import-cancel-too-late">{t('review.import.cancelTooLate')}</p>}
        <ul className="import-counts">
          <li data-testid="import-records">{t('review.import.records', { added: r.added, updated: r.updated, unchanged: r.unchanged })}</li>
          <li data-testid="import-ratings">
            {t('review.import.ratings', { added: r.ratings.added, updated: r.ratings.updated, unchanged: r.ratings.unchanged })}
          </li>
          {r.votes.added + r.votes.updated + r.votes.unchanged > 0 && (
            <li data-testid="import-votes">
              {t('review.import.votes', { added: r.votes.added, updated: r.votes.updated, unchanged: r.votes.unchanged })}
            </li>
          )}
          <li>
            {t('review.import.images', {
              added: r.images.added,
              unchanged: r.images.unchanged,
              skipped: r.images.skipped,
              missing: r.images.missing,
            })}
          </li>
          <li data-testid="import-skipped" data-count={r.skippedTotal}>
            {t('review.import.skipped', { n: r.skippedTotal })}
          </li>
        </ul>
        {nothing && r.skippedTotal > 0 && <p>{t('review.import.untouched')}</p>}
        {r.skipped.length > 0 && (
          <details open={r.skipped.length <= 10}>
            <summary>{t('review.import.reasons')}</summary>
            <ul className="skip-list" data-testid="import-skips">
              {r.skipped.map((s, i) => (
                <li key={i} data-code={s.code}>
                  <code>
                    <bdi>{s.entry}</bdi>
                    {s.line > 0 ? `:${s.line}` : ''}
                  </code>{' '}
                  {skipWords(s, lang)}
                  {s.detail && <ErrorDetail summary={t('storage.detail')} error={s.detail} />}
                </li>
              ))}
              {r.skippedTotal > r.skipped.length && (
                <li className="muted">{t('review.import.more', { n: r.skippedTotal - r.skipped.length })}</li>
              )}
            </ul>
          </details>
        )}
      </Notice>
    </div>
  );
}
