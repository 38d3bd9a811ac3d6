// Conversations and their messages. Pure state transitions: persistence watches this slice from outside.
import type { StateCreator } from 'zustand';
import type { AssistantMessage, Conversation, Message } from './chat-types';

export interface ChatSlice {
  conversations: Record<string, Conversation>;
  /** Newest first. */
  order: string[];
  activeId: string | null;
  createConversation: (endpointId: string, id?: string) => string;
  selectConversation: (id: string | null) => void;
  renameConversation: (id: string, title: string) => void;
  deleteConversation: (id: string) => void;
  setConversationEndpoint: (id: string, endpointId: string) => void;
  appendMessages: (id: string, ...messages: Message[]) => void;
  patchAnswer: (id: string, messageId: string, patch: Partial<AssistantMessage>) => void;
  /** Drops every message after `messageId` (for regenerate and edit-and-resend). */
  truncateAfter: (id: string, messageId: string) => void;
  editUserText: (id: string, messageId: string, text: string) => void;
  loadConversations: (list: Conversation[]) => void;
  /** Conversations as storage holds them now (written by another tab, or merged); null removes one. */
  applyStoredConversations: (changes: [string, Conversation | null][]) => void;
}

const TITLE_LENGTH = 40;

function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

function touch(c: Conversation, messages: Message[]): Conversation {
  return { ...c, messages, updatedAt: Date.now() };
}

export const createChatSlice: StateCreator<ChatSlice, [], [], ChatSlice> = (set) => {
  const update = (id: string, fn: (c: Conversation) => Conversation) =>
    set((s) => {
      const c = s.conversations[id];
      return c ? { conversations: { ...s.conversations, [id]: fn(c) } } : {};
    });

  return {
    conversations: {},
    order: [],
    activeId: null,

    createConversation: (endpointId, id = crypto.randomUUID()) => {
      const now = Date.now();
      const conversation: Conversation = { id, title: '', createdAt: now, updatedAt: now, endpointId, messages: [] };
      set((s) => ({ conversations: { ...s.conversations, [id]: conversation }, order: [id, ...s.order], activeId: id }));
      return id;
    },
    selectConversation: (activeId) => set({ activeId }),
    renameConversation: (id, title) => update(id, (c) => ({ ...c, title: title.trim().slice(0, 200) })),
    deleteConversation: (id) =>
      set((s) => {
        const { [id]: _removed, ...conversations } = s.conversations;
        const order = s.order.filter((x) => x !== id);
        return { conversations, order, activeId: s.activeId === id ? (order[0] ?? null) : s.activeId };
      }),
    setConversationEndpoint: (id, endpointId) => update(id, (c) => ({ ...c, endpointId })),
    appendMessages: (id, ...messages) =>
      set((s) => {
        const c = s.conversations[id];
        if (!c) return {};
        const firstUser = messages.find((m) => m.role === 'user');
        const title = c.title || (firstUser ? titleFrom(firstUser.text) : '');
        const next = { ...touch(c, [...c.messages, ...messages]), title };
        return { conversations: { ...s.conversations, [id]: next }, order: [id, ...s.order.filter((x) => x !== id)] };
      }),
    patchAnswer: (id, messageId, patch) =>
      update(id, (c) =>
        touch(
          c,
          c.messages.map((m) => (m.id === messageId && m.role === 'assistant' ? { ...m, ...patch } : m)),
        ),
      ),
    truncateAfter: (id, messageId) =>
      update(id, (c) => {
        const index = c.messages.findIndex((m) => m.id === messageId);
        return index < 0 ? c : touch(c, c.messages.slice(0, index + 1));
      }),
    editUserText: (id, messageId, text) =>
      update(id, (c) =>
        touch(
          c,
          c.messages.map((m) => (m.id === messageId && m.role === 'user' ? { ...m, text } : m)),
        ),
      ),
    applyStoredConversations: (changes) =>
      set((s) => {
        const byId = new Map(Object.entries(s.conversations));
        for (const [id, c] of changes) {
          if (c) byId.set(id, c);
          else byId.delete(id);
        }
        const sorted = [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
        return {
          conversations: Object.fromEntries(byId),
          order: sorted.map((c) => c.id),
          activeId: s.activeId !== null && byId.has(s.activeId) ? s.activeId : null,
        };
      }),
    loadConversations: (list) =>
      set(() => {
        const sorted = [...list].sort((a, b) => b.updatedAt - a.updatedAt);
        return { conversations: Object.fromEntries(sorted.map((c) => [c.id, c])), order: sorted.map((c) => c.id) };
      }),
  };
};
