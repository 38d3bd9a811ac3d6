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

  it('gives a first look the open database before the books are closed, and closes them all the same', async () => {
    vi.resetModules();
    const fresh = await import('./instance');
    let finishMarking = () => {};
    const marking = vi.fn(() => new Promise<number>((resolve) => (finishMarking = () => resolve(0))));
    const repo = { markPendingAsIncomplete: marking };
    openRecords.mockResolvedValueOnce(repo);
    await expect(fresh.recordsRepoForFirstLook()).resolves.toBe(repo);
    const whole = fresh.recordsRepo();
    let settled = false;
    void whole.then(() => (settled = true));
    await vi.waitFor(() => expect(marking).toHaveBeenCalledTimes(1));
    expect(settled).toBe(false);
    finishMarking();
    await expect(whole).resolves.toBe(repo);
    expect(marking).toHaveBeenCalledTimes(1);
  });
});
