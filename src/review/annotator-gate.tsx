// Asks once for the annotator's name (kept in Settings), before the first rating is stored under it.
import { useState } from 'react';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';

/** `autoFocus` where the form is the one thing to do (the queue, a thumb just pressed), not inside a longer page. */
export function AnnotatorGate({
  onDone,
  compact,
  initial = '',
  autoFocus,
}: {
  onDone?: (name: string) => void;
  compact?: boolean;
  initial?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const [name, setName] = useState(initial);
  return (
    <form
      className={compact ? 'annotator-gate compact' : 'annotator-gate'}
      data-testid="annotator-gate"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) return;
        useAppStore.getState().setAnnotator(trimmed);
        onDone?.(useAppStore.getState().annotator);
      }}
    >
      <label>
        <span>{t('review.annotator.ask')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          autoFocus={autoFocus}
          autoComplete="name"
          placeholder={t('review.annotator.placeholder')}
          data-testid="annotator-gate-input"
        />
      </label>
      <button type="submit" className="primary" disabled={!name.trim()} data-testid="annotator-gate-save">
        {t('review.annotator.save')}
      </button>
      {!compact && <small className="muted">{t('review.annotator.help')}</small>}
    </form>
  );
}
