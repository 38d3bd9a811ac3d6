// Wires the store to the browser's storage: conversations in IndexedDB (one row each, written when that
// conversation changes), settings in IndexedDB, tokens in sessionStorage unless remembered.
// Streaming text never passes here per token; a synchronous checkpoint is taken when the page goes away.
//
// Several tabs share that storage, so:
// - every row carries a revision, and a write reads the stored row in its own transaction and lays only
//   this tab's changes over it (merge.ts): no tab writes an older copy over a newer one, or drops what
//   another tab stored;
// - tabs tell each other what they wrote (BroadcastChannel) and re-read it;
// - an answer another tab is streaming stays "streaming" here until that tab lets go of it
//   (records/live-answers.ts); only then, if it is still unfinished, is it marked incomplete;
// - a newer version of the app opening the database elsewhere makes this tab finish its running answers,
//   save, close, and ask the person to reload; a change made after that waits in localStorage and is
//   merged in at the next start.
import type { DBSchema, IDBPDatabase } from 'idb';
import { openDatabase } from '../records/database';
import type { StoreApi } from 'zustand';
import { afterLive, isLiveHere, liveRecordIds, whenNoLiveHere } from '../records/live-answers';
import type { Conversation } from './chat-types';
import type { StorageUpgrade } from './config-slice';
import type { AppState } from './index';
import { mergeById, mergeConversation, mergeFields, mergeRecord } from './merge';
import type { Persisted } from './persisted-settings';

const DB_NAME = 'tanuki-chat';
const DB_VERSION = 1;
const CHANNEL = 'tanuki-chat';
const TOKENS_KEY = 'tanuki.tokens';
/** One key per streaming answer: tabs never overwrite each other's checkpoints. */
const LIVE_PREFIX = 'tanuki.live.';
/** What an earlier version kept: all answers under one key. Still read. */
const LEGACY_LIVE_KEY = 'tanuki.live-checkpoint';
const JOURNAL_KEY = 'tanuki.chat-journal';

interface ChatSchema extends DBSchema {
  conversations: { key: string; value: unknown };
  kv: { key: string; value: unknown };
}
type ChatDB = IDBPDatabase<ChatSchema>;
type Row = Conversation & { rev?: number };

/**
 * Stored settings are read through a schema (zod): loaded when there are stored settings to read, so that a
 * first visit does not download it.
 */
const settingsReader = () => import('./persisted-settings').then((m) => m.readPersisted);
type ReadPersisted = Awaited<ReturnType<typeof settingsReader>>;

/** Fetches that schema ahead of a write that will need it (the first question: its conversation becomes the open one). */
export function preloadSettingsReader(): Promise<unknown> {
  return settingsReader();
}
/** This tab's own view: another tab's choice of conversation or endpoint does not move this one. */
const TAB_FIELDS = ['activeId', 'selectedEndpointId'] as const;

type Note = { type: 'conversations'; ids: string[] } | { type: 'settings' } | { type: 'stop'; answerId: string };

/** What is written while this tab cannot reach its database, to be merged in at the next start. */
interface Journal {
  conversations: { id: string; base: Conversation | null; baseRev: number; local: Conversation | null }[];
  settings: { base: Persisted; baseRev: number; local: Persisted } | null;
}

function pickSettings(s: AppState | Persisted): Persisted {
  const { lang, annotator, selectedEndpointId, customEndpoints, overrides, rememberTokens, activeId } = s;
  return { lang, annotator, selectedEndpointId, customEndpoints, overrides, rememberTokens, activeId };
}

function sameSettings(a: Persisted, b: Persisted, ignore: readonly string[] = []): boolean {
  return (Object.keys(a) as (keyof Persisted)[]).every((k) => ignore.includes(k) || a[k] === b[k]);
}

function mergeSettings(base: Persisted, local: Persisted, stored: Persisted, origin: EndpointOrigin = () => undefined): Persisted {
  return mergeFields(base, local, stored, {
    // An endpoint edited in two tabs keeps the fields each one changed (a rename here, a model there), also when
    // both made their first own copy of a configured endpoint at once: their changes are then to what it was.
    customEndpoints: (b, l, s) => mergeById(b, l, s, (e) => e.id, mergeFields, origin),
    overrides: mergeRecord,
  });
}

function strip(row: Row): Conversation {
  const { rev: _rev, ...conversation } = row;
  return conversation;
}

