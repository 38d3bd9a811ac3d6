import { describe, expect, it } from 'vitest';
import { stampedName } from './download';

describe('stampedName', () => {
  it('stamps the local day and minute, zero-padded, before the extension', () => {
    expect(stampedName('tanuki-records', 'zip', new Date(2026, 0, 2, 3, 4))).toBe('tanuki-records-20260102-0304.zip');
    expect(stampedName('tanuki-run-x', 'csv', new Date(2026, 11, 31, 23, 59))).toBe('tanuki-run-x-20261231-2359.csv');
  });
});
