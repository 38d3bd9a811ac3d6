// The optional "why?" under a thumb: the default tags, one click each.
import { DEFAULT_TAGS } from '../records/constants';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { tagLabel } from './words';

export default function ThumbTags({
  selected,
  onToggle,
  onClose,
}: {
  selected: readonly string[];
  onToggle: (tag: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <span className="thumb-tags" role="group" aria-label={t('thumbs.why')} data-testid="thumb-tags">
      <span className="muted">{t('thumbs.why')}</span>
      {DEFAULT_TAGS.map((tag) => (
        <button
          key={tag}
          type="button"
          className="tag-chip small"
          aria-pressed={selected.includes(tag)}
          onClick={() => onToggle(tag)}
          data-testid={`thumb-tag-${tag}`}
        >
          {tagLabel(tag, lang)}
        </button>
      ))}
      <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} data-testid="thumb-tags-close">
        ×
      </button>
    </span>
  );
}
