// One Web Worker doing one job at a time, started when first needed (the image preparer, the leaderboard and
// the pairwise queue each have one). Replies are matched to jobs by id, so a late reply from a worker already
// given up on changes nothing. A worker that dies, or says nothing for `timeoutMs`, fails only the job in
// hand, and the next job gets a fresh worker. An aborted job leaves the queue; a running one takes its worker
// with it, since work inside a worker cannot be interrupted.

export interface WorkerPort<Request> {
  post(request: Request): void;
  terminate(): void;
}

/** Starts a worker and reports its replies, or that it died (crash, out of memory, unloadable script). */
export type ConnectWorker<Request, Reply> = (onReply: (reply: Reply) => void, onCrash: (reason: string) => void) => WorkerPort<Request>;

/** Connects to the worker `start` makes (`new Worker(new URL(...))` is written at the caller, where the bundler finds it). */
export function workerConnector<Request, Reply>(start: () => Worker, name: string): ConnectWorker<Request, Reply> {
  return (onReply, onCrash) => {
    const worker = start();
    worker.onmessage = (event: MessageEvent<Reply>) => onReply(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      onCrash(event.message || `${name} failed`);
    };
    worker.onmessageerror = () => onCrash(`${name} sent an unreadable message`);
    return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
  };
}

export interface WorkerQueue<Request extends { id: number }, Reply extends { id: number }> {
  /**
   * Sends `make(id)` once the jobs before it are done and resolves with the worker's reply. Rejects with an
   * Error naming the reason when the worker dies or falls silent, and with an AbortError when `signal` aborts
   * or the queue is disposed.
   */
  run(make: (id: number) => Request, signal?: AbortSignal): Promise<Reply>;
  /** Ends the worker; every job still waiting rejects with an AbortError. */
  dispose(): void;
}

interface Job<Request, Reply> {
  request: Request;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const aborted = () => new DOMException('The job was aborted.', 'AbortError');

export function createWorkerQueue<Request extends { id: number }, Reply extends { id: number }>(
  connect: ConnectWorker<Request, Reply>,
  name: string,
  timeoutMs = 60_000,
): WorkerQueue<Request, Reply> {
  type J = Job<Request, Reply>;
  let port: WorkerPort<Request> | null = null;
  let current: J | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue: J[] = [];
  let nextId = 1;

  const release = (job: J) => {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  };

  const stopWorker = () => {
    port?.terminate();
    port = null;
  };

  /** The job in hand, if its id is `id` (a late reply for a job given up on finds none). */
  const finish = (id: number): J | null => {
    if (!current || current.request.id !== id) return null;
    const job = current;
    current = null;
    clearTimeout(timer);
    release(job);
    return job;
  };

  const onReply = (reply: Reply) => {
    const job = finish(reply.id);
    if (!job) return;
    job.resolve(reply);
    pump();
  };

  const crash = (reason: string) => {
    stopWorker();
    const job = current && finish(current.request.id);
    job?.reject(new Error(reason));
    pump();
  };

  const pump = () => {
    if (current) return;
    const job = queue.shift();
    if (!job) return;
    current = job;
    port ??= connect(onReply, crash);
    timer = setTimeout(() => crash(`${name} did not answer in time`), timeoutMs);
    port.post(job.request);
  };

  return {
    run(make, signal) {
      return new Promise<Reply>((resolve, reject) => {
        if (signal?.aborted) return reject(aborted());
        const job: J = { request: make(nextId++), resolve, reject, signal };
        if (signal) {
          job.onAbort = () => {
            if (current === job) {
              finish(job.request.id);
              stopWorker();
            } else {
              const at = queue.indexOf(job);
              if (at >= 0) queue.splice(at, 1);
              release(job);
            }
            reject(aborted());
            pump();
          };
          signal.addEventListener('abort', job.onAbort, { once: true });
        }
        queue.push(job);
        pump();
      });
    },
    dispose() {
      clearTimeout(timer);
      stopWorker();
      const dropped = current ? [current, ...queue] : [...queue];
      current = null;
      queue.length = 0;
      for (const job of dropped) {
        release(job);
        job.reject(aborted());
      }
    },
  };
}
