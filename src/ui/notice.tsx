import type { ReactNode } from 'react';

/** A message in the flow of the page. `alert` ones are announced by screen readers at once. */
export function Notice({
  kind,
  children,
  onDismiss,
  dismissLabel,
  testId,
}: {
  kind: 'error' | 'warning' | 'info';
  children: ReactNode;
  onDismiss?: () => void;
  dismissLabel?: string;
  testId?: string;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'info' ? 'status' : 'alert'} data-testid={testId}>
      <div className="notice-body">{children}</div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label={dismissLabel}>
          ×
        </button>
      )}
    </div>
  );
}
