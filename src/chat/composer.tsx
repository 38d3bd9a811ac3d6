import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useDropzone } from 'react-dropzone';
import { presetUrlEnv } from '../config/presets';
import type { Endpoint } from '../config/schema';
import { describeRejection } from '../images/rejection-words';
import { preloadInference } from '../inference';
import { filesFromClipboard } from '../images/paste';
import { formatBytes } from '../i18n';
import { reportStorageError, useAppStore } from '../store';
import { useT } from '../store/use-t';
import { Icon } from '../ui/icons';
import { Notice } from '../ui/notice';
import { useObjectUrl } from '../ui/use-object-url';
import { ensureConversation, sendMessage } from './actions';
import { stopAnswer } from './generation';
import { useAttachments, type Attachment } from './use-attachments';

function Thumb({ a, onRemove, removeLabel }: { a: Attachment; onRemove: () => void; removeLabel: string }) {
  const t = useT();
  const url = useObjectUrl(a.image?.blob);
  return (
    <figure className="thumb" data-testid="attachment" data-state={a.state}>
      {url ? <img src={url} alt={a.file.name} /> : <div className="thumb-placeholder">{t('composer.preparing')}</div>}
      <figcaption>
        {a.image ? (
          <span data-testid="attachment-size">
            {t('composer.sent', {
              sent: `${a.image.width}×${a.image.height} ${formatBytes(a.image.bytes)}`,
              original: `${a.image.original.width}×${a.image.original.height} ${formatBytes(a.image.original.bytes)}`,
            })}
          </span>
        ) : (
          a.file.name
        )}
      </figcaption>
      <button type="button" className="thumb-remove" onClick={onRemove} aria-label={removeLabel} data-testid="attachment-remove">
        ×
      </button>
    </figure>
  );
}

const DRAFT_KEY = 'tanuki.draft';

/** The question being written survives a reload (images are prepared again from files, so they do not). */
function useDraft(): [string, (text: string) => void] {
  const [text, setText] = useState(() => sessionStorage.getItem(DRAFT_KEY) ?? '');
  const set = (next: string) => {
    setText(next);
    if (next) sessionStorage.setItem(DRAFT_KEY, next);
    else sessionStorage.removeItem(DRAFT_KEY);
  };
  return [text, set];
}

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
  const [text, setText] = useDraft();
  const [sending, setSending] = useState(false);
  const perConversation = endpoint.imagesPerConversation;
  const room = Math.min(endpoint.maxImagesPerMessage, perConversation ?? Infinity);
  const att = useAttachments(endpoint.imagePolicy, room);
  const [overflow, setOverflow] = useState<File[]>([]);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // The model client is loaded lazily; fetching it while the user is still writing keeps it off the
  // first request's path.
  const warmUp = () => void preloadInference().catch(() => undefined);

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

  const { getRootProps, getInputProps, open, isDragActive } = useDropzone({
    onDrop: (accepted, rejected) => intake([...accepted, ...rejected.map((r) => r.file)]),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });

  const notConfigured = !endpoint.url;
  const canSend = !notConfigured && !streamingAnswerId && !sending && text.trim() !== '' && att.ready;

  // The question and images stay in the composer until they are stored: a failed write loses nothing.
  const submit = () => {
    if (!canSend) return;
    const images = att.attachments.flatMap((a) => (a.image ? [a.image] : []));
    const id = conversationId ?? ensureConversation();
    setSending(true);
    sendMessage(id, text.trim(), images).then(
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
    // keyCode 229 is what some browsers report for the Enter that confirms an IME conversion.
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    submit();
  };

  const onPaste = (e: ClipboardEvent) => {
    const files = filesFromClipboard(e.clipboardData);
    if (files.length) {
      e.preventDefault();
      intake(files);
    }
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
      <input {...getInputProps({ 'data-testid': 'file-input', accept: 'image/*' } as Record<string, string>)} />
      {isDragActive && <div className="drop-overlay">{t('composer.dropHere')}</div>}
      {notConfigured && (
        <Notice kind="warning" testId="endpoint-not-configured">
          {t('composer.noUrl', { label: endpoint.label })} {endpoint.hint ?? t('composer.noUrlHint')}{' '}
          {presetUrlEnv[endpoint.id] && t('composer.noUrlEnv', { env: presetUrlEnv[endpoint.id]! })}{' '}
          <a href="#/settings">{t('nav.settings')}</a>
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
      {att.rejections.map((r) => (
        <Notice key={r.key} kind="error" testId="image-rejection" onDismiss={() => att.dismiss(r.key)} dismissLabel={t('composer.dismiss')}>
          {describeRejection(r, lang)}
        </Notice>
      ))}
      {att.attachments.length > 0 && (
        <div className="thumbs">
          {att.attachments.map((a) => (
            <Thumb key={a.key} a={a} onRemove={() => att.remove(a.key)} removeLabel={t('composer.remove', { name: a.file.name })} />
          ))}
        </div>
      )}
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
