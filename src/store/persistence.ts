// Wires the store to the browser's storage: conversations in IndexedDB (one row each, written when
// that conversation changes), settings in IndexedDB, tokens in sessionStorage unless remembered.
// Streaming text never passes here per token; a synchronous checkpoint is taken when the page goes away.
import { openDB, type IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import type { Conversation } from './chat-types';
import { endpointSchema, generationParamsSchema } from '../config/schema';
import type { AppState } from './index';
import type { PersistedSettings } from './settings-slice';
import type { StoreApi } from 'zustand';

const DB_NAME = 'tanuki-chat';
const TOKENS_KEY = 'tanuki.tokens';
const LIVE_KEY = 'tanuki.live-checkpoint';

type ChatDB = IDBPDatabase<unknown>;

function openChatDb(name = DB_NAME): Promise<ChatDB> {
  return openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore('conversations', { keyPath: 'id' });
      db.createObjectStore('kv');
    },
  });
}

/** Settings, and which conversation was open, so that a reload comes back to it. */
type Persisted = PersistedSettings & { activeId: string | null };

function pickSettings(s: AppState): Persisted {
  const { lang, annotator, selectedEndpointId, customEndpoints, overrides, rememberTokens, activeId } = s;
  return { lang, annotator, selectedEndpointId, customEndpoints, overrides, rememberTokens, activeId };
}

/** Answers that were streaming when the page went away: keep their longest known text, mark them. */
export function recoverInterrupted(list: Conversation[], checkpoint: Record<string, string>): Conversation[] {
  return list.map((c) =>
    c.messages.some((m) => m.role === 'assistant' && m.status === 'streaming')
      ? {
          ...c,
          messages: c.messages.map((m) => {
            if (m.role !== 'assistant' || m.status !== 'streaming') return m;
            const saved = checkpoint[m.id];
            const text = saved !== undefined && saved.length > m.text.length ? saved : m.text;
            return { ...m, text, status: 'incomplete' as const };
          }),
        }
      : c,
  );
}

// Stored settings are read through a schema: a field that no longer fits is dropped, not trusted.
const persistedSchema = z.object({
  lang: z.enum(['ja', 'en']),
  annotator: z.string().check(z.maxLength(100)),
  selectedEndpointId: z.nullable(z.string().check(z.maxLength(64))),
  customEndpoints: z.array(endpointSchema).check(z.maxLength(100)),
  overrides: z.record(
    z.string(),
    z.object({
      params: z.optional(z.partial(generationParamsSchema)),
      systemPrompt: z.optional(z.string().check(z.maxLength(10000))),
    }),
  ),
  rememberTokens: z.boolean(),
  activeId: z.nullable(z.string().check(z.maxLength(100))),
});

export function readPersisted(raw: unknown): Partial<Persisted> {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(persistedSchema.shape)) {
    const parsed = field.safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as Partial<Persisted>;
}

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export interface PersistenceHooks {
  /** Called at every start with the answers recovered as incomplete, so records can be completed too. */
  onRecovered?: (answers: { recordId: string; text: string }[]) => Promise<void>;
  liveSnapshot: () => Record<string, string>;
  onError: (error: unknown) => void;
}

export async function connectPersistence(store: StoreApi<AppState>, hooks: PersistenceHooks): Promise<void> {
  const db = await openChatDb();
  const [stored, settings] = await Promise.all([
    db.getAll('conversations') as Promise<Conversation[]>,
    db.get('kv', 'settings').then(readPersisted),
  ]);
  const checkpoint = readJson<Record<string, string>>(localStorage, LIVE_KEY) ?? {};
  const recovered = recoverInterrupted(stored, checkpoint);
  const remember = settings?.rememberTokens ?? false;
  const tokens = readJson<Record<string, string>>(remember ? localStorage : sessionStorage, TOKENS_KEY) ?? {};

  store.getState().loadConversations(recovered);
  const activeId = settings?.activeId && recovered.some((c) => c.id === settings.activeId) ? settings.activeId : null;
  store.setState({ ...(settings ?? {}), activeId, tokens });
  const changed = recovered.filter((c, i) => c !== stored[i]);
  if (changed.length) {
    const tx = db.transaction('conversations', 'readwrite');
    await Promise.all([...changed.map((c) => tx.store.put(c)), tx.done]);
  }
  const answers = changed.flatMap((c) =>
    c.messages.flatMap((m) => (m.role === 'assistant' && m.status === 'incomplete' ? [{ recordId: m.recordId, text: m.text }] : [])),
  );
  await hooks.onRecovered?.(answers);
  localStorage.removeItem(LIVE_KEY);

  // Writes are coalesced per conversation and issued in order; the newest version of each wins.
  const pending = new Map<string, Conversation | null>();
  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (pending.size) {
        const batch = [...pending];
        pending.clear();
        const tx = db.transaction('conversations', 'readwrite');
        await Promise.all([...batch.map(([id, c]) => (c ? tx.store.put(c) : tx.store.delete(id))), tx.done]);
      }
    } catch (e) {
      hooks.onError(e);
    } finally {
      flushing = false;
    }
  };

  store.subscribe((state, prev) => {
    if (state.conversations !== prev.conversations) {
      for (const [id, c] of Object.entries(state.conversations)) if (prev.conversations[id] !== c) pending.set(id, c);
      for (const id of Object.keys(prev.conversations)) if (!(id in state.conversations)) pending.set(id, null);
      void flush();
    }
    const s = pickSettings(state);
    const p = pickSettings(prev);
    if ((Object.keys(s) as (keyof Persisted)[]).some((k) => s[k] !== p[k])) {
      db.put('kv', s, 'settings').catch(hooks.onError);
    }
    if (state.tokens !== prev.tokens || state.rememberTokens !== prev.rememberTokens) {
      const [keep, drop] = state.rememberTokens ? [localStorage, sessionStorage] : [sessionStorage, localStorage];
      keep.setItem(TOKENS_KEY, JSON.stringify(state.tokens));
      drop.removeItem(TOKENS_KEY);
    }
  });

  // IndexedDB writes may not finish while a page unloads; localStorage writes are synchronous.
  addEventListener('pagehide', () => {
    const live = hooks.liveSnapshot();
    if (Object.keys(live).length) localStorage.setItem(LIVE_KEY, JSON.stringify(live));
  });
}

export async function clearChatDb(): Promise<void> {
  const db = await openChatDb();
  const tx = db.transaction(['conversations', 'kv'], 'readwrite');
  await Promise.all([tx.objectStore('conversations').clear(), tx.objectStore('kv').clear(), tx.done]);
  sessionStorage.removeItem(TOKENS_KEY);
  localStorage.removeItem(TOKENS_KEY);
}
