import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { defaultEndpointId, findEndpoint, selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { Icon } from '../ui/icons';
import { lazyView } from '../ui/lazy-view';
import { Notice } from '../ui/notice';
import { AnswerExtrasContext, type AnswerExtras } from './answer-extras';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { EndpointPicker } from './endpoint-picker';
import { ParamsPanel } from './params-panel';
import { warmUp } from './warm-up';

/** A conversation's messages, shown once their code has arrived (at once when it has). */
const messageList = lazyView(() => import('./message-list').then((m) => m.MessageList));
/** What other domains show under a finished answer, and how to fetch its code before the first answer ends. */
interface LazyAnswerExtras {
  View: AnswerExtras;
  load: () => Promise<unknown>;
}

/** At most this much of a linked id is shown: the link is anyone's text. */
const SHOWN_ID = 60;

function UnknownLinkNotice({ label }: { label: string }) {
  const t = useT();
  const id = useAppStore((s) => s.unknownLinkedEndpoint);
  if (id === null) return null;
  const shown = id.length > SHOWN_ID ? `${id.slice(0, SHOWN_ID)}…` : id;
  return (
    <Notice
      kind="warning"
      testId="unknown-endpoint-link"
      onDismiss={() => useAppStore.getState().setUnknownLinkedEndpoint(null)}
      dismissLabel={t('common.close')}
    >
      {/* U+2068/U+2069 isolate the id, so right-to-left or control characters in it cannot reorder the sentence. */}
      {t('link.unknownEndpoint', { id: `\u2068${shown}\u2069`, label: `\u2068${label}\u2069` })}
    </Notice>
  );
}

function Welcome() {
  const t = useT();
  return (
    <div className="welcome">
      <h2>{t('chat.welcome.title')}</h2>
      <p>{t('chat.welcome.body')}</p>
    </div>
  );
}

/** `answerExtras` is shown under each finished answer (the app passes Review's thumbs). */
export function ChatScreen({ answerExtras = null }: { answerExtras?: LazyAnswerExtras | null }) {
  const t = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const { activeId, conversationEndpoint, imagesInConversation, streamingAnswerId } = useAppStore(
    useShallow((s) => {
      const c = s.activeId ? s.conversations[s.activeId] : undefined;
      return {
        activeId: c ? c.id : null,
        conversationEndpoint: c?.endpointId ?? null,
        imagesInConversation: c ? c.messages.reduce((n, m) => n + (m.role === 'user' ? m.images.length : 0), 0) : 0,
        streamingAnswerId: c?.messages.find((m) => m.role === 'assistant' && m.status === 'streaming')?.id ?? null,
      };
    }),
  );
  const endpointId = useAppStore((s) => conversationEndpoint ?? defaultEndpointId(s));
  const endpoint = useAppStore((s) => findEndpoint(s, endpointId) ?? selectEndpoints(s)[0]!);

  // The first move in the composer: what Send needs, the list its first message shows in, and what its answer ends with.
  const warmUpChat = () => {
    const quiet = () => undefined;
    warmUp();
    messageList.load().catch(quiet);
    answerExtras?.load().catch(quiet);
  };

  const pickEndpoint = (id: string) => {
    const s = useAppStore.getState();
    s.selectEndpoint(id);
    if (activeId) s.setConversationEndpoint(activeId, id);
  };

  return (
    <AnswerExtrasContext.Provider value={answerExtras?.View ?? null}>
      <div className={`chat-layout${menuOpen ? ' menu-open' : ''}`}>
        <button type="button" className="drawer-backdrop" aria-hidden="true" tabIndex={-1} onClick={() => setMenuOpen(false)} />
        <aside className="sidebar">
          <ConversationList onPick={() => setMenuOpen(false)} />
        </aside>
        <section className="chat-main">
          <div className="chat-toolbar">
            <button
              type="button"
              className="menu-button"
              onClick={() => setMenuOpen((o) => !o)}
              aria-expanded={menuOpen}
              data-testid="conversations-toggle"
            >
              <Icon name="menu" /> <span className="visually-hidden">{t('conv.list')}</span>
            </button>
            <EndpointPicker value={endpoint.id} onChange={pickEndpoint} />
            <ParamsPanel endpoint={endpoint} />
          </div>
          <UnknownLinkNotice label={endpoint.label} />
          <div className="chat-scroll">{activeId ? <messageList.View conversationId={activeId} /> : <Welcome />}</div>
          <Composer
            conversationId={activeId}
            endpoint={endpoint}
            imagesInConversation={imagesInConversation}
            streamingAnswerId={streamingAnswerId}
            onWarmUp={warmUpChat}
          />
        </section>
      </div>
    </AnswerExtrasContext.Provider>
  );
}
