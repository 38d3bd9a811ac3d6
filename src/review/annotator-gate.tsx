// Asks once for the annotator's name (kept in Settings), before the first rating is stored under it.
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { AnnotatorForm } from '../ui/annotator-form';

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
  return (
    <AnnotatorForm
      t={t}
      saveLabel={t('annotator.save')}
      compact={compact}
      initial={initial}
      autoFocus={autoFocus}
      onSave={(name) => {
        useAppStore.getState().setAnnotator(name);
        onDone?.(useAppStore.getState().annotator);
      }}
    />
  );
}
