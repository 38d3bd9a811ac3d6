import { describe, expect, it } from 'vitest';
import { nextTask } from './next-task';

describe('nextTask', () => {
  it('resolves after the current task and every microtask it queued', async () => {
    const done: string[] = [];
    const next = nextTask().then(() => done.push('next task'));
    void Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => done.push('microtasks'));
    done.push('this task');
    await next;
    expect(done).toEqual(['this task', 'microtasks', 'next task']);
  });
});
