// @vitest-environment jsdom
// Two tabs are two stores connected to one database (fake-indexeddb), one localStorage and one
// BroadcastChannel name, as two tabs of one origin are. Web Locks are a small in-test lock manager.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Endpoint } from '../config/schema';
import { holdLive } from '../records/hold-live';
import type { AssistantMessage, Conversation, UserMessage } from './chat-types';
import { createAppStore } from './index';
import { readPersisted } from './persisted-settings';
import { connectPersistence, markIncomplete, type Persistence, type PersistenceHooks } from './persistence';

const user = (id: string, text: string): UserMessage => ({ id, role: 'user', text, images: [], createdAt: 0 });
const answer = (id: string, status: AssistantMessage['status'], text: string): AssistantMessage => ({
  id,
  role: 'assistant',
  text,
  status,
  finishReason: null,
  error: null,
  recordId: `r-${id}`,
  endpointId: 'demo',
  endpointLabel: 'D',
  model: 'demo',
  createdAt: 0,
  ttftMs: null,
  tokensPerSecond: null,
});

/** Exclusive locks only, as the app uses them: a queue per name, and query() of what is held. */
class TestLocks {
  private queues = new Map<string, (() => void)[]>();
  private held = new Set<string>();

  request(name: string, ...args: unknown[]): Promise<unknown> {
    const callback = args.at(-1) as (lock: unknown) => Promise<unknown>;
    const signal = (args.length === 2 ? (args[0] as { signal?: AbortSignal }).signal : undefined) ?? null;
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            this.queues.get(name)?.shift()?.();
          });
      };
      if (!this.held.has(name)) return grant();
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      queue.push(grant);
      signal?.addEventListener('abort', () => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  async query() {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' })), pending: [] };
  }
}

/** Plays "another tab streams this answer" until the returned function is called. */
function streamElsewhere(locks: TestLocks, recordId: string): () => void {
  let release!: () => void;
  void locks.request(`tanuki-live:${recordId}`, () => new Promise<void>((resolve) => (release = resolve)));
  return () => release();
}

let dbName = '';
let locks: TestLocks;
const opened: Persistence[] = [];
const errors: unknown[] = [];

function hooks(extra: Partial<PersistenceHooks> = {}): PersistenceHooks {
  return { liveSnapshot: () => ({}), onError: (e) => errors.push(e), ...extra };
}

async function tab(extra: Partial<PersistenceHooks> = {}) {
  const store = createAppStore();
  const persistence = await connectPersistence(store, hooks(extra), dbName);
  opened.push(persistence);
  return { store, persistence };
}

async function storedConversation(id: string): Promise<Conversation & { rev: number }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const row = await new Promise<unknown>((resolve) => {
    const get = db.transaction('conversations').objectStore('conversations').get(id);
    get.onsuccess = () => resolve(get.result);
  });
  db.close();
  return row as Conversation & { rev: number };
}

beforeEach(() => {
  dbName = `chat-${Math.random()}`;
  locks = new TestLocks();
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  localStorage.clear();
  sessionStorage.clear();
  errors.length = 0;
});

afterEach(() => {
  for (const p of opened.splice(0)) p.disconnect();
  expect(errors).toEqual([]);
});

describe('markIncomplete', () => {
  const conversation = (status: 'streaming' | 'ok', text: string): Conversation => ({
    id: 'c',
    title: '',
    createdAt: 0,
    updatedAt: 0,
    endpointId: 'demo',
    messages: [user('u', 'q'), answer('a', status, text)],
  });

  it('marks a streaming answer incomplete and keeps the longer checkpointed text', () => {
    const c = markIncomplete(conversation('streaming', 'abc'), new Set(['a']), () => 'abcdef');
    expect(c.messages[1]).toMatchObject({ status: 'incomplete', text: 'abcdef' });
  });

  it('leaves finished answers, and answers not named, as the same objects', () => {
    const done = conversation('ok', 'x');
    expect(markIncomplete(done, new Set(['a']), () => 'longer')).toBe(done);
    const other = conversation('streaming', 'x');
    expect(markIncomplete(other, new Set(['b']), () => 'longer')).toBe(other);
  });
});

