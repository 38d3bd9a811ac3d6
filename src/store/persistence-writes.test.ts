// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { createAppStore } from './index';
import { connectPersistence, holdConversationWrites } from './persistence';

describe('connectPersistence', () => {
  it('holds conversation writes until what they wait for has settled, then writes the newest version', async () => {
    const store = createAppStore();
    await connectPersistence(store, { liveSnapshot: () => ({}), onError: (e) => expect.unreachable(String(e)) });
    const db = await openDB('tanuki-chat'); // the database the README names
    let release: () => void = () => undefined;
    holdConversationWrites(new Promise<void>((resolve) => (release = resolve)));
    const id = store.getState().createConversation('demo');
    store.getState().appendMessages(id, { id: 'u', role: 'user', text: 'q', images: [], createdAt: 0 });
    // IndexedDB runs a read after a write begun before it: a write not held back would be seen by then.
    for (let i = 0; i < 3; i++) await db.get('conversations', id);
    expect(await db.get('conversations', id)).toBeUndefined();
    release();
    await expect.poll(async () => (await db.get('conversations', id))?.messages?.length).toBe(1);
  });
});
