// The records module's one error type: a code per kind, so the UI maps codes to words in both languages
// (the English message here is for logs and tests, not for people).

export type RecordsErrorCode =
  /** The browser refused to store more; the transaction was rolled back, nothing stored was lost. */
  | 'storage-full'
  /** Something asked to be stored does not match the schema. */
  | 'invalid-data'
  | 'not-found'
  /** An import that is neither a zip nor JSON Lines. */
  | 'unsupported-file'
  /** An import above the size limit of the file as given. */
  | 'file-too-large'
  /** A zip with more entries than an import reads. */
  | 'too-many-entries'
  /** A zip entry that declares more than an entry may expand to. */
  | 'entry-too-large'
  /** A zip whose entries together expand (declared, or as really inflated) beyond the limit. */
  | 'unpacks-too-large'
  /** A zip whose entries expand far beyond their compressed size. */
  | 'zip-bomb'
  /** A zip entry that inflates to more than the size its headers declare. */
  | 'lying-sizes'
  | 'corrupt-archive'
  /** An export beyond what a zip written here can hold (4 GiB). */
  | 'export-too-large'
  /** Closed for a newer version of the app opened in another tab: this tab must be reloaded. */
  | 'closed'
  /** Any other storage failure (blocked database, private mode, ...). */
  | 'storage-failed';

export class RecordsError extends Error {
  readonly code: RecordsErrorCode;
  /** What the words for the code fill in (an entry's name, sizes in MB, a limit). */
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: RecordsErrorCode, message: string, cause?: unknown, params: Record<string, string | number> = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RecordsError';
    this.code = code;
    this.params = params;
  }
}

export class StorageFullError extends RecordsError {
  constructor(cause?: unknown) {
    super('storage-full', 'storage quota exceeded; the write was rolled back', cause);
    this.name = 'StorageFullError';
  }
}

function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  // 22 is the legacy DOMException code; Firefox has used its own name for the same condition.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** Turns what IndexedDB threw (or the transaction's own error) into a RecordsError. */
export function toRecordsError(thrown: unknown, txError?: unknown): RecordsError {
  if (thrown instanceof RecordsError) return thrown;
  if (isQuotaError(thrown) || isQuotaError(txError)) return new StorageFullError(isQuotaError(thrown) ? thrown : txError);
  // A request of an aborted transaction only says "AbortError"; the transaction's own error says why.
  const cause = isAbort(thrown) && txError instanceof Error ? txError : thrown;
  const message = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new RecordsError('storage-failed', message, cause);
}
