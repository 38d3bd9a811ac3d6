// Exporting one answer run: its answers with every rating on them (people's and judges'), as the export zip or
// the ratings CSV — the files Review exports, without first finding the run's records among all the others.
import { useState } from 'react';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { exportRun } from './batch-data';
import type { AnswerRun } from './model';

export function RunExport({ run, disabled }: { run: AnswerRun; disabled: boolean }) {
  const t = useT();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const start = async (format: 'zip' | 'csv') => {
    setError(null);
    setPercent(0);
    try {
      await exportRun(run, format, (done, total) => setPercent(Math.floor((100 * done) / Math.max(1, total))));
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };
  const busy = disabled || percent !== null;
  return (
    <div className="run-export">
      <div className="row" role="group" aria-label={t('batch.export.title')}>
        <button type="button" onClick={() => void start('zip')} disabled={busy} title={t('batch.export.help')} data-testid="run-export-zip">
          {percent === null ? t('batch.export.zip') : t('review.transfer.exporting', { percent })}
        </button>
        <button type="button" onClick={() => void start('csv')} disabled={busy} title={t('batch.export.help')} data-testid="run-export-csv">
          {t('batch.export.csv')}
        </button>
      </div>
      {error !== null && (
        <Notice kind="error" testId="run-export-error" onDismiss={() => setError(null)} dismissLabel={t('common.close')}>
          {t('batch.export.failed')}
          <ErrorDetail summary={t('storage.detail')} error={error} />
        </Notice>
      )}
    </div>
  );
}
