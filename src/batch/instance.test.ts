import { describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../store';
import { batchRepo } from './instance';

const openBatchRepo = vi.fn();
vi.mock('./batch-repo', () => ({ openBatchRepo: (...args: unknown[]) => openBatchRepo(...args) }));

describe('batchRepo', () => {
  it('does not keep a failed open: the next call tries again', async () => {
    const repo = {};
    openBatchRepo.mockRejectedValueOnce(new Error('blocked')).mockResolvedValueOnce(repo);
    await expect(batchRepo()).rejects.toThrow('blocked');
    await expect(batchRepo()).resolves.toBe(repo);
    await expect(batchRepo()).resolves.toBe(repo);
    expect(openBatchRepo).toHaveBeenCalledTimes(2);
  });

  it('asks the person to reload when a newer version wants the database', () => {
    const [, lifecycle] = openBatchRepo.mock.calls[0] as [unknown, { onUpgrade: (state: 'reload') => void }];
    lifecycle.onUpgrade('reload');
    expect(useAppStore.getState().storageUpgrade).toBe('reload');
  });
});
