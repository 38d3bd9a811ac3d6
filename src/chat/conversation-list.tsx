import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { defaultEndpointId } from '../store/endpoints';
import { useT } from '../store/use-t';
import { ConfirmDialog } from '../ui/confirm';
import { Icon } from '../ui/icons';
import { focusComposer } from './composer-focus';

function ConversationItem({ id, onPick }: { id: string; onPick: () => void }) {
  const t = useT();
  const { title, active } = useAppStore(useShallow((s) => ({ title: s.conversations[id]?.title ?? '', active: s.activeId === id })));
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const shown = title || t('conv.untitled');
  return (
    <li className={active ? 'active' : undefined} data-testid="conversation-item">
      {editing === null ? (
        <button
          type="button"
          className="conversation-title"
          aria-current={active ? 'page' : undefined}
          onClick={() => {
            useAppStore.getState().selectConversation(id);
            onPick();
          }}
        >
          {shown}
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            useAppStore.getState().renameConversation(id, editing);
            setEditing(null);
          }}
        >
          <input
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
            onBlur={() => setEditing(null)}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
            aria-label={t('conv.renamePrompt')}
            data-testid="rename-input"
            autoFocus
          />
        </form>
      )}
      <div className="conversation-actions">
        <button
          type="button"
          className="icon-button"
          onClick={() => setEditing(shown)}
          aria-label={`${t('conv.rename')}: ${shown}`}
          title={t('conv.rename')}
        >
          <Icon name="edit" size={16} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => setConfirming(true)}
          aria-label={`${t('conv.delete')}: ${shown}`}
          title={t('conv.delete')}
        >
          <Icon name="trash" size={16} />
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        message={t('conv.deleteConfirm', { title: shown })}
        confirmLabel={t('conv.delete')}
        cancelLabel={t('common.cancel')}
        danger
        onConfirm={() => {
          setConfirming(false);
          useAppStore.getState().deleteConversation(id);
        }}
        onCancel={() => setConfirming(false)}
      />
    </li>
  );
}

export function ConversationList({ onPick }: { onPick: () => void }) {
  const t = useT();
  const order = useAppStore((s) => s.order);
  return (
    <nav className="conversations" aria-label={t('conv.list')}>
      <button
        type="button"
        className="primary wide"
        data-testid="new-conversation"
        onClick={(e) => {
          const s = useAppStore.getState();
          s.createConversation(defaultEndpointId(s));
          onPick();
          focusComposer(e);
        }}
      >
        + {t('conv.new')}
      </button>
      {order.length === 0 ? <p className="muted">{t('conv.empty')}</p> : null}
      <ul>
        {order.map((id) => (
          <ConversationItem key={id} id={id} onPick={onPick} />
        ))}
      </ul>
    </nav>
  );
}
