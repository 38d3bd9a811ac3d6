// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { afterNextPaint, nextTask } from './next-task';

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

  it('resolves several in the order asked, each in a task of its own', async () => {
    const done: string[] = [];
    const all = ['a', 'b', 'c'].map((name) =>
      nextTask().then(() => {
        done.push(name);
        void Promise.resolve().then(() => done.push(`${name}'s microtask`));
      }),
    );
    await Promise.all(all);
    await nextTask();
    expect(done).toEqual(['a', "a's microtask", 'b', "b's microtask", 'c', "c's microtask"]);
  });
});

describe('afterNextPaint', () => {
  afterEach(() => {
    delete (document as { hidden?: boolean }).hidden;
  });

  it('resolves after the next frame, not in the next task', async () => {
    const done: string[] = [];
    const after = afterNextPaint().then(() => done.push('after paint'));
    requestAnimationFrame(() => done.push('frame'));
    await nextTask();
    done.push('next task');
    await after;
    expect(done).toEqual(['next task', 'frame', 'after paint']);
  });

  it('in a hidden tab, which paints nothing, goes on in the next task', async () => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    const done: string[] = [];
    requestAnimationFrame(() => done.push('frame'));
    await afterNextPaint();
    done.push('after paint');
    expect(done).toEqual(['after paint']);
  });
});
