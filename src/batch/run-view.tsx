// One run: its progress (per endpoint done / total, failures, back-off or pause, throughput, time left, with
// pause, resume and cancel) and its results.
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { formatWhen } from '../i18n';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ConfirmDialog } from '../ui/confirm';
import { Notice } from '../ui/notice';
import { deleteRun, loadRunDetail, type RunDetail } from './batch-data';
import { JudgeResults } from './judge-results';
import type { Run } from './model';
import { useRunProgress, type LaneProgress, type RunProgress } from './progress';
import { RunExport } from './run-export';
import { RunResults } from './run-results';
import { cancelRun, onStoredChange, pauseRun, resumeLane, resumeRun, retryFailed, runHere } from './run-controller';
import { durationWords, errorCodeWords, pauseWords, stateLabel } from './words';

function useRunDetail(runId: string): RunDetail | null | undefined {
  const [detail, setDetail] = useState<RunDetail | null>();
  useEffect(() => {
    let live = true;
    const load = () => void loadRunDetail(runId).then((d) => live && setDetail(d), reportStorageError);
    load();
    const off = onStoredChange(load);
    return () => {
      live = false;
      off();
    };
  }, [runId]);
  return detail;
}

/** Live figures when a tab works on the run; otherwise what storage says. */
function lanesOf(detail: RunDetail, live: RunProgress | undefined): LaneProgress[] {
  if (live && live.lanes.length === detail.run.lanes.length) return live.lanes;
  return detail.run.lanes.map((l, i) => {
    const c = detail.lanes[i] ?? { done: 0, failed: 0, total: 0 };
    return {
      endpointId: l.endpoint.id,
      label: l.endpoint.label,
      total: c.total,
      done: c.done,
      failed: c.failed,
      inFlight: 0,
      pending: c.total - c.done - c.failed,
      paused: l.paused,
      waitingUntil: null,
      lastError: null,
      perSecond: null,
    };
  });
}

function LaneRow({ lane, index, run }: { lane: LaneProgress; index: number; run: Run }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (lane.waitingUntil === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [lane.waitingUntil]);
  const finished = lane.done + lane.failed;
  return (
    <li
      className="lane"
      data-testid="run-lane"
      data-endpoint-id={lane.endpointId}
      data-done={lane.done}
      data-failed={lane.failed}
      data-total={lane.total}
      data-in-flight={lane.inFlight}
      data-paused={lane.paused ? lane.paused.reason : undefined}
    >
      <div className="lane-head">
        <strong>{lane.label}</strong>
        <span className="num" data-testid="lane-count">
          {t('batch.progress.count', { done: lane.done, total: lane.total })}
        </span>
      </div>
      <progress max={Math.max(1, lane.total)} value={finished} aria-label={t('batch.progress.of', { label: lane.label })} />
      <div className="lane-facts small muted">
        {lane.failed > 0 && <span data-testid="lane-failed">{t('batch.progress.failed', { n: lane.failed })}</span>}
        {lane.inFlight > 0 && <span>{t('batch.progress.inFlight', { n: lane.inFlight })}</span>}
        {lane.perSecond !== null && <span>{t('batch.progress.rate', { rate: lane.perSecond.toFixed(1) })}</span>}
        {lane.waitingUntil !== null && lane.waitingUntil > now && (
          <span data-testid="lane-waiting">
            {t('batch.progress.waiting', { seconds: Math.ceil((lane.waitingUntil - now) / 1000) })}
            {lane.lastError ? ` (${errorCodeWords(lane.lastError, lang, t, lane.label)})` : ''}
          </span>
        )}
      </div>
      {lane.paused && (
        <Notice kind="warning" testId="lane-paused">
          <p>{pauseWords(lane.paused, lang, t, lane.label)}</p>
          {run.state !== 'cancelled' && (
            <button type="button" onClick={() => void resumeLane(run.id, index)} data-testid="lane-resume">
              {t('batch.progress.resumeLane')}
            </button>
          )}
        </Notice>
      )}
    </li>
  );
}

