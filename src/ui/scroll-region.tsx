import type { ReactNode } from 'react';

/**
 * A box that scrolls (a wide table on a phone, a long answer in a short box): focusable and named, so the
 * keyboard can scroll it too and a screen reader says what it holds.
 */
export function ScrollRegion({ className, label, children }: { className: string; label: string; children: ReactNode }) {
  return (
    <div className={className} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
