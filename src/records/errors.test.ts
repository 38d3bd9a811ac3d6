import { describe, expect, it } from 'vitest';
import { toRecordsError } from './errors';

describe('toRecordsError', () => {
  const abort = new DOMException('The transaction was aborted, so the request cannot be fulfilled.', 'AbortError');

  it('names the cause of an aborted transaction, not the AbortError its other requests get', () => {
    const error = toRecordsError(abort, new DOMException('Key already exists in the object store.', 'ConstraintError'));
    expect(error.code).toBe('storage-failed');
    expect(error.message).toBe('ConstraintError: Key already exists in the object store.');
    expect(error.message).not.toContain('AbortError');
  });

  it('calls a transaction aborted for a full quota full', () => {
    expect(toRecordsError(abort, new DOMException('The quota has been exceeded.', 'QuotaExceededError')).code).toBe('storage-full');
  });

  it('keeps an abort with no better cause as it is', () => {
    expect(toRecordsError(abort, null).message).toContain('AbortError');
  });
});
