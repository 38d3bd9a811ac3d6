import { presetUrlEnv } from '../config/presets';
import { own } from '../config/own';
import type { Endpoint } from '../config/schema';
import { ComposerFrame } from '../images/composer-frame';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { composerInput } from './composer-focus';
import { useSendCodeFailure, withActions } from './warm-up';

export interface ComposerProps {
  conversationId: string | null;
  endpoint: Endpoint;
  /** Images the conversation already holds (for one-image-per-conversation endpoints). */
  imagesInConversation: number;
  streamingAnswerId: string | null;
  /** Fetches what the first answer needs while the question is being written. */
  onWarmUp: () => void;
}

export function Composer({ conversationId, endpoint, imagesInConversation, streamingAnswerId, onWarmUp }: ComposerProps) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const perConversation = endpoint.imagesPerConversation ?? Infinity;
  const notConfigured = !endpoint.url;
  // Storage closed for a newer version in another tab: nothing sent now could be kept.
  const mustReload = useAppStore((s) => s.storageUpgrade === 'reload');
  const env = own(presetUrlEnv, endpoint.id);
  const codeFailure = useSendCodeFailure();

  return (
    <ComposerFrame
      lang={lang}
      draftKey="tanuki.draft"
      inputRef={composerInput}
      policies={[endpoint.imagePolicy]}
      room={Math.min(endpoint.maxImagesPerMessage, perConversation)}
      perConversation={perConversation}
      imagesHeld={imagesInConversation}
      onWarmUp={onWarmUp}
      placeholder={t('composer.placeholder')}
      notices={
        <>
          {notConfigured && (
            <Notice kind="warning" testId="endpoint-not-configured">
              {t('composer.noUrl', { label: endpoint.label })} {endpoint.hint ?? t('composer.noUrlHint')}{' '}
              {env && t('composer.noUrlEnv', { env })} <a href="#/settings">{t('nav.settings')}</a>
            </Notice>
          )}
          {mustReload && (
            <Notice kind="warning" testId="composer-reload">
              {t('composer.reloadFirst')}
            </Notice>
          )}
          {codeFailure !== null && (
            <Notice kind="error" testId="send-code-missing">
              {t('composer.codeMissing')}
              <ErrorDetail summary={t('storage.detail')} error={codeFailure} />
            </Notice>
          )}
        </>
      }
      overflow={{
        message: t('composer.oneImage', { label: endpoint.label }),
        action: t('composer.oneImageAction'),
        testId: 'new-conversation-with-image',
        startFresh: () => useAppStore.getState().createConversation(endpoint.id),
      }}
      blocked={notConfigured || mustReload || streamingAnswerId !== null}
      sendLabel={t('composer.send')}
      stop={
        streamingAnswerId
          ? { label: t('composer.stop'), testId: 'stop-button', onStop: () => void withActions((a) => a.stopAnswer(streamingAnswerId)) }
          : undefined
      }
      // The request leaves on the click (images and records are stored beside it): the composer empties at once.
      onSend={(question, attachments) => {
        const images = attachments.flatMap((a) => (a.image ? [a.image] : []));
        return withActions((a) => a.sendMessage(conversationId, question, images));
      }}
    />
  );
}