/** Marks these answers incomplete if they are still streaming, keeping the longest text known for each. */
export function markIncomplete(
  c: Conversation,
  answerIds: ReadonlySet<string>,
  checkpoint: (answerId: string) => string | undefined,
): Conversation {
  let changed = false;
  const messages = c.messages.map((m) => {
    if (m.role !== 'assistant' || m.status !== 'streaming' || !answerIds.has(m.id)) return m;
    changed = true;
    const saved = checkpoint(m.id);
    return { ...m, text: saved !== undefined && saved.length > m.text.length ? saved : m.text, status: 'incomplete' as const };
  });
  return changed ? { ...c, messages } : c;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function revOf(raw: unknown): number {
  const rev = (raw as { rev?: unknown } | undefined)?.rev;
  return typeof rev === 'number' ? rev : 0;
}

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Own keys only: a stored map may hold any key, `__proto__` included. */
/**
 * Runs a transaction's work to its commit. When anything fails, the transaction is rolled back (nothing half
 * written) and the failure is its cause, the transaction's own error (a full quota, say), rather than the
 * AbortError that the transaction's other requests get, which says nothing true to a person.
 */
async function inTransaction(tx: { done: Promise<void>; error: DOMException | null; abort(): void }, work: () => Promise<void>) {
  const done = tx.done;
  // Observed at once, so an abort is never an unhandled rejection; awaited below.
  done.catch(() => undefined);
  try {
    await work();
    await done;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted.
    }
    throw tx.error ?? e;
  }
}

function ownString(map: Record<string, unknown> | null, key: string): string | undefined {
  const value = map && Object.hasOwn(map, key) ? map[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

type EndpointOrigin = (id: string) => Persisted['customEndpoints'][number] | undefined;

export interface PersistenceHooks {
  /** The endpoint with this id as configured (built in, config.json), before anyone's own edits. */
  endpointOrigin?: EndpointOrigin;
  /** Called with the answers recovered as incomplete, so that their records can be completed too. */
  onRecovered?: (answers: { recordId: string; text: string }[]) => Promise<void>;
  liveSnapshot: () => Record<string, string>;
  onError: (error: unknown) => void;
  /** Another tab asks to stop an answer this tab streams. */
  onStopRequest?: (answerId: string) => void;
  /** 'reload': a newer version opened the database elsewhere; 'waiting': this tab waits for older ones. */
  onUpgrade?: (state: StorageUpgrade) => void;
}

export interface Persistence {
  /** Resolves once every change made so far is written (or journaled, when the database is closed). */
  settled(): Promise<void>;
  /** Once settled: whether the settings (and tokens) this tab holds are stored, so "Saved." is only said when true. */
  settingsSaved(): Promise<boolean>;
  /** Deletes every conversation and the settings, here and in every tab. */
  clear(): Promise<void>;
  disconnect(): void;
}

let current: Persistence | null = null;

/** For an answer's end: its last state is stored before its lock is let go. */
export function persistenceSettled(): Promise<void> {
  return current?.settled() ?? Promise.resolve();
}

/** Resolves to true once this tab's settings are stored; false when the write failed or storage is closed. */
export async function settingsSaved(): Promise<boolean> {
  return current ? current.settingsSaved() : false;
}

/** Asks whichever tab streams that answer to stop it. */
export function askOtherTabsToStop(answerId: string): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: 'stop', answerId } satisfies Note);
  channel.close();
}

export async function clearChatDb(): Promise<void> {
  await current?.clear();
}

/** This tab's writes wait for these: the images a new message refers to are stored before it. */
let writesAfter: Promise<unknown> = Promise.resolve();

/**
 * Holds this tab's writes (conversations, and the settings written with them) until `done` settles, and until
 * whatever is held meanwhile settles too (whether or not it succeeded: a failed image write is reported where
 * it failed, and the conversation is still kept). Sending uses it so that its request leaves before any
 * storage work, while a reload still never finds a message whose image was not stored. What waits stays
 * pending meanwhile, so a page that goes away journals it as usual.
 */
export function holdConversationWrites(done: Promise<unknown>): void {
  writesAfter = Promise.all([writesAfter, done.catch(() => undefined)]);
}