describe('readPersisted', () => {
  it('keeps valid fields and drops the ones that no longer fit', () => {
    const read = readPersisted({
      lang: 'fr',
      annotator: 'aki',
      rememberTokens: 'yes',
      customEndpoints: [{ id: 'bad id!' }],
      activeId: 'c1',
    });
    expect(read).toEqual({ annotator: 'aki', activeId: 'c1' });
  });
  it('survives garbage', () => {
    expect(readPersisted(null)).toEqual({});
    expect(readPersisted('x')).toEqual({});
  });
  it('drops the password of an endpoint URL stored before such URLs were refused, and keeps the endpoint', () => {
    const stored = { id: 'old', label: 'Old', protocol: 'openai-chat', url: 'https://me:hunter2@h.example/v1', model: 'm' };
    const read = readPersisted({ customEndpoints: [stored] });
    expect(read.customEndpoints).toEqual([expect.objectContaining({ id: 'old', url: 'https://h.example/v1' })]);
    expect(JSON.stringify(read)).not.toContain('hunter2');
  });
});

const customEndpoint = (id: string): Endpoint => ({
  id,
  label: 'Mine',
  protocol: 'openai-chat',
  url: 'https://h/v1',
  model: 'm',
  imagePolicy: { longSide: 1536 },
  maxImagesPerMessage: 4,
  systemPrompt: '',
});

