// The one composer, which chat and compare both show: a question (kept as a draft across reloads, Enter sends
// unless Shift is held or an IME is composing) and images (dropped, pasted or picked; prepared at once for
// every image policy asked for). What a message is sent to, and the words for its state, are the caller's.
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { ImagePolicy } from '../config/schema';
import { translator, type Lang } from '../i18n';
import { afterClick } from '../ui/after-click';
import { focusAfter, passFocusOnRemoval } from '../ui/focus-after';
import { Icon } from '../ui/icons';
import { Notice } from '../ui/notice';
import { isSendEnter } from '../ui/send-keys';
import { useDraft } from '../ui/use-draft';
import { AttachmentTray, useImageIntake } from './intake';
import { useAttachments, type Attachment } from './use-attachments';

export interface ComposerFrameProps {
  lang: Lang;
  /** Where the draft is kept (sessionStorage). */
  draftKey: string;
  /** The image policies of every endpoint the message goes to. */
  policies: readonly ImagePolicy[];
  /** How many images one message may carry. */
  room: number;
  /** How many images a conversation may hold (Infinity: no limit), and how many it holds already. */
  perConversation: number;
  imagesHeld: number;
  /** Fetches what the first answer needs while the question is being written. */
  onWarmUp: () => void;
  placeholder: string;
  /** Notices above the images (an endpoint without a URL, storage closed, ...). */
  notices?: ReactNode;
  /** Files that would exceed `perConversation` wait here: the words and the action that starts afresh with them. */
  overflow: { message: string; action: string; testId: string; startFresh: () => void };
  /** Whether something besides an empty question or unready images stops sending. */
  blocked: boolean;
  sendLabel: string;
  /** While answers stream: the button that stops them, in place of Send. */
  stop?: { label: string; testId: string; onStop: () => void };
  /**
   * Sends the question. The composer empties when it returns or resolves; when it rejects or resolves to false
   * (not sent), the question and images stay (the caller says why) and Send is offered again.
   */
  onSend: (question: string, attachments: readonly Attachment[]) => void | Promise<void | boolean>;
  /** The question box, for the caller's actions that hand it the focus. */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}

export function ComposerFrame(p: ComposerFrameProps) {
  const t = translator(p.lang);
  const [text, setText] = useDraft(p.draftKey);
  const [sending, setSending] = useState(false);
  const sent = useRef(false);
  const [overflow, setOverflow] = useState<File[]>([]);
  const att = useAttachments(p.policies, p.room);
  const ownInput = useRef<HTMLTextAreaElement>(null);
  const input = p.inputRef ?? ownInput;
  // The answer ending by itself takes Stop away: a keyboard user's focus goes to the question box.
  const stopRef = useMemo(() => passFocusOnRemoval(() => input.current), [input]);

  const intake = (files: File[]) => {
    if (!files.length) return;
    warmUp();
    if (p.imagesHeld > 0 && p.imagesHeld + att.attachments.length + files.length > p.perConversation) {
      setOverflow(files);
      return;
    }
    att.add(files);
  };
  const { rootProps, inputProps, open, isDragActive, onPaste, warmUp, binding } = useImageIntake(intake, p.onWarmUp);

  const canSend = !p.blocked && !sending && text.trim() !== '' && att.ready;
  const clear = () => {
    setText('');
    att.clear();
  };

  // A synchronous send empties the composer once its request has left, in the next task (nothing is sent again
  // meanwhile); an asynchronous one when it is done.
  const submit = () => {
    if (!canSend || sent.current) return;
    const pending = p.onSend(text.trim(), att.attachments);
    if (!pending) {
      sent.current = true;
      return afterClick(() => {
        sent.current = false;
        clear();
      });
    }
    setSending(true);
    pending.then(
      (sent) => {
        setSending(false);
        if (sent !== false) clear();
      },
      () => setSending(false),
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
    p.overflow.startFresh();
    att.clear();
    att.add(files);
  };

  return (
    <div
      {...rootProps}
      className={`composer${isDragActive ? ' drag-active' : ''}`}
      aria-label={t('composer.dropHere')}
      // The person's first move towards sending (a drag in is one too): what Send needs starts loading.
      onPointerDown={warmUp}
      onKeyDown={warmUp}
    >
      {binding}
      <input {...inputProps} data-testid="file-input" accept="image/*" aria-label={t('composer.attach')} />
      {isDragActive && <div className="drop-overlay">{t('composer.dropHere')}</div>}
      {p.notices}
      {overflow.length > 0 && (
        <Notice kind="warning" testId="one-image-notice" onDismiss={() => setOverflow([])} dismissLabel={t('composer.dismiss')}>
          {p.overflow.message}{' '}
          <button type="button" className="link-button" onClick={startFresh} data-testid={p.overflow.testId}>
            {p.overflow.action}
          </button>
        </Notice>
      )}
      <AttachmentTray att={att} lang={p.lang} />
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
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={warmUp}
          placeholder={p.placeholder}
          aria-label={t('composer.label')}
          rows={2}
          data-testid="composer-input"
        />
        {p.stop ? (
          <button
            type="button"
            key="stop"
            className="danger"
            ref={stopRef}
            onClick={(e) => {
              p.stop?.onStop();
              focusAfter(e, input.current);
            }}
            data-testid={p.stop.testId}
          >
            {p.stop.label}
          </button>
        ) : (
          <button key="send" type="button" className="primary" onClick={submit} disabled={!canSend} data-testid="send-button">
            {p.sendLabel}
          </button>
        )}
      </div>
    </div>
  );
}