export async function connectPersistence(store: StoreApi<AppState>, hooks: PersistenceHooks, dbName = DB_NAME): Promise<Persistence> {
  /** Per conversation, what this tab last read from or wrote to the database, with its revision. */
  const synced = new Map<string, { conversation: Conversation; rev: number }>();
  let settingsBase: { value: Persisted; rev: number } = { value: pickSettings(store.getState()), rev: 0 };
  let tokensBase: Record<string, string> = {};
  const pending = new Set<string>();
  let settingsPending = false;
  /** The last write of the settings (or of the tokens) failed; cleared by the next one that succeeds. */
  let settingsFailed = false;
  let flushing: Promise<void> | null = null;
  /** Closed for a newer version: changes are journaled instead. */
  let closed = false;
  const watching = new Map<string, AbortController>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  const tell = (note: Note) => channel?.postMessage(note);

  const db: ChatDB = (
    await openDatabase<ChatSchema>(dbName, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('conversations', { keyPath: 'id' });
        database.createObjectStore('kv');
      },
      lifecycle: hooks,
      // Running answers finish and everything is written first (the newer tab waits meanwhile, and says so).
      beforeClose: async () => {
        await whenNoLiveHere();
        await settled();
      },
      onClosed(why) {
        closed = true;
        if (why === 'upgrade') for (const controller of watching.values()) controller.abort();
        else hooks.onError(new Error(`the browser closed the database ${dbName}`));
      },
    })
  ).connection();

  const checkpointOf = (answerId: string): string | undefined =>
    localStorage.getItem(`${LIVE_PREFIX}${answerId}`) ?? ownString(readJson(localStorage, LEGACY_LIVE_KEY), answerId);

  await applyJournal();

  // Load everything as it is now.
  const tx = db.transaction(['conversations', 'kv']);
  const [rows, rawSettings] = await Promise.all([
    tx.objectStore('conversations').getAll() as Promise<Row[]>,
    tx.objectStore('kv').get('settings'),
    tx.done,
  ]);
  const list = rows.map((row) => {
    const conversation = strip(row);
    synced.set(conversation.id, { conversation, rev: revOf(row) });
    return conversation;
  });
  const settings = rawSettings === undefined ? {} : (await settingsReader())(rawSettings);
  const remember = settings.rememberTokens ?? false;
  tokensBase = readJson<Record<string, string>>(remember ? localStorage : sessionStorage, TOKENS_KEY) ?? {};
  store.getState().loadConversations(list);
  const activeId = settings.activeId && synced.has(settings.activeId) ? settings.activeId : null;
  store.setState({ ...settings, activeId, tokens: tokensBase });
  settingsBase = { value: pickSettings(store.getState()), rev: revOf(rawSettings) };

  // Answers left streaming: alive while some tab holds their lock, interrupted otherwise.
  const live = await liveRecordIds();
  const orphans: StreamingAnswer[] = [];
  for (const answer of streamingAnswers(list)) {
    if (live.has(answer.recordId)) watch(answer);
    else orphans.push(answer);
  }
  await recover(orphans);
  localStorage.removeItem(LEGACY_LIVE_KEY);

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.conversations !== prev.conversations) {
      for (const [id, c] of Object.entries(state.conversations)) {
        if (c !== prev.conversations[id] && c !== synced.get(id)?.conversation) pending.add(id);
      }
      for (const id of Object.keys(prev.conversations)) if (!Object.hasOwn(state.conversations, id) && synced.has(id)) pending.add(id);
    }
    const now = pickSettings(state);
    if (!sameSettings(now, pickSettings(prev)) && !sameSettings(now, settingsBase.value)) settingsPending = true;
    if (state.tokens !== prev.tokens || state.rememberTokens !== prev.rememberTokens) {
      // Web Storage can refuse (a full quota): said like any other failed write, never thrown at the caller.
      try {
        saveTokens(state, prev.rememberTokens);
      } catch (e) {
        settingsFailed = true;
        hooks.onError(e);
      }
    }
    if (pending.size || settingsPending) scheduleFlush();
  });

  const onMessage = (event: MessageEvent<Note>) => {
    const note = event.data;
    if (note.type === 'conversations') void reread(note.ids).catch(hooks.onError);
    else if (note.type === 'settings') void rereadSettings().catch(hooks.onError);
    else if (note.type === 'stop') hooks.onStopRequest?.(note.answerId);
  };
  channel?.addEventListener('message', onMessage);

  // Remembered tokens live in localStorage, which every tab shares: take another tab's additions.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== TOKENS_KEY || event.storageArea !== localStorage || !store.getState().rememberTokens) return;
    const stored = readJson<Record<string, string>>(localStorage, TOKENS_KEY) ?? {};
    const tokens = mergeRecord(tokensBase, store.getState().tokens, stored);
    tokensBase = stored;
    if (!sameRecord(tokens, store.getState().tokens)) store.setState({ tokens });
  };
  addEventListener('storage', onStorage);

  // IndexedDB writes may not finish while a page unloads; localStorage writes are synchronous.
  const onPageHide = () => {
    for (const [id, text] of Object.entries(hooks.liveSnapshot())) localStorage.setItem(`${LIVE_PREFIX}${id}`, text);
    if (closed) saveJournal();
  };
  addEventListener('pagehide', onPageHide);

  type StreamingAnswer = { conversationId: string; answerId: string; recordId: string };

  function streamingAnswers(conversations: Iterable<Conversation>): StreamingAnswer[] {
    const out: StreamingAnswer[] = [];
    for (const c of conversations) {
      for (const m of c.messages) {
        if (m.role === 'assistant' && m.status === 'streaming') out.push({ conversationId: c.id, answerId: m.id, recordId: m.recordId });
      }
    }
    return out;
  }

  /** Another tab streams it: once that tab lets go (finished, or gone), recover it if it is unfinished. */
  function watch(answer: StreamingAnswer) {
    if (watching.has(answer.recordId) || isLiveHere(answer.recordId)) return;
    const controller = new AbortController();
    watching.set(answer.recordId, controller);
    void afterLive(answer.recordId, () => recover([answer]), controller.signal)
      .catch(hooks.onError)
      .finally(() => watching.delete(answer.recordId));
  }

  /** Marks these answers incomplete in the database if they are still streaming there, then here. */
  async function recover(answers: StreamingAnswer[]) {
    if (!answers.length || closed) return;
    const ids = new Set(answers.map((a) => a.answerId));
    const tx = db.transaction('conversations', 'readwrite');
    const written: { conversation: Conversation; rev: number }[] = [];
    for (const conversationId of new Set(answers.map((a) => a.conversationId))) {
      const row = (await tx.store.get(conversationId)) as Row | undefined;
      if (!row) continue;
      const before = strip(row);
      const after = markIncomplete(before, ids, checkpointOf);
      if (after === before) continue;
      const rev = revOf(row) + 1;
      await tx.store.put({ ...after, rev });
      written.push({ conversation: after, rev });
    }
    await tx.done;
    for (const w of written) applyStored(w.conversation.id, w.conversation, w.rev);
    if (written.length) tell({ type: 'conversations', ids: written.map((w) => w.conversation.id) });
    const recovered = written.flatMap(({ conversation }) =>
      conversation.messages.flatMap((m) =>
        m.role === 'assistant' && ids.has(m.id) && m.status === 'incomplete' ? [{ recordId: m.recordId, text: m.text }] : [],
      ),
    );
    for (const id of ids) localStorage.removeItem(`${LIVE_PREFIX}${id}`);
    if (recovered.length) await hooks.onRecovered?.(recovered);
  }

  /** Lays a stored version over this tab's copy, keeping what this tab changed and has not written yet. */
  function applyStored(id: string, stored: Conversation | null, rev: number) {
    const base = synced.get(id);
    if (base && stored !== null && rev <= base.rev) return;
    const now = Object.hasOwn(store.getState().conversations, id) ? store.getState().conversations[id]! : null;
    const merged = mergeConversation(base?.conversation ?? null, now, stored);
    if (stored) synced.set(id, { conversation: stored, rev });
    else synced.delete(id);
    if (merged !== now) store.getState().applyStoredConversations([[id, merged]]);
    for (const answer of streamingAnswers(stored ? [stored] : [])) watch(answer);
  }

  async function reread(ids: string[]) {
    if (closed) return;
    const tx = db.transaction('conversations');
    const rows = await Promise.all(ids.map((id) => tx.store.get(id) as Promise<Row | undefined>));
    await tx.done;
    ids.forEach((id, i) => {
      const row = rows[i];
      if (row) applyStored(id, strip(row), revOf(row));
      else if (synced.has(id)) applyStored(id, null, 0);
    });
  }

  async function rereadSettings() {
    if (closed) return;
    const raw = await db.get('kv', 'settings');
    const rev = revOf(raw);
    if (rev <= settingsBase.rev) return;
    const readPersisted = await settingsReader();
    if (closed || rev <= settingsBase.rev) return;
    const here = pickSettings(store.getState());
    const stored: Persisted = { ...settingsBase.value, ...readPersisted(raw) };
    for (const k of TAB_FIELDS) (stored as Record<string, unknown>)[k] = here[k];
    const merged = mergeSettings(settingsBase.value, here, stored, hooks.endpointOrigin);
    settingsBase = { value: stored, rev };
    if (!sameSettings(merged, here)) store.setState(merged);
  }

  function scheduleFlush() {
    if (flushing || closed) return;
    flushing = (async () => {
      while ((pending.size || settingsPending) && !closed) {
        const held = writesAfter;
        const readPersisted = settingsPending ? await settingsSchema() : null;
        await held;
        if (closed) break;
        // A message that arrived while this waited may refer to an image held since: wait for that first. What
        // is written is taken below, in the same task as this check.
        if (held !== writesAfter || (settingsPending && !readPersisted)) continue;
        const ids = [...pending];
        pending.clear();
        settingsPending = false;
        try {
          await write(ids, readPersisted);
          if (readPersisted) settingsFailed = false;
        } catch (e) {
          if (readPersisted) settingsFailed = true;
          hooks.onError(e);
        }
      }
    })().finally(() => {
      flushing = null;
      if (pending.size || settingsPending) scheduleFlush();
    });
  }

  /** The settings' schema; null when its code could not load, said like a failed settings write. */
  async function settingsSchema(): Promise<ReadPersisted | null> {
    try {
      return await settingsReader();
    } catch (e) {
      settingsPending = false;
      settingsFailed = true;
      hooks.onError(e);
      return null;
    }
  }

  async function settled() {
    while (flushing) await flushing;
  }

  /**
   * One transaction: each row is read and merged with this tab's changes before it is written. The state
   * written is this tab's as it is when called (the settings too, when `readPersisted` is given).
   */
  async function write(ids: string[], readPersisted: ReadPersisted | null) {
    // What this tab holds and what it last synced, taken together: a re-read of another tab's write can finish
    // while this transaction awaits, and advance the bases without changing `state` (it changes the store).
    // Compared with such a newer base, `state` would be written over the other tab's change as if it had none.
    const state = store.getState();
    const bases = new Map(ids.map((id) => [id, synced.get(id)]));
    const settingsFrom = settingsBase;
    const tx = db.transaction(['conversations', 'kv'], 'readwrite');
    const rows = tx.objectStore('conversations');
    const done: { id: string; local: Conversation | null; merged: Conversation | null; rev: number }[] = [];
    let settingsDone = null as { local: Persisted; merged: Persisted; rev: number } | null;
    await inTransaction(tx, async () => {
      for (const id of ids) {
        const local = Object.hasOwn(state.conversations, id) ? state.conversations[id]! : null;
        const base = bases.get(id);
        const row = (await rows.get(id)) as Row | undefined;
        const stored = row ? strip(row) : null;
        const storedRev = row ? revOf(row) : -1;
        const merged = storedRev === (base?.rev ?? -1) ? local : mergeConversation(base?.conversation ?? null, local, stored);
        let rev = Math.max(storedRev, 0);
        if (merged === null) {
          if (row) await rows.delete(id);
        } else if (merged !== stored) {
          rev += 1;
          await rows.put({ ...merged, rev });
        }
        done.push({ id, local, merged, rev });
      }
      if (readPersisted) {
        const kv = tx.objectStore('kv');
        const raw = await kv.get('settings');
        const storedRev = raw === undefined ? 0 : revOf(raw);
        const local = pickSettings(state);
        const merged =
          storedRev === settingsFrom.rev
            ? local
            : mergeSettings(settingsFrom.value, local, { ...settingsFrom.value, ...readPersisted(raw) }, hooks.endpointOrigin);
        await kv.put({ ...merged, rev: storedRev + 1 }, 'settings');
        settingsDone = { local, merged, rev: storedRev + 1 };
      }
    });

    // What changed here while the transaction ran is laid over what was written.
    const now = store.getState();
    const changes: [string, Conversation | null][] = [];
    for (const { id, local, merged, rev } of done) {
      if (merged) synced.set(id, { conversation: merged, rev });
      else synced.delete(id);
      const here = Object.hasOwn(now.conversations, id) ? now.conversations[id]! : null;
      const next = here === local ? merged : mergeConversation(local, here, merged);
      if (next !== here) changes.push([id, next]);
    }
    if (changes.length) now.applyStoredConversations(changes);
    if (settingsDone) {
      settingsBase = { value: settingsDone.merged, rev: settingsDone.rev };
      const here = pickSettings(store.getState());
      const next = mergeSettings(settingsDone.local, here, settingsDone.merged, hooks.endpointOrigin);
      for (const k of TAB_FIELDS) (next as Record<string, unknown>)[k] = here[k];
      if (!sameSettings(next, here)) store.setState(next);
    }
    if (done.length) tell({ type: 'conversations', ids: done.map((d) => d.id) });
    if (settingsDone) tell({ type: 'settings' });
  }

  /** Remembered tokens are shared by every tab: this tab's changes are laid over what the others stored. */
  function saveTokens(state: AppState, remembered: boolean) {
    const [keep, drop] = state.rememberTokens ? [localStorage, sessionStorage] : [sessionStorage, localStorage];
    let tokens = state.tokens;
    if (state.rememberTokens) {
      const stored = readJson<Record<string, string>>(localStorage, TOKENS_KEY) ?? {};
      // Just ticked here: every token of this tab is new to the shared store.
      tokens = remembered ? mergeRecord(tokensBase, state.tokens, stored) : mergeRecord({}, state.tokens, stored);
    }
    keep.setItem(TOKENS_KEY, JSON.stringify(tokens));
    drop.removeItem(TOKENS_KEY);
    tokensBase = tokens;
    if (!sameRecord(tokens, state.tokens)) store.setState({ tokens });
  }

  function saveJournal() {
    const state = store.getState();
    const journal: Journal = {
      conversations: [...pending].map((id) => ({
        id,
        base: synced.get(id)?.conversation ?? null,
        baseRev: synced.get(id)?.rev ?? -1,
        local: Object.hasOwn(state.conversations, id) ? state.conversations[id]! : null,
      })),
      settings: settingsPending ? { base: settingsBase.value, baseRev: settingsBase.rev, local: pickSettings(state) } : null,
    };
    if (!journal.conversations.length && !journal.settings) return;
    try {
      localStorage.setItem(JOURNAL_KEY, JSON.stringify(journal));
    } catch (e) {
      hooks.onError(e);
    }
  }

  /** Changes made after an earlier page life had to close its database, merged in like any other write. */
  async function applyJournal() {
    const journal = readJson<Journal>(localStorage, JOURNAL_KEY);
    if (!journal) return;
    const readPersisted = await settingsReader();
    const tx = db.transaction(['conversations', 'kv'], 'readwrite');
    await inTransaction(tx, async () => {
      const rows = tx.objectStore('conversations');
      for (const entry of journal.conversations ?? []) {
        const row = (await rows.get(entry.id)) as Row | undefined;
        const stored = row ? strip(row) : null;
        const merged = (row ? revOf(row) : -1) === entry.baseRev ? entry.local : mergeConversation(entry.base, entry.local, stored);
        if (merged === null) {
          if (row) await rows.delete(entry.id);
        } else if (merged !== stored) {
          await rows.put({ ...merged, rev: (row ? revOf(row) : 0) + 1 });
        }
      }
      if (journal.settings) {
        const kv = tx.objectStore('kv');
        const raw = await kv.get('settings');
        const { base, baseRev, local } = journal.settings;
        const merged =
          revOf(raw) === baseRev ? local : mergeSettings(base, local, { ...base, ...readPersisted(raw) }, hooks.endpointOrigin);
        await kv.put({ ...merged, rev: revOf(raw) + 1 }, 'settings');
      }
    });
    localStorage.removeItem(JOURNAL_KEY);
  }

  async function clear() {
    await settled();
    const ids = [...synced.keys()];
    const tx = db.transaction(['conversations', 'kv'], 'readwrite');
    await inTransaction(tx, async () => {
      await Promise.all([tx.objectStore('conversations').clear(), tx.objectStore('kv').clear()]);
    });
    synced.clear();
    settingsBase = { value: pickSettings(store.getState()), rev: 0 };
    store.getState().loadConversations([]);
    store.getState().selectConversation(null);
    sessionStorage.removeItem(TOKENS_KEY);
    localStorage.removeItem(TOKENS_KEY);
    tell({ type: 'conversations', ids });
  }

  const persistence: Persistence = {
    settled,
    async settingsSaved() {
      await settled();
      return !settingsFailed && !closed;
    },
    clear,
    disconnect() {
      unsubscribe();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
      removeEventListener('storage', onStorage);
      removeEventListener('pagehide', onPageHide);
      for (const controller of watching.values()) controller.abort();
      closed = true;
      db.close();
      if (current === persistence) current = null;
    },
  };
  current = persistence;
  return persistence;
}
