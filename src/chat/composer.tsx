import { useRef, useState, type KeyboardEvent } from 'react';
import { presetUrlEnv } from '../config/presets';
import { own } from '../config/own';
import type { Endpoint } from '../config/schema';
import { AttachmentTray, useImageIntake } from '../images/intake';
import { useAttachments } from '../images/use-attachments';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { Icon } from '../ui/icons';
import { Notice } from '../ui/notice';
import { isSendEnter } from '../ui/send-keys';
import { useDraft } from '../ui/use-draft';
import { ensureConversation, sendMessage } from './actions';
import { stopAnswer } from './generation';
import { warmUp } from './warm-up';

export interface ComposerProps {
  conversationId: string | null;
  endpoint: Endpoint;
  /** Images the conversation already holds (for one-image-per-conversation endpoints). */
  imagesInConversation: number;
  streamingAnswerId: string | null;
}

export function Composer({ conversationId, endpoint, imagesInConversation, streamingAnswerId }: ComposerProps) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  // The question being written survives a reload (images are prepared again from files, so they do not).
  const [text, setText] = useDraft('tanuki.draft');
  const perConversation = endpoint.imagesPerConversation;
  const room = Math.min(endpoint.maxImagesPerMessage, perConversation ?? Infinity);
  const att = useAttachments([endpoint.imagePolicy], room);
  const [overflow, setOverflow] = useState<File[]>([]);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const intake = (files: File[]) => {
    if (!files.length) return;
    warmUp();
    if (
      perConversation !== undefined &&
      imagesInConversation + att.attachments.length + files.length > perConversation &&
      imagesInConversation > 0
    ) {
      setOverflow(files);
      return;
    }
    att.add(files);
  };

  const { getRootProps, getInputProps, open, isDragActive, onPaste } = useImageIntake(intake);

  const notConfigured = !endpoint.url;
  // Storage closed for a newer version in another tab: nothing sent now could be kept.
  const mustReload = useAppStore((s) => s.storageUpgrade === 'reload');
  const canSend = !notConfigured && !mustReload && !streamingAnswerId && text.trim() !== '' && att.ready;

  // The request leaves on the click (images and records are stored beside it): the composer empties at once.
  const submit = () => {
    if (!canSend) return;
    const images = att.attachments.flatMap((a) => (a.image ? [a.image] : []));
    sendMessage(conversationId ?? ensureConversation(), text.trim(), images);
    setText('');
    att.clear();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isSendEnter(e)) return;
    e.preventDefault();
    submit();
  };

  const startFresh = () => {
    const state = useAppStore.getState();
    state.createConversation(endpoint.id);
    const files = overflow;
    setOverflow([]);
    att.clear();
    att.add(files);
  };

  return (
    <div {...getRootProps({ className: `composer${isDragActive ? ' drag-active' : ''}`, 'aria-label': t('composer.dropHere') })}>
      <input
        {...getInputProps({ 'data-testid': 'file-input', accept: 'image/*', 'aria-label': t('composer.attach') } as Record<string, string>)}
      />
      {isDragActive && <div className="drop-overlay">{t('composer.dropHere')}</div>}
      {notConfigured && (
        <Notice kind="warning" testId="endpoint-not-configured">
          {t('composer.noUrl', { label: endpoint.label })} {endpoint.hint ?? t('composer.noUrlHint')}{' '}
          {own(presetUrlEnv, endpoint.id) && t('composer.noUrlEnv', { env: own(presetUrlEnv, endpoint.id)! })}{' '}
          <a href="#/settings">{t('nav.settings')}</a>
        </Notice>
      )}
      {mustReload && (
        <Notice kind="warning" testId="composer-reload">
          {t('composer.reloadFirst')}
        </Notice>
      )}
      {overflow.length > 0 && (
        <Notice kind="warning" testId="one-image-notice" onDismiss={() => setOverflow([])} dismissLabel={t('composer.dismiss')}>
          {t('composer.oneImage', { label: endpoint.label })}{' '}
          <button type="button" className="link-button" onClick={startFresh} data-testid="new-conversation-with-image">
            {t('composer.oneImageAction')}
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
          ref={inputRef}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={warmUp}
          placeholder={t('composer.placeholder')}
          aria-label={t('composer.label')}
          rows={2}
          data-testid="composer-input"
        />
        {streamingAnswerId ? (
          <button type="button" className="danger" onClick={() => stopAnswer(streamingAnswerId)} data-testid="stop-button">
            {t('composer.stop')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={submit} disabled={!canSend} data-testid="send-button">
            {t('composer.send')}
          </button>
        )}
      </div>
    </div>
  );
}
