// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, UserMessage } from './chat-types';
import { createAppStore } from './index';
import type { Persistence } from './persistence';

/** A promise and the function that settles it. */
function later<T = void>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

// The settings schema's module (persistence loads it for its first settings write) arrives when a test says so:
// a slow first load, or one that fails. `loading` says a write has asked for it.
let settingsModule = { loading: later(), arrive: later<'loads' | 'fails'>() };
const opened: Persistence[] = [];

beforeEach(() => {
  settingsModule = { loading: later(), arrive: later<'loads' | 'fails'>() };
  // Fresh modules, so that a test's first settings write loads the settings schema again.
  vi.resetModules();
  vi.doMock('./persisted-settings', async (importOriginal) => {
    const actual = await importOriginal();
    settingsModule.loading.settle();
    if ((await settingsModule.arrive.promise) === 'fails') throw new Error('the settings code did not load');
    return actual;
  });
});

afterEach(() => {
  for (const p of opened.splice(0)) p.disconnect();
});

/** The settings schema's module at hand, as after its first load. */
async function settingsModuleLoaded() {
  settingsModule.arrive.settle('loads');
  await import('./persisted-settings');
}

async function connect(dbName = `chat-writes-${Math.random()}`, onError: (e: unknown) => void = (e) => expect.unreachable(String(e))) {
  const { connectPersistence, holdConversationWrites } = await import('./persistence');
  const store = createAppStore();
  const persistence = await connectPersistence(store, { liveSnapshot: () => ({}), onError }, dbName);
  opened.push(persistence);
  const db = await openDB(dbName);
  return {
    store,
    persistence,
    holdConversationWrites,
    stored: (id: string) => db.get('conversations', id) as Promise<Conversation | undefined>,
  };
}

/** The images kept so far, and an image whose store ends when the test says so (as sendMessage holds it). */
const keptImages = new Set<string>();
function imageStoredLater(sha256: string) {
  const { promise, settle } = later();
  return {
    sha256,
    stored: promise,
    store() {
      keptImages.add(sha256);
      settle();
    },
  };
}

const question = (id: string, ...images: string[]): UserMessage => ({
  id,
  role: 'user',
  text: id,
  images: images.map((sha256) => ({
    sha256,
    mime: 'image/jpeg',
    width: 1,
    height: 1,
    bytes: 1,
    original: { name: 'x.jpg', width: 1, height: 1, bytes: 1 },
  })),
  createdAt: 0,
});

/** The images a stored conversation refers to that are not kept: a reload would show those messages without them. */
function missingImages(c: Conversation | undefined): string[] {
  return (c?.messages ?? []).flatMap((m) => (m.role === 'user' ? m.images.map((i) => i.sha256).filter((s) => !keptImages.has(s)) : []));
}

/** IndexedDB runs a read after a write begun before it: a write not held back has been seen by the last of these. */
async function readsAfterWrites(read: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await read();
}

describe('connectPersistence', () => {
  it('holds conversation writes until what they wait for has settled, then writes the newest version', async () => {
    await settingsModuleLoaded();
    const { store, holdConversationWrites, stored } = await connect('tanuki-chat'); // the database the README names
    let release: () => void = () => undefined;
    holdConversationWrites(new Promise<void>((resolve) => (release = resolve)));
    const id = store.getState().createConversation('demo');
    store.getState().appendMessages(id, question('u'));
    await readsAfterWrites(() => stored(id));
    expect(await stored(id)).toBeUndefined();
    release();
    await expect.poll(async () => (await stored(id))?.messages.length).toBe(1);
  });

  it('stores a message sent while a write waits for the settings reader only after its image', async () => {
    const { store, holdConversationWrites, stored } = await connect();
    // A new conversation's first question: it becomes the open one, so the settings are written with it.
    const id = store.getState().createConversation('demo');
    store.getState().appendMessages(id, question('q1'));
    await settingsModule.loading.promise;
    const image = imageStoredLater('b');
    holdConversationWrites(image.stored);
    store.getState().appendMessages(id, question('q2', image.sha256));
    settingsModule.arrive.settle('loads');
    await readsAfterWrites(() => stored(id));
    expect(missingImages(await stored(id))).toEqual([]);
    image.store();
    await expect.poll(async () => (await stored(id))?.messages.length).toBe(2);
    expect(missingImages(await stored(id))).toEqual([]);
  });

  it('stores a message sent while a write waits for an earlier image only after its own image', async () => {
    await settingsModuleLoaded();
    const { store, holdConversationWrites, stored } = await connect();
    const first = imageStoredLater('a');
    holdConversationWrites(first.stored);
    const id = store.getState().createConversation('demo');
    store.getState().appendMessages(id, question('q1', first.sha256));
    const second = imageStoredLater('c');
    holdConversationWrites(second.stored);
    store.getState().appendMessages(id, question('q2', second.sha256));
    first.store();
    await readsAfterWrites(() => stored(id));
    expect(missingImages(await stored(id))).toEqual([]);
    second.store();
    await expect.poll(async () => (await stored(id))?.messages.length).toBe(2);
    expect(missingImages(await stored(id))).toEqual([]);
  });

  it('a settings write begun while another tab’s settings are being re-read keeps both tabs’ changes', async () => {
    await settingsModuleLoaded();
    const dbName = `settings-race-${Math.random()}`;
    const { store, persistence } = await connect(dbName);
    const db = await openDB(dbName);
    // Another tab stores its annotator and says so; this tab's re-read of that row has begun when it hears.
    await db.put('kv', { annotator: 'Other tab', rev: 1 }, 'settings');
    const [ear, mouth] = [new BroadcastChannel('tanuki-chat'), new BroadcastChannel('tanuki-chat')];
    const heard = new Promise((resolve) => (ear.onmessage = resolve));
    mouth.postMessage({ type: 'settings' });
    await heard;
    ear.close();
    mouth.close();
    // This tab's own change: its write begins before the re-read ends, and reads the row after it.
    const written: unknown[] = [];
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (key === 'settings') written.push(value);
      return put.call(this, value, key);
    });
    const lang = store.getState().lang === 'ja' ? 'en' : 'ja';
    store.getState().setLang(lang);
    await vi.waitFor(() => expect(store.getState().annotator).toBe('Other tab'));
    await persistence.settled();
    // Every settings row written from then on holds both changes: no tab ever reads the other's undone.
    expect(written.length).toBeGreaterThan(0);
    for (const row of written) expect(row).toMatchObject({ lang, annotator: 'Other tab' });
  });

  it('stores a conversation, and says the settings were not, when the settings code cannot load', async () => {
    const errors: unknown[] = [];
    const { store, persistence, stored } = await connect(undefined, (e) => errors.push(e));
    const id = store.getState().createConversation('demo');
    store.getState().appendMessages(id, question('q1'));
    settingsModule.arrive.settle('fails');
    await expect.poll(async () => (await stored(id))?.messages.length).toBe(1);
    expect(await persistence.settingsSaved()).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
