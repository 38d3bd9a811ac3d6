import { describe, expect, it } from 'vitest';
import { Executor, type Clock, type UnitResult } from './executor';
import { Lane } from './lanes';

/** A clock whose time moves only when the test says. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  return {
    clock,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = until;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** Work whose units end when the test resolves them. */
function manualWork() {
  const open = new Map<string, (r: UnitResult) => void>();
  const started: string[] = [];
  return {
    started,
    open,
    work: (lane: Lane, unit: number, signal: AbortSignal) =>
      new Promise<UnitResult>((resolve) => {
        const key = `${lane.id}:${unit}`;
        started.push(key);
        open.set(key, resolve);
        signal.addEventListener('abort', () => resolve({ ok: false, error: { code: 'aborted' } }));
      }),
    async end(key: string, result: UnitResult = { ok: true }) {
      const resolve = open.get(key);
      if (!resolve) throw new Error(`${key} is not running`);
      open.delete(key);
      resolve(result);
      await flush();
    },
  };
}

describe('Executor', () => {
  it('starts the next unit while an answer is being stored, counts it done once stored, and fails it when it could not be', async () => {
    const w = manualWork();
    const lane = new Lane('a', 1, [0, 1, 2]);
    const settled: string[] = [];
    const ex = new Executor({
      lanes: [lane],
      work: w.work,
      onSettled: (_lane, u, r, e) => settled.push(`${u}:${r}${e ? `:${e.code}` : ''}`),
    });
    let ended: string | null = null;
    void ex.run().then((end) => (ended = end));
    const stores = [0, 1, 2].map(() => {
      let resolve!: (kept: boolean) => void;
      return { promise: new Promise<boolean>((r) => (resolve = r)), resolve: (kept: boolean) => resolve(kept) };
    });
    for (const u of [0, 1, 2]) {
      expect(w.started).toHaveLength(u + 1);
      await w.end(`a:${u}`, { ok: true, stored: stores[u]!.promise });
    }
    // Every request went out; nothing counts as done yet, and the run waits for the stores.
    expect(settled).toEqual([]);
    expect({ done: lane.done, beingStored: lane.beingStored, finished: lane.finished }).toEqual({
      done: 0,
      beingStored: 3,
      finished: false,
    });
    stores[1]!.resolve(true);
    stores[0]!.resolve(false);
    await flush();
    expect(settled).toEqual(['1:done', '0:failed:storage']);
    expect(ended).toBeNull();
    stores[2]!.resolve(true);
    await flush();
    expect(ended).toBe('finished');
    expect({ done: lane.done, failed: [...lane.failedUnits] }).toEqual({ done: 2, failed: [0] });
  });

  it('runs every unit once, each lane at its own concurrency, and finishes', async () => {
    const a = new Lane('a', 2, [0, 1, 2]);
    const b = new Lane('b', 1, [3, 4]);
    const settled: string[] = [];
    const work = async (): Promise<UnitResult> => {
      await flush();
      return { ok: true };
    };
    const ex = new Executor({ lanes: [a, b], work, onSettled: (l, u, r) => settled.push(`${l.id}:${u}:${r}`) });
    expect(await ex.run()).toBe('finished');
    expect(settled.sort()).toEqual(['a:0:done', 'a:1:done', 'a:2:done', 'b:3:done', 'b:4:done']);
  });

  it('a rate-limited lane waits for its Retry-After while the other goes on; nothing is asked twice once done', async () => {
    const { clock, advance } = fakeClock();
    const w = manualWork();
    const slow = new Lane('slow', 2, [0, 1]);
    const fast = new Lane('fast', 2, [2, 3, 4]);
    const ex = new Executor({ lanes: [slow, fast], work: w.work, clock, random: () => 0.5 });
    const ended = ex.run();
    expect(w.started).toEqual(['slow:0', 'slow:1', 'fast:2', 'fast:3']);
    await w.end('slow:0', { ok: false, error: { code: 'rate-limited', status: 429, retryAfterMs: 2000 } });
    await w.end('slow:1', { ok: false, error: { code: 'rate-limited', status: 429, retryAfterMs: 2000 } });
    await w.end('fast:2');
    await w.end('fast:3');
    expect(w.started.slice(4)).toEqual(['fast:4']);
    await w.end('fast:4');
    expect(fast.finished).toBe(true);
    await advance(1999);
    expect(w.started).toHaveLength(5);
    await advance(1);
    // One probe first, then the rest.
    expect(w.started.slice(5)).toEqual(['slow:0']);
    await w.end('slow:0');
    expect(w.started.slice(6)).toEqual(['slow:1']);
    await w.end('slow:1');
    expect(await ended).toBe('finished');
    expect(w.started.filter((k) => k === 'fast:2')).toHaveLength(1);
  });

  it('pause lets requests in flight finish and starts nothing new; cancel stops them', async () => {
    const w = manualWork();
    const lane = new Lane('a', 2, [0, 1, 2, 3]);
    const ex = new Executor({ lanes: [lane], work: w.work });
    const first = ex.run();
    ex.pause();
    await w.end('a:0');
    await w.end('a:1');
    expect(await first).toBe('paused');
    expect(lane).toMatchObject({ done: 2, pending: 2 });

    const second = ex.run();
    expect(w.open.size).toBe(2);
    ex.cancel();
    expect(await second).toBe('cancelled');
    expect(lane).toMatchObject({ done: 2, pending: 2, failures: 0 });
  });

  it('stalls when only paused lanes are left, and goes on once one is resumed', async () => {
    const w = manualWork();
    const lane = new Lane('a', 1, [0, 1]);
    const ex = new Executor({ lanes: [lane], work: w.work });
    const first = ex.run();
    await w.end('a:0', { ok: false, error: { code: 'auth', status: 401 } });
    expect(await first).toBe('stalled');
    expect(lane.paused?.reason).toBe('auth');
    lane.resume();
    const second = ex.run();
    await w.end('a:0');
    await w.end('a:1');
    expect(await second).toBe('finished');
  });

  it('a unit that fails on its own is settled as failed and the run still finishes', async () => {
    const settled: string[] = [];
    const lane = new Lane('a', 1, [0, 1]);
    const work = async (_lane: Lane, unit: number): Promise<UnitResult> =>
      unit === 0 ? { ok: false, error: { code: 'server', status: 500 } } : { ok: true };
    const ex = new Executor({ lanes: [lane], work, onSettled: (_l, u, r) => settled.push(`${u}:${r}`) });
    expect(await ex.run()).toBe('finished');
    expect(settled).toEqual(['0:failed', '1:done']);
    expect([...lane.failedUnits]).toEqual([0]);
  });
});
