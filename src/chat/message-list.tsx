// A conversation's messages. Loaded with what Send needs (on the first move in the composer), or at start when a stored
// conversation is open: a first visit shows none, so they are not in the first load.
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { AssistantMessageView, UserMessageView } from './message-view';

/** How near the bottom of the box still counts as being at the end (a wheel's smallest step is larger). */
const END_SLACK_PX = 24;

export function MessageList({ conversationId }: { conversationId: string }) {
  const messages = useAppStore((s) => s.conversations[conversationId]?.messages);
  const endRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const count = messages?.length ?? 0;
  const shown = messages !== undefined;
  // In the next frame, with its layout: scrolling here would force a layout inside the click that sends.
  useEffect(() => {
    const frame = requestAnimationFrame(() => endRef.current?.scrollIntoView({ block: 'end' }));
    return () => cancelAnimationFrame(frame);
  }, [count]);
  // Following the end: while the person is at the end, the browser's scroll anchoring keeps it in view as an
  // answer grows (styles.css: .messages.following), with no script per render. Anchoring starts only once the box
  // has been scrolled, so an end that leaves the view while following (the first time an answer outgrows the box)
  // is brought back here. Scrolling up stops following; scrolling back to the end resumes it.
  useEffect(() => {
    const end = endRef.current;
    const box = end?.parentElement;
    if (!end || !box || typeof IntersectionObserver !== 'function') return;
    let atEnd = true;
    const onScroll = () => {
      const now = box.scrollTop + box.clientHeight >= box.scrollHeight - END_SLACK_PX;
      if (now !== atEnd) setFollowing((atEnd = now));
    };
    const observer = new IntersectionObserver((entries) => {
      if (atEnd && !entries.at(-1)?.isIntersecting) end.scrollIntoView({ block: 'end' });
    });
    box.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(end);
    return () => {
      box.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [shown]);
  if (!messages) return null;
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  const streaming = messages.some((m) => m.role === 'assistant' && m.status === 'streaming');
  return (
    <>
      <div className={following ? 'messages following' : 'messages'} data-testid="message-list">
        {messages.map((m, i) =>
          m.role === 'user' ? (
            <UserMessageView key={m.id} conversationId={conversationId} message={m} editable={i === lastUser && !streaming} />
          ) : (
            <AssistantMessageView key={m.id} conversationId={conversationId} message={m} last={i === messages.length - 1} />
          ),
        )}
      </div>
      <div className="scroll-end" ref={endRef} />
    </>
  );
}
