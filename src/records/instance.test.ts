import { describe, expect, it, vi } from 'vitest';
import { recordsRepo } from './instance';

const openRecords = vi.fn();
vi.mock('./repository', () => ({ openRecords: () => openRecords() }));

describe('recordsRepo', () => {
  it('does not keep a failed open: the next call tries again', async () => {
    const repo = { markPendingAsIncomplete: async () => 0 };
    openRecords.mockRejectedValueOnce(new Error('blocked')).mockResolvedValueOnce(repo);
    await expect(recordsRepo()).rejects.toThrow('blocked');
    await expect(recordsRepo()).resolves.toBe(repo);
    await expect(recordsRepo()).resolves.toBe(repo);
    expect(openRecords).toHaveBeenCalledTimes(2);
  });
});
