// The comparison's side of the one composer (images/composer-frame.tsx): each image prepared once per image
// policy of the endpoints compared; one Send sends the question and images to every side; Stop all stops
// every side.
import type { Endpoint } from '../config/schema';
import { ComposerFrame } from '../images/composer-frame';
import type { PreparedImage } from '../images/prepare-core';
import { policyKey } from '../images/use-attachments';
import { preloadInference } from '../inference';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { Notice } from '../ui/notice';

export interface CompareComposerProps {
  /** By slot. */
  endpoints: readonly Endpoint[];
  /** Names are hidden: notices speak of "an endpoint", never of which. */
  namesHidden: boolean;
  streaming: boolean;
  /** Images the comparison already holds (for one-image-per-conversation endpoints). */
  imagesInSession: number;
  onSend: (question: string, imagesBySlot: PreparedImage[][]) => Promise<void>;
  onStopAll: () => void;
  /** Starts a new comparison (the files go with it). */
  onNewComparison: () => void;
}

const warmUp = () => void preloadInference().catch(() => undefined);

export function CompareComposer(p: CompareComposerProps) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const perConversation = Math.min(...p.endpoints.map((e) => e.imagesPerConversation ?? Infinity));
  const unconfigured = p.endpoints.filter((e) => !e.url);

  return (
    <ComposerFrame
      lang={lang}
      draftKey="tanuki.compare.draft"
      policies={p.endpoints.map((e) => e.imagePolicy)}
      room={Math.min(...p.endpoints.map((e) => e.maxImagesPerMessage), perConversation)}
      perConversation={perConversation}
      imagesHeld={p.imagesInSession}
      onWarmUp={warmUp}
      placeholder={t('compare.placeholder')}
      notices={
        unconfigured.length > 0 && (
          <Notice kind="warning" testId="endpoint-not-configured">
            {p.namesHidden ? t('compare.noUrlHidden') : t('compare.noUrl', { labels: unconfigured.map((e) => e.label).join(', ') })}{' '}
            <a href="#/settings">{t('nav.settings')}</a>
          </Notice>
        )
      }
      overflow={{
        message: t('compare.oneImage'),
        action: t('compare.oneImageAction'),
        testId: 'new-comparison-with-image',
        startFresh: p.onNewComparison,
      }}
      blocked={unconfigured.length > 0 || p.streaming}
      sendLabel={t('compare.send', { n: p.endpoints.length })}
      stop={p.streaming ? { label: t('compare.stopAll'), testId: 'stop-all', onStop: p.onStopAll } : undefined}
      onSend={(question, attachments) => {
        const imagesBySlot = p.endpoints.map((e) =>
          attachments.flatMap((a) => {
            const image = a.prepared[policyKey(e.imagePolicy)];
            return image ? [image] : [];
          }),
        );
        return p.onSend(question, imagesBySlot).catch((error: unknown) => {
          reportStorageError(error);
          throw error;
        });
      }}
    />
  );
}