describe('two tabs', () => {
  it('a tab opened while another streams shows the answer as streaming, and a rename there keeps the finished answer', async () => {
    const a = await tab();
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'what is this?'), answer('a1', 'streaming', 'It is'));
    const release = streamElsewhere(locks, 'r-a1');
    await a.persistence.settled();

    const b = await tab();
    expect(b.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'streaming', text: 'It is' });

    // Tab A finishes; tab B renames before it has heard of that (its copy is older).
    a.store.getState().patchAnswer(id, 'a1', { status: 'ok', text: 'It is a cat.' });
    await a.persistence.settled();
    b.store.getState().renameConversation(id, 'Cat');
    await b.persistence.settled();
    release();

    const stored = await storedConversation(id);
    expect(stored.title).toBe('Cat');
    expect(stored.messages[1]).toMatchObject({ status: 'ok', text: 'It is a cat.' });
    // Each tab sees the other's change.
    await vi.waitFor(() => expect(a.store.getState().conversations[id]?.title).toBe('Cat'));
    await vi.waitFor(() => expect(b.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'ok', text: 'It is a cat.' }));
  });

  it('an answer is marked incomplete only once the tab streaming it is gone, with its last checkpoint', async () => {
    const a = await tab();
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'q'), answer('a1', 'streaming', 'par'));
    const release = streamElsewhere(locks, 'r-a1');
    await a.persistence.settled();
    const recovered: { recordId: string; text: string }[][] = [];
    const b = await tab({ onRecovered: async (answers) => void recovered.push(answers) });
    expect(b.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'streaming' });

    // The streaming tab goes away: its page-hide checkpoint is all that is left of the rest.
    localStorage.setItem('tanuki.live.a1', 'partial answer');
    release();
    await vi.waitFor(() =>
      expect(b.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'incomplete', text: 'partial answer' }),
    );
    expect((await storedConversation(id)).messages[1]).toMatchObject({ status: 'incomplete', text: 'partial answer' });
    expect(recovered).toEqual([[{ recordId: 'r-a1', text: 'partial answer' }]]);
    await vi.waitFor(() => expect(a.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'incomplete' }));
  });

  it('an answer nobody streams any more is marked incomplete at start', async () => {
    const a = await tab();
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'q'), answer('a1', 'streaming', 'par'));
    await a.persistence.settled();
    a.persistence.disconnect();
    const b = await tab();
    expect(b.store.getState().conversations[id]?.messages[1]).toMatchObject({ status: 'incomplete', text: 'par' });
  });

  it('a deletion in one tab is not undone by a change in another', async () => {
    const a = await tab();
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'q'));
    await a.persistence.settled();
    const b = await tab();
    a.store.getState().deleteConversation(id);
    await a.persistence.settled();
    b.store.getState().renameConversation(id, 'still here?');
    await b.persistence.settled();
    expect(await storedConversation(id)).toBeUndefined();
    await vi.waitFor(() => expect(b.store.getState().conversations[id]).toBeUndefined());
  });

  it('settings: an endpoint added in one tab survives a language change in the other, and both tabs see both', async () => {
    const a = await tab();
    const b = await tab();
    const endpoint = customEndpoint('custom-1');
    a.store.getState().saveCustomEndpoint(endpoint);
    await a.persistence.settled();
    b.store.getState().setLang(b.store.getState().lang === 'ja' ? 'en' : 'ja');
    const lang = b.store.getState().lang;
    await b.persistence.settled();

    await vi.waitFor(() => expect(b.store.getState().customEndpoints).toEqual([endpoint]));
    await vi.waitFor(() => expect(a.store.getState().lang).toBe(lang));
    const c = await tab();
    expect(c.store.getState().customEndpoints).toEqual([endpoint]);
    expect(c.store.getState().lang).toBe(lang);
  });

  it('settings: an endpoint changed in two tabs at once keeps what each changed (a rename in one, a model in the other)', async () => {
    const a = await tab();
    const endpoint = customEndpoint('custom-2');
    a.store.getState().saveCustomEndpoint(endpoint);
    await a.persistence.settled();
    const b = await tab();
    // Neither has heard of the other's change when it saves.
    a.store.getState().saveCustomEndpoint({ ...endpoint, label: 'Renamed' });
    b.store.getState().saveCustomEndpoint({ ...endpoint, model: 'm2' });
    await Promise.all([a.persistence.settled(), b.persistence.settled()]);
    const c = await tab();
    expect(c.store.getState().customEndpoints).toEqual([{ ...endpoint, label: 'Renamed', model: 'm2' }]);
  });

  it('settings: a configured endpoint that both tabs edit at once, each making its own copy, keeps what each changed', async () => {
    // As config.json gives it: neither tab has an own copy yet, so their last read of the settings has none.
    const configured = customEndpoint('from-config');
    const endpointOrigin = (id: string) => (id === configured.id ? configured : undefined);
    const a = await tab({ endpointOrigin });
    const b = await tab({ endpointOrigin });
    a.store.getState().saveCustomEndpoint({ ...configured, label: 'Renamed' });
    b.store.getState().saveCustomEndpoint({ ...configured, model: 'm2' });
    await Promise.all([a.persistence.settled(), b.persistence.settled()]);
    const c = await tab();
    expect(c.store.getState().customEndpoints).toEqual([{ ...configured, label: 'Renamed', model: 'm2' }]);
  });

  it('remembered tokens: one tab’s token is kept when another adds its own', async () => {
    const a = await tab();
    a.store.getState().setToken('zero', 'tok-0');
    a.store.getState().setRememberTokens(true);
    expect(JSON.parse(localStorage.getItem('tanuki.tokens') ?? '{}')).toEqual({ zero: 'tok-0' });
    expect(sessionStorage.getItem('tanuki.tokens')).toBeNull();
    await a.persistence.settled();
    const b = await tab();
    a.store.getState().setToken('one', 'tok-1');
    b.store.getState().setToken('two', 'tok-2');
    expect(JSON.parse(localStorage.getItem('tanuki.tokens') ?? '{}')).toEqual({ zero: 'tok-0', one: 'tok-1', two: 'tok-2' });
  });
});

