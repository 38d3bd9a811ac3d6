// Main-thread entry: hands files to one lazily started worker, one at a time (several full-size photos
// decoding at once could exhaust memory), and turns its answers back into promises.
import type { ImagePolicy } from '../config/schema';
import { ImageRejection } from './checks';
import type { PreparedImage, WorkerRequest, WorkerResponse } from './prepare-core';

export type { PreparedImage } from './prepare-core';

export interface WorkerPort {
  post(request: WorkerRequest): void;
  terminate(): void;
}

/** Starts a worker and reports its answers, or that it died (crash, out of memory, unloadable script). */
export type ConnectWorker = (onMessage: (response: WorkerResponse) => void, onCrash: (reason: string) => void) => WorkerPort;

const connectImageWorker: ConnectWorker = (onMessage, onCrash) => {
  const worker = new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onCrash(event.message || 'image worker failed');
  };
  worker.onmessageerror = () => onCrash('image worker sent an unreadable message');
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
};

interface Job {
  request: WorkerRequest;
  resolve: (image: PreparedImage) => void;
  reject: (error: ImageRejection) => void;
}

export interface ImagePreparer {
  prepare(file: File, policy: ImagePolicy): Promise<PreparedImage>;
  dispose(): void;
}

/**
 * A dead or silent worker fails only the image it was working on (likely the one that killed it); the
 * queue carries on with a fresh worker. `timeoutMs` catches deaths that raise no error event.
 */
export function createImagePreparer(connect: ConnectWorker = connectImageWorker, timeoutMs = 60_000): ImagePreparer {
  let port: WorkerPort | null = null;
  let current: Job | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue: Job[] = [];
  let nextId = 1;

  const finish = (id: number): Job | null => {
    if (!current || current.request.id !== id) return null; // late answer from a worker already given up on
    const job = current;
    current = null;
    clearTimeout(timer);
    return job;
  };

  const onMessage = (response: WorkerResponse) => {
    const job = finish(response.id);
    if (!job) return;
    if (response.ok) job.resolve(response.image);
    else job.reject(ImageRejection.from(response.rejection));
    pump();
  };

  const crash = (reason: string) => {
    port?.terminate();
    port = null;
    const job = current && finish(current.request.id);
    job?.reject(new ImageRejection('corrupt', job.request.name, { reason }));
    pump();
  };

  const pump = () => {
    if (current) return;
    const job = queue.shift();
    if (!job) return;
    current = job;
    port ??= connect(onMessage, crash);
    timer = setTimeout(() => crash('image worker did not answer in time'), timeoutMs);
    port.post(job.request);
  };

  return {
    prepare(file, policy) {
      return new Promise<PreparedImage>((resolve, reject) => {
        queue.push({ request: { id: nextId++, file, name: file.name, type: file.type, policy }, resolve, reject });
        pump();
      });
    },
    dispose() {
      clearTimeout(timer);
      port?.terminate();
      port = null;
      const dropped = current ? [current, ...queue] : [...queue];
      current = null;
      queue.length = 0;
      for (const job of dropped) job.reject(new ImageRejection('corrupt', job.request.name, { reason: 'preparation stopped' }));
    },
  };
}

let shared: ImagePreparer | null = null;

/** Resized (or passed through), checked and hashed per the policy; rejects with an `ImageRejection`. */
export function prepareImage(file: File, policy: ImagePolicy): Promise<PreparedImage> {
  shared ??= createImagePreparer();
  return shared.prepare(file, policy);
}
