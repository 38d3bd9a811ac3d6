// The one composer of a comparison: the same intake as chat (drop, paste, picker; images/intake.tsx), each
// image prepared once per image policy of the endpoints compared, and IME-safe Enter. One Send sends the
// question and images to every side; Stop all stops every side.
import { useState, type KeyboardEvent } from 'react';
import type { Endpoint } from '../config/schema';
import { AttachmentTray, useImageIntake } from '../images/intake';
import type { PreparedImage } from '../images/prepare-core';
import { policyKey, useAttachments } from '../images/use-attachments';
import { preloadInference } from '../inference';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { Icon } from '../ui/icons';
import { Notice } from '../ui/notice';
import { isSendEnter } from '../ui/send-keys';
import { useDraft } from '../ui/use-draft';

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

export function CompareComposer(p: CompareComposerProps) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const [text, setText] = useDraft('tanuki.compare.draft');
  const [sending, setSending] = useState(false);
  const [overflow, setOverflow] = useState<File[]>([]);
  const perConversation = Math.min(...p.endpoints.map((e) => e.imagesPerConversation ?? Infinity));
  const room = Math.min(...p.endpoints.map((e) => e.maxImagesPerMessage), perConversation);
  const att = useAttachments(
    p.endpoints.map((e) => e.imagePolicy),
    room,
  );

  const warmUp = () => void preloadInference().catch(() => undefined);
  const intake = (files: File[]) => {
    if (!files.length) return;
    warmUp();
    if (p.imagesInSession > 0 && p.imagesInSession + att.attachments.length + files.length > perConversation) {
      setOverflow(files);
      return;
    }
    att.add(files);
  };
  const { getRootProps, getInputProps, open, isDragActive, onPaste } = useImageIntake(intake);

  const unconfigured = p.endpoints.filter((e) => !e.url);
  const canSend = unconfigured.length === 0 && !p.streaming && !sending && text.trim() !== '' && att.ready;

  const submit = () => {
    if (!canSend) return;
    const imagesBySlot = p.endpoints.map((e) =>
      att.attachments.flatMap((a) => {
        const image = a.prepared[policyKey(e.imagePolicy)];
        return image ? [image] : [];
      }),
    );
    setSending(true);
    p.onSend(text.trim(), imagesBySlot).then(
      () => {
        setSending(false);
        setText('');
        att.clear();
      },
      (error: unknown) => {
        setSending(false);
        reportStorageError(error);
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isSendEnter(e)) return;
    e.preventDefault();
    submit();
  };

  const startFresh = () => {
    const files = overflow;
    setOverflow([]);
    att.clear();
    p.onNewComparison();
    att.add(files);
  };

  return (
    <div {...getRootProps({ className: `composer${isDragActive ? ' drag-active' : ''}`, 'aria-label': t('composer.dropHere') })}>
      <input {...getInputProps({ 'data-testid': 'file-input', accept: 'image/*' } as Record<string, string>)} />
      {isDragActive && <div className="drop-overlay">{t('composer.dropHere')}</div>}
      {unconfigured.length > 0 && (
        <Notice kind="warning" testId="endpoint-not-configured">
          {p.namesHidden ? t('compare.noUrlHidden') : t('compare.noUrl', { labels: unconfigured.map((e) => e.label).join(', ') })}{' '}
          <a href="#/settings">{t('nav.settings')}</a>
        </Notice>
      )}
      {overflow.length > 0 && (
        <Notice kind="warning" testId="one-image-notice" onDismiss={() => setOverflow([])} dismissLabel={t('composer.dismiss')}>
          {t('compare.oneImage')}{' '}
          <button type="button" className="link-button" onClick={startFresh} data-testid="new-comparison-with-image">
            {t('compare.oneImageAction')}
          </button>
        </Notice>
      )}
      <AttachmentTray att={att} lang={lang} />
      <div className="composer-row">
        <button
          type="button"
          className="icon-button attach"
          onClick={open}
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          data-testid="attach-button"
        >
          <Icon name="image" size={22} />
        </button>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={warmUp}
          placeholder={t('compare.placeholder')}
          aria-label={t('composer.label')}
          rows={2}
          data-testid="composer-input"
        />
        {p.streaming ? (
          <button type="button" className="danger" onClick={p.onStopAll} data-testid="stop-all">
            {t('compare.stopAll')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={submit} disabled={!canSend} data-testid="send-button">
            {t('compare.send', { n: p.endpoints.length })}
          </button>
        )}
      </div>
    </div>
  );
}
