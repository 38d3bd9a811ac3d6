// Asks once for the annotator's name (the caller keeps it in Settings) before the first rating or vote.
import { useState } from 'react';
import type { Translate } from '../i18n';

export function AnnotatorForm({
  t,
  onSave,
  saveLabel,
  compact,
  initial = '',
  autoFocus,
}: {
  t: Translate;
  onSave: (name: string) => void;
  saveLabel: string;
  compact?: boolean;
  initial?: string;
  autoFocus?: boolean;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      className={compact ? 'annotator-gate compact' : 'annotator-gate'}
      data-testid="annotator-gate"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onSave(name.trim());
      }}
    >
      <label>
        <span>{t('annotator.ask')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          autoFocus={autoFocus}
          autoComplete="name"
          placeholder={t('annotator.placeholder')}
          data-testid="annotator-gate-input"
        />
      </label>
      <button type="submit" className="primary" disabled={!name.trim()} data-testid="annotator-gate-save">
        {saveLabel}
      </button>
      {!compact && <small className="muted">{t('annotator.help')}</small>}
    </form>
  );
}
