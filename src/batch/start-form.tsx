// The frame of a form that starts a run (answers or a judge): submitting stores the run and opens its page;
// a failure is said in words, with the exception's text as a detail, and the form can be submitted again.
import { useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { BATCH_LIMITS } from './model';

export function StartForm(p: {
  testId: string;
  /** Stores the run; resolves to its id. */
  onStart: () => Promise<string>;
  canStart: boolean;
  startLabel: string;
  startTestId: string;
  children: ReactNode;
}) {
  const t = useT();
  const [, navigate] = useLocation();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    if (!p.canStart) return;
    setStarting(true);
    setError(null);
    try {
      navigate(`/run/${await p.onStart()}`);
    } catch (e) {
      setError(e);
      setStarting(false);
    }
  };

  return (
    <form
      className="batch-form"
      data-testid={p.testId}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      {p.children}
      {error !== null && (
        <Notice kind="error" testId="start-error">
          {t('batch.form.startFailed')}
          <ErrorDetail summary={t('storage.detail')} error={error} />
        </Notice>
      )}
      <button type="submit" className="primary" disabled={starting || !p.canStart} data-testid={p.startTestId}>
        {p.startLabel}
      </button>
    </form>
  );
}

/** A whole number typed into a field, kept within [min, max]; `fallback` when it is not a number. */
export const clampInt = (v: string, min: number, max: number, fallback: number): number => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

/** How many requests go out at once, on one endpoint. */
export function ConcurrencyField({ value, onChange, testId }: { value: number; onChange: (n: number) => void; testId: string }) {
  const t = useT();
  return (
    <label className="field">
      <span>{t('batch.form.concurrency')}</span>
      <input
        type="number"
        min={1}
        max={BATCH_LIMITS.concurrency}
        value={value}
        onChange={(e) => onChange(clampInt(e.target.value, 1, BATCH_LIMITS.concurrency, DEFAULT_CONCURRENCY))}
        data-testid={testId}
      />
    </label>
  );
}

export const DEFAULT_CONCURRENCY = 4;
