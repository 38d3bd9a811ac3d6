import { describe, expect, it } from 'vitest';
import { StorageFullError } from '../records/errors';
import { reportStorageError, useAppStore } from './index';

describe('reportStorageError', () => {
  it('tells a full quota from other failures and keeps the text as a detail', () => {
    reportStorageError(new StorageFullError());
    expect(useAppStore.getState().storageError?.kind).toBe('full');
    reportStorageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(useAppStore.getState().storageError?.kind).toBe('full');
    reportStorageError(new DOMException('The transaction was aborted.', 'AbortError'));
    expect(useAppStore.getState().storageError).toEqual({ kind: 'failed', detail: 'AbortError: The transaction was aborted.' });
  });
});
