import { memo, useContext, useRef, useState } from 'react';
// Not from '../inference': that index also brings the model client, which loads on the first action.
import { describeError } from '../inference/error-words';
import { formatBytes } from '../i18n';
import { StoredImageButton } from '../images/stored-image-button';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { RetryCountdown } from '../ui/retry-countdown';
import { LongText } from '../ui/long-text';
import { RichText } from '../ui/rich-text';
import { ErrorDetail } from '../ui/error-detail';
import { byTouch } from '../ui/focus-after';
import { AnswerExtrasContext } from './answer-extras';
import { focusComposer } from './composer-focus';
import { withActions } from './warm-up';
import { isLiveHere } from '../records/live-answers';
import { useLiveAnswer } from '../runs/live-text';
import type { AssistantMessage, ImageRef, UserMessage } from '../store/chat-types';

function MessageImage({ image }: { image: ImageRef }) {
  const lang = useAppStore((s) => s.lang);
  const caption = `${image.original.name}: ${image.original.width}×${image.original.height} → ${image.width}×${image.height}, ${formatBytes(image.bytes)}`;
  return <StoredImageButton sha256={image.sha256} mime={image.mime} name={image.original.name} caption={caption} lang={lang} />;
}

export const UserMessageView = memo(function UserMessageView({
  conversationId,
  message,
  editable,
}: {
  conversationId: string;
  message: UserMessage;
  editable: boolean;
}) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const refocusEdit = useRef(false);
  return (
    <div className="message user" data-testid="user-message">
      {message.images.length > 0 && (
        <div className="message-images">
          {message.images.map((i) => (
            <MessageImage key={i.sha256} image={i} />
          ))}
        </div>
      )}
      {draft === null ? (
        <div className="plain">
          <LongText text={message.text} />
        </div>
      ) : (
        <form
          className="edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) void withActions((a) => a.editAndResend(conversationId, message.id, draft.trim()));
            setDraft(null);
            focusComposer(e);
          }}
        >
          <textarea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-label={t('chat.edit')}
            data-testid="edit-input"
            autoFocus
          />
          <div className="row">
            <button
              type="button"
              onClick={(e) => {
                setDraft(null);
                // The Edit button comes back in the next render: it takes the focus then.
                refocusEdit.current = !byTouch(e);
              }}
            >
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" data-testid="edit-send">
              {t('chat.editSave')}
            </button>
          </div>
        </form>
      )}
      {editable && draft === null && (
        <div className="message-actions">
          <button
            ref={(button) => {
              if (button && refocusEdit.current) button.focus();
              refocusEdit.current = false;
            }}
            type="button"
            className="link-button"
            onClick={() => setDraft(message.text)}
            data-testid="edit-button"
          >
            {t('chat.edit')}
          </button>
        </div>
      )}
    </div>
  );
});

function AnswerStatusLine({ message }: { message: AssistantMessage }) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  if (message.status === 'aborted') return <div className="status">{t('chat.stopped')}</div>;
  if (message.status === 'incomplete') return <div className="status warning">{t('chat.incomplete')}</div>;
  if (message.status === 'error' && message.error) {
    const words = describeError({ ...message.error, message: message.error.detail ?? '' }, lang, {
      sentBytes: message.error.sentBytes,
      endpointLabel: message.endpointLabel,
      retries: message.error.retries,
    });
    return (
      <div className="notice notice-error" role="alert" data-testid="answer-error" data-code={message.error.code}>
        <strong>{words.title}</strong> {words.hint}
        {message.text && <div>{t('chat.errorKept')}</div>}
        {message.error.detail && <ErrorDetail summary={t('storage.detail')} error={message.error.detail} />}
      </div>
    );
  }
  if (message.finishReason === 'length') return <div className="status">{t('chat.finishLength')}</div>;
  if (message.status === 'ok' && message.finishReason === null) {
    return (
      <div className="status warning" data-testid="no-finish-reason">
        {t('chat.noFinishReason')}
      </div>
    );
  }
  return null;
}

export const AssistantMessageView = memo(function AssistantMessageView({
  conversationId,
  message,
  last,
}: {
  conversationId: string;
  message: AssistantMessage;
  last: boolean;
}) {
  const t = useT();
  const Extras = useContext(AnswerExtrasContext);
  const { live, endRef } = useLiveAnswer(message.id);
  const streaming = message.status === 'streaming';
  const text = live?.text ?? message.text;
  return (
    <div
      className="message assistant"
      data-testid="assistant-message"
      data-message-id={message.id}
      data-status={message.status}
      aria-busy={streaming}
    >
      <div className="message-meta">
        <bdi className="endpoint-name">{message.endpointLabel}</bdi>
      </div>
      {live?.retry && (
        <RetryCountdown until={live.retry.until} words={(seconds) => t('chat.retrying', { seconds, attempt: live.retry!.attempt })} />
      )}
      {streaming && !isLiveHere(message.recordId) ? (
        <div className="status typing" data-testid="streaming-elsewhere">
          {t('chat.streamingElsewhere')}
        </div>
      ) : (
        streaming && !text && !live?.retry && <div className="status typing">{t('chat.waiting')}</div>
      )}
      <div className="answer-text" data-testid="answer-text">
        {text && <RichText text={text} />}
      </div>
      <div ref={endRef} />
      {!streaming && <AnswerStatusLine message={message} />}
      {!streaming && (
        <div className="message-actions">
          {message.ttftMs !== null && message.tokensPerSecond !== null && (
            <span className="stats" data-testid="answer-stats">
              {t('chat.stats', { ttft: `${(message.ttftMs / 1000).toFixed(2)} s`, tps: message.tokensPerSecond })}
            </span>
          )}
          <CopyButton text={message.text} />
          {message.recordId && Extras && <Extras recordId={message.recordId} />}
          {last && (
            <button
              type="button"
              className="link-button"
              onClick={(e) => {
                void withActions((a) => a.regenerate(conversationId, message.id));
                focusComposer(e);
              }}
              data-testid="regenerate-button"
            >
              {t('chat.regenerate')}
            </button>
          )}
        </div>
      )}
    </div>
  );
});

function CopyButton({ text }: { text: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  return (
    <button type="button" className="link-button" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}>
      {copied ? t('chat.copied') : t('chat.copy')}
    </button>
  );
}
