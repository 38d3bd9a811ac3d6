import { describe, expect, it, vi } from 'vitest';
import { withActions } from './warm-up';

// The sending code does not arrive (offline, a new deployment replaced its chunk).
vi.mock('./actions', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('withActions', () => {
  it('does not reject when the sending code cannot be loaded: it says false, and nothing ran', async () => {
    const run = vi.fn();
    await expect(withActions(run)).resolves.toBe(false);
    expect(run).not.toHaveBeenCalled();
  });
});