export function RunView({ runId }: { runId: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const detail = useRunDetail(runId);
  const live = useRunProgress((s) => s.runs[runId]);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);
  const state = detail?.run.state;

  // A run that should go on and that no tab works on is taken up here (after a reload, say).
  useEffect(() => {
    if (state === 'running') void runHere(runId, { wait: true });
  }, [runId, state]);

  if (detail === undefined) return <p className="muted">{t('review.loading')}</p>;
  if (detail === null) return <Notice kind="error">{t('batch.run.missing')}</Notice>;
  const { run } = detail;
  const lanes = lanesOf(detail, live);
  const total = lanes.reduce((n, l) => n + l.total, 0);
  const done = lanes.reduce((n, l) => n + l.done, 0);
  const failed = lanes.reduce((n, l) => n + l.failed, 0);
  const elsewhere = live?.where === 'elsewhere';
  const stopping = live?.stopping ?? null;
  const shownState =
    stopping === 'pause'
      ? t('batch.state.pausing')
      : stopping === 'cancel'
        ? t('batch.state.cancelling')
        : stateLabel(t, run.state, elsewhere);

  return (
    <div className="run-view" data-testid="run-view" data-run-id={run.id} data-state={run.state} data-stopping={stopping ?? undefined}>
      <div className="run-head">
        <h2>{run.name}</h2>
        <p className="muted small">
          {t(run.kind === 'judge' ? 'batch.run.kind.judge' : 'batch.run.kind.answer')} · {formatWhen(run.createdAt, lang)}
        </p>
      </div>
      <section className="run-progress" aria-label={t('batch.progress.title')}>
        <div className="run-overall">
          <progress max={Math.max(1, total)} value={done + failed} aria-label={t('batch.progress.title')} data-testid="run-progress" />
          <p className="row">
            <strong data-testid="run-state">{shownState}</strong>
            <span className="num" data-testid="run-count">
              {t('batch.progress.count', { done, total })}
            </span>
            {failed > 0 && <span data-testid="run-failed">{t('batch.progress.failed', { n: failed })}</span>}
            {live?.perSecond != null && (
              <span data-testid="run-throughput">{t('batch.progress.rate', { rate: live.perSecond.toFixed(1) })}</span>
            )}
            {live?.etaMs != null && live.etaMs > 0 && (
              <span data-testid="run-eta">{t('batch.progress.eta', { time: durationWords(live.etaMs, t) })}</span>
            )}
          </p>
          {elsewhere && run.state === 'running' && <Notice kind="info">{t('batch.progress.elsewhere')}</Notice>}
        </div>
        <ul className="lanes">
          {lanes.map((l, i) => (
            <LaneRow key={`${l.endpointId}-${i}`} lane={l} index={i} run={run} />
          ))}
        </ul>
        <div className="row run-controls">
          {run.state === 'running' && (
            <button type="button" onClick={() => void pauseRun(run.id)} disabled={stopping !== null} data-testid="run-pause">
              {t('batch.control.pause')}
            </button>
          )}
          {run.state === 'paused' && (
            <button type="button" className="primary" onClick={() => void resumeRun(run.id)} data-testid="run-resume">
              {t('batch.control.resume')}
            </button>
          )}
          {(run.state === 'running' || run.state === 'paused') && (
            <button type="button" className="danger" onClick={() => setConfirm('cancel')} data-testid="run-cancel">
              {t('batch.control.cancel')}
            </button>
          )}
          {failed > 0 && run.state !== 'cancelled' && (
            <button type="button" onClick={() => void retryFailed(run.id)} data-testid="run-retry-failed">
              {t('batch.control.retryFailed', { n: failed })}
            </button>
          )}
          {run.kind === 'answer' && (
            <>
              <Link href={`/judge/${run.id}`} className="button-link" data-testid="run-judge">
                {t('batch.control.judge')}
              </Link>
              <Link href={`~/review/group/${run.id}`} className="button-link" data-testid="run-review">
                {t('batch.control.review')}
              </Link>
            </>
          )}
          {run.state !== 'running' && (
            <button type="button" className="danger" onClick={() => setConfirm('delete')} data-testid="run-delete">
              {t('batch.control.delete')}
            </button>
          )}
        </div>
        {run.kind === 'answer' && <RunExport run={run} disabled={done + failed === 0} />}
        <ConfirmDialog
          open={confirm !== null}
          message={confirm === 'delete' ? t('batch.control.deleteConfirm') : t('batch.control.cancelConfirm')}
          confirmLabel={confirm === 'delete' ? t('batch.control.delete') : t('batch.control.cancel')}
          cancelLabel={t('common.cancel')}
          danger
          onConfirm={() => {
            if (confirm === 'delete') void deleteRun(run.id).then(() => history.back());
            else void cancelRun(run.id);
            setConfirm(null);
          }}
          onCancel={() => setConfirm(null)}
        />
      </section>
      {run.kind === 'answer' ? (
        <RunResults detail={detail} progressKey={done + failed} />
      ) : (
        <JudgeResults detail={detail} progressKey={done + failed} />
      )}
    </div>
  );
}
