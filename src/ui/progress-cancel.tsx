// A long job the person may stop (an import): a bar (moving without a percent), where the job is in words,
// and Cancel, which stays pressed once asked. The words come from the caller's screen.
export function ProgressCancel({
  testId,
  phase,
  percent,
  label,
  status,
  cancelLabel,
  cancelTestId,
  cancelling,
  onCancel,
}: {
  testId: string;
  /** The job's step, for tests and the bench (data-phase). */
  phase: string;
  percent: number | null;
  /** The bar's accessible name. */
  label: string;
  status: string;
  cancelLabel: string;
  cancelTestId: string;
  cancelling: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="import-progress" data-testid={testId} data-phase={phase}>
      <progress max={100} value={percent ?? undefined} aria-label={label} />
      <span role="status">{status}</span>
      <button type="button" onClick={onCancel} disabled={cancelling} data-testid={cancelTestId}>
        {cancelLabel}
      </button>
    </div>
  );
}
