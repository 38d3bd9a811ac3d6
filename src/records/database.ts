// Opening one of the app's IndexedDB databases (records, batch, and the chat's conversations and settings),
// with the same rules for each:
// - an older tab blocks the open: the app hears 'waiting', then null once open;
// - a newer version of the app wants the database in another tab: the app hears 'reload' at once, this tab's
//   answers being written finish first (their records would be lost otherwise), then the connection closes
//   rather than block the newer tab forever; every later use fails with RecordsError 'closed', which the UI
//   has words for (IndexedDB would only say "InvalidStateError");
// - a failed open is a RecordsError 'storage-failed'; callers never keep it, so the next use tries again.
// Writes go through `write`: one transaction, aborted on any failure so that nothing half-written stays.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type OpenDBCallbacks, type StoreNames } from 'idb';
import { RecordsError, toRecordsError } from './errors';
import { whenNoLiveHere } from './live-answers';

/** What the app hears of another tab's newer version. */
export interface StorageLifecycle {
  /** 'reload': this tab closes the database for a newer version; 'waiting': this (newer) tab waits for older ones; null: open. */
  onUpgrade?: (state: 'reload' | 'waiting' | null) => void;
}

export interface OpenOptions<S extends DBSchema> {
  upgrade: OpenDBCallbacks<S>['upgrade'];
  lifecycle?: StorageLifecycle;
  /** What must be done before the connection closes for a newer version (default: this tab's live answers). */
  beforeClose?: () => Promise<void>;
  /** Told when the connection has closed for a newer version ('upgrade') or the browser closed it ('browser'). */
  onClosed?: (why: 'upgrade' | 'browser') => void;
}

export interface Database<S extends DBSchema> {
  /** The connection; throws RecordsError 'closed' once it closed for a newer version or by the browser. */
  connection(): IDBPDatabase<S>;
  /**
   * One read-write transaction over `stores`, aborted on any failure (or when `signal` aborts); failures
   * become RecordsErrors (a quota failure, thrown by a request or reported by the transaction, StorageFullError).
   */
  write<T>(
    stores: StoreNames<S>[],
    work: (tx: IDBPTransaction<S, StoreNames<S>[], 'readwrite'>) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>;
  close(): void;
}

export async function openDatabase<S extends DBSchema>(name: string, version: number, options: OpenOptions<S>): Promise<Database<S>> {
  const { lifecycle = {}, beforeClose = whenNoLiveHere } = options;
  let db: IDBPDatabase<S> | undefined;
  let closed = false;
  const closeFor = (why: 'upgrade' | 'browser') => {
    closed = true;
    options.onClosed?.(why);
    if (why === 'upgrade') db?.close();
  };
  try {
    db = await openDB<S>(name, version, {
      upgrade: options.upgrade,
      blocked: () => lifecycle.onUpgrade?.('waiting'),
      blocking() {
        lifecycle.onUpgrade?.('reload');
        void beforeClose().then(() => closeFor('upgrade'));
      },
      terminated: () => closeFor('browser'),
    });
  } catch (e) {
    throw new RecordsError('storage-failed', `cannot open ${name}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  lifecycle.onUpgrade?.(null);
  const opened = db;

  function connection(): IDBPDatabase<S> {
    if (closed) throw new RecordsError('closed', `${name} was closed for a newer version of the app in another tab`);
    return opened;
  }

  async function write<T>(
    stores: StoreNames<S>[],
    work: (tx: IDBPTransaction<S, StoreNames<S>[], 'readwrite'>) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    let tx: IDBPTransaction<S, StoreNames<S>[], 'readwrite'>;
    try {
      tx = connection().transaction(stores, 'readwrite');
    } catch (e) {
      throw toRecordsError(e);
    }
    const done = tx.done;
    // Observed here so an aborted transaction is never an unhandled rejection; awaited below.
    done.catch(() => undefined);
    const abort = () => {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted.
      }
    };
    signal?.addEventListener('abort', abort);
    try {
      const result = await work(tx);
      await done;
      return result;
    } catch (e) {
      abort();
      if (signal?.aborted) throw signal.reason;
      throw toRecordsError(e, tx.error);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  return {
    connection,
    write,
    close() {
      closed = true;
      opened.close();
    },
  };
}