describe('a newer version opens the database in another tab', () => {
  /** `abandon`: the newer tab gives up its upgrade (the database stays at this version). */
  function openNewer(abandon = false): { opened: Promise<IDBDatabase>; blocked: () => boolean } {
    let blocked = false;
    const opened = new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(dbName, 2);
      open.onblocked = () => (blocked = true);
      if (abandon) open.onupgradeneeded = () => open.transaction?.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return { opened, blocked: () => blocked };
  }

  it('this tab saves, closes and asks for a reload; the newer tab is not blocked for good', async () => {
    const upgrades: unknown[] = [];
    const a = await tab({ onUpgrade: (s) => void upgrades.push(s) });
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'kept'));
    const newer = openNewer();
    const db = await newer.opened;
    expect(upgrades).toContain('reload');
    const row = await new Promise<Conversation>((resolve) => {
      const get = db.transaction('conversations').objectStore('conversations').get(id);
      get.onsuccess = () => resolve(get.result as Conversation);
    });
    expect(row.messages).toEqual([expect.objectContaining({ text: 'kept' })]);
    db.close();
  });

  it('an answer being written is finished and stored before the database closes', async () => {
    const a = await tab({ onUpgrade: () => undefined });
    const id = a.store.getState().createConversation('demo');
    let finish!: () => void;
    const done = holdLive('r-a1', async () => {
      a.store.getState().appendMessages(id, user('u1', 'q'), answer('a1', 'streaming', ''));
      await new Promise<void>((resolve) => (finish = resolve));
      a.store.getState().patchAnswer(id, 'a1', { status: 'ok', text: 'all of it' });
      await a.persistence.settled();
    });
    await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    const newer = openNewer();
    await vi.waitFor(() => expect(newer.blocked()).toBe(true));
    finish();
    await done;
    const db = await newer.opened;
    const row = await new Promise<Conversation>((resolve) => {
      const get = db.transaction('conversations').objectStore('conversations').get(id);
      get.onsuccess = () => resolve(get.result as Conversation);
    });
    expect(row.messages[1]).toMatchObject({ status: 'ok', text: 'all of it' });
    db.close();
  });

  it('a change made after the close waits in localStorage and is merged in at the next start', async () => {
    const a = await tab({ onUpgrade: () => undefined });
    const id = a.store.getState().createConversation('demo');
    a.store.getState().appendMessages(id, user('u1', 'q'));
    await a.persistence.settled();
    // Another tab (same version) writes a newer copy; then this tab has to close.
    const b = await tab({ onUpgrade: () => undefined });
    b.store.getState().appendMessages(id, answer('a1', 'ok', 'from the other tab'));
    await b.persistence.settled();
    await expect(openNewer(true).opened).rejects.toThrow();
    a.store.getState().renameConversation(id, 'renamed after the close');
    dispatchEvent(new Event('pagehide'));
    expect(localStorage.getItem('tanuki.chat-journal')).toContain('renamed after the close');

    // The next start (here: the same version again, the newer tab having given up) merges it in.
    opened.splice(0).forEach((p) => p.disconnect());
    const c = await tab();
    expect(c.store.getState().conversations[id]?.title).toBe('renamed after the close');
    expect(c.store.getState().conversations[id]?.messages[1]).toMatchObject({ text: 'from the other tab' });
    expect(localStorage.getItem('tanuki.chat-journal')).toBeNull();
  });
});

describe('"Saved." is said only when it is true', () => {
  it('settingsSaved() is false when the settings write failed, and true again once one goes through', async () => {
    const { store, persistence } = await tab();
    store.getState().setLang('en');
    expect(await persistence.settingsSaved()).toBe(true);

    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    store.getState().setAnnotator('aki');
    expect(await persistence.settingsSaved()).toBe(false);
    put.mockRestore();
    expect(errors.splice(0)).toEqual([expect.objectContaining({ name: 'QuotaExceededError' })]);

    store.getState().setAnnotator('aki again');
    expect(await persistence.settingsSaved()).toBe(true);
  });

  it('a token that Web Storage refuses is a failed save, reported, never thrown at the caller', async () => {
    const { store, persistence } = await tab();
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(() => store.getState().setToken('demo', 'tok')).not.toThrow();
    setItem.mockRestore();
    expect(await persistence.settingsSaved()).toBe(false);
    expect(errors.splice(0)).toEqual([expect.objectContaining({ name: 'QuotaExceededError' })]);
  });
});
