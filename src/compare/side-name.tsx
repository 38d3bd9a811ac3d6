// How a side of a comparison is named, wherever its answer shows: its letter, and its endpoint's label and
// model only when names may be seen (a blind comparison hides them until the vote).
import { useT } from '../store/use-t';

export function SideName({ letter, endpoint }: { letter: string; endpoint: { label: string; model: string } | null }) {
  const t = useT();
  return (
    <>
      <span className="side-letter" aria-hidden="true">
        {letter}
      </span>
      <span className="side-name" data-testid="side-name">
        {endpoint ? (
          <>
            <bdi>{endpoint.label}</bdi> <span className="muted small">{endpoint.model}</span>
          </>
        ) : (
          t('compare.sideHidden', { side: letter })
        )}
      </span>
    </>
  );
}
