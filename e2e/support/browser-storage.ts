// What a page keeps in the browser, read from inside it: Web Storage and every IndexedDB database.
// Specs use it to check where secrets (tokens) do and do not end up.
import type { Page } from '@playwright/test';

export interface StorageDump {
  local: string;
  session: string;
  /** Every row of every object store of every database, as JSON (Blobs show as their size and type). */
  indexedDb: string;
}

export async function dumpStorage(page: Page): Promise<StorageDump> {
  return page.evaluate(async () => {
    const webStorage = (s: Storage) => JSON.stringify(Object.fromEntries(Object.entries(s)));
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const rows: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const open = indexedDB.open(info.name);
      const db = await request(open);
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store, 'readonly');
        const [keys, values] = await Promise.all([request(tx.objectStore(store).getAllKeys()), request(tx.objectStore(store).getAll())]);
        rows[`${info.name}/${store}`] = { keys, values };
      }
      db.close();
    }
    const indexedDb = JSON.stringify(rows, (_k, v: unknown) => (v instanceof Blob ? { blob: v.size, type: v.type } : v));
    return { local: webStorage(localStorage), session: webStorage(sessionStorage), indexedDb };
  });
}
