// The question of a comparison (with its images), as the compare screen and the pairwise queue show it.
import { formatBytes } from '../i18n';
import type { ImageFacts } from '../images/types';
import { StoredImageButton } from '../images/stored-image-button';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';

export function QuestionView({ images, question }: { images: readonly ImageFacts[]; question: string }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <div className="compare-question message user">
      {images.length > 0 && (
        <div className="message-images">
          {images.map((i) => (
            <StoredImageButton
              key={i.sha256}
              sha256={i.sha256}
              mime={i.mime}
              name={t('compare.image')}
              caption={`${i.width}×${i.height}, ${formatBytes(i.bytes)}`}
              lang={lang}
            />
          ))}
        </div>
      )}
      <div className="plain">{question}</div>
    </div>
  );
}
