import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImageRejection } from './checks';
import type { ConnectWorker } from '../ui/worker-queue';
import { createImagePreparer } from './prepare';
import type { PreparedImage, WorkerRequest, WorkerResponse } from './prepare-core';

/** Fake workers: each records what it was sent and lets the test answer or crash it. */
function fakeWorkers() {
  const workers: Array<{
    sent: WorkerRequest[];
    reply: (r: WorkerResponse) => void;
    crash: (reason: string) => void;
    terminated: boolean;
  }> = [];
  const connect: ConnectWorker<WorkerRequest, WorkerResponse> = (onMessage, onCrash) => {
    const worker = { sent: [] as WorkerRequest[], reply: onMessage, crash: onCrash, terminated: false };
    workers.push(worker);
    return { post: (request) => worker.sent.push(request), terminate: () => (worker.terminated = true) };
  };
  return { workers, connect };
}

const file = (name: string) => new File([name], name, { type: 'image/jpeg' });
const image = (sha256: string) => ({ sha256 }) as PreparedImage;
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('createImagePreparer', () => {
  it('starts no worker until asked, then sends one file at a time', async () => {
    const { workers, connect } = fakeWorkers();
    const preparer = createImagePreparer(connect);
    expect(workers).toHaveLength(0);

    const a = preparer.prepare(file('a.jpg'), { shortSide: 768 });
    const b = preparer.prepare(file('b.jpg'), { passThrough: true });
    expect(workers).toHaveLength(1);
    const worker = workers[0]!;
    expect(worker.sent.map((r) => [r.name, r.type, r.policy])).toEqual([['a.jpg', 'image/jpeg', { shortSide: 768 }]]);

    worker.reply({ id: worker.sent[0]!.id, ok: true, image: image('aaa') });
    await expect(a).resolves.toEqual(image('aaa'));
    expect(worker.sent.map((r) => r.name)).toEqual(['a.jpg', 'b.jpg']);

    worker.reply({ id: worker.sent[1]!.id, ok: false, rejection: { code: 'svg', fileName: 'b.jpg' } });
    const rejection = await b.catch((e: unknown) => e);
    expect(rejection).toBeInstanceOf(ImageRejection);
    expect(rejection).toMatchObject({ code: 'svg', fileName: 'b.jpg' });
    expect(workers).toHaveLength(1);
  });

  it('fails only the image in hand when the worker dies, and carries on with a new worker', async () => {
    const { workers, connect } = fakeWorkers();
    const preparer = createImagePreparer(connect);
    const a = preparer.prepare(file('a.jpg'), { shortSide: 768 });
    const b = preparer.prepare(file('b.jpg'), { shortSide: 768 });

    workers[0]!.crash('out of memory');
    await expect(a).rejects.toMatchObject({ code: 'corrupt', fileName: 'a.jpg', detail: { reason: 'out of memory' } });
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.map((r) => r.name)).toEqual(['b.jpg']);

    // A late answer from the dead worker changes nothing.
    workers[0]!.reply({ id: workers[0]!.sent[0]!.id, ok: true, image: image('late') });
    workers[1]!.reply({ id: workers[1]!.sent[0]!.id, ok: true, image: image('bbb') });
    await expect(b).resolves.toEqual(image('bbb'));
  });

  it('gives up on a worker that does not answer', async () => {
    vi.useFakeTimers();
    const { workers, connect } = fakeWorkers();
    const preparer = createImagePreparer(connect, 1000);
    const a = preparer.prepare(file('a.jpg'), { shortSide: 768 });
    const caught = a.catch((e: unknown) => e);
    vi.advanceTimersByTime(1000);
    expect(await caught).toMatchObject({ code: 'corrupt', fileName: 'a.jpg' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('rejects everything still waiting when disposed', async () => {
    const { workers, connect } = fakeWorkers();
    const preparer = createImagePreparer(connect);
    const results = [preparer.prepare(file('a.jpg'), { shortSide: 768 }), preparer.prepare(file('b.jpg'), { shortSide: 768 })].map((p) =>
      p.catch((e: unknown) => e),
    );
    preparer.dispose();
    await settled();
    expect(await Promise.all(results)).toMatchObject([
      { code: 'corrupt', fileName: 'a.jpg' },
      { code: 'corrupt', fileName: 'b.jpg' },
    ]);
    expect(workers[0]!.terminated).toBe(true);
  });
});
