// A conversation's messages. Loaded with what Send needs (on the first move in the composer), or at start when a stored
// conversation is open: a first visit shows none, so they are not in the first load.
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';
import { AssistantMessageView, UserMessageView } from './message-view';

export function MessageList({ conversationId }: { conversationId: string }) {
  const messages = useAppStore((s) => s.conversations[conversationId]?.messages);
  const endRef = useRef<HTMLDivElement>(null);
  const count = messages?.length ?? 0;
  // In the next frame, with its layout: scrolling here would force a layout inside the click that sends.
  useEffect(() => {
    const frame = requestAnimationFrame(() => endRef.current?.scrollIntoView({ block: 'end' }));
    return () => cancelAnimationFrame(frame);
  }, [count]);
  if (!messages) return null;
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  const streaming = messages.some((m) => m.role === 'assistant' && m.status === 'streaming');
  return (
    <div className="messages" data-testid="message-list">
      {messages.map((m, i) =>
        m.role === 'user' ? (
          <UserMessageView key={m.id} conversationId={conversationId} message={m} editable={i === lastUser && !streaming} />
        ) : (
          <AssistantMessageView key={m.id} conversationId={conversationId} message={m} last={i === messages.length - 1} />
        ),
      )}
      <div ref={endRef} />
    </div>
  );
}
