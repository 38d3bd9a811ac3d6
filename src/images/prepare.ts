// Main-thread entry: hands files to one lazily started worker, one at a time (several full-size photos
// decoding at once could exhaust memory; src/ui/worker-queue.ts), and turns its answers back into promises.
import type { ImagePolicy } from '../config/schema';
import { createWorkerQueue, workerConnector, type ConnectWorker } from '../ui/worker-queue';
import { ImageRejection } from './checks';
import type { PreparedImage, WorkerRequest, WorkerResponse } from './prepare-core';

export type { PreparedImage } from './prepare-core';

const connectImageWorker = workerConnector<WorkerRequest, WorkerResponse>(
  () => new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' }),
  'the image worker',
);

export interface ImagePreparer {
  prepare(file: File, policy: ImagePolicy): Promise<PreparedImage>;
  dispose(): void;
}

/**
 * A dead or silent worker fails only the image it was working on (likely the one that killed it); the
 * queue carries on with a fresh worker. `timeoutMs` catches deaths that raise no error event.
 */
export function createImagePreparer(
  connect: ConnectWorker<WorkerRequest, WorkerResponse> = connectImageWorker,
  timeoutMs = 60_000,
): ImagePreparer {
  const queue = createWorkerQueue(connect, 'the image worker', timeoutMs);
  return {
    async prepare(file, policy) {
      let reply: WorkerResponse;
      try {
        reply = await queue.run((id) => ({ id, file, name: file.name, type: file.type, policy }));
      } catch (e) {
        const reason = e instanceof Error && e.name !== 'AbortError' ? e.message : 'preparation stopped';
        throw new ImageRejection('corrupt', file.name, { reason });
      }
      if (!reply.ok) throw ImageRejection.from(reply.rejection);
      return reply.image;
    },
    dispose: () => queue.dispose(),
  };
}

let shared: ImagePreparer | null = null;

/** Resized (or passed through), checked and hashed per the policy; rejects with an `ImageRejection`. */
export function prepareImage(file: File, policy: ImagePolicy): Promise<PreparedImage> {
  shared ??= createImagePreparer();
  return shared.prepare(file, policy);
}
