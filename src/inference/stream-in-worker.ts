// streamChat for the app: in the browser the stream is read in a worker (stream.worker.ts), so the page's main
// thread gets a few messages a second instead of every network chunk. Where there is no Worker (Node: unit
// tests, the deploy check) it runs here, loaded when first asked.
import type { StreamChatOptions } from './client';
import { streamsOver, type StreamReply } from './stream-wire';
import type { ChatRequest, StreamEvent } from './types';

const inWorker =
  typeof Worker === 'function'
    ? streamsOver((onReply, onCrash) => {
        const worker = new Worker(new URL('./stream.worker.ts', import.meta.url), { type: 'module' });
        worker.onmessage = (event: MessageEvent<StreamReply>) => onReply(event.data);
        worker.onerror = (event) => {
          event.preventDefault();
          worker.terminate();
          onCrash(event.message || 'it failed to load or run');
        };
        worker.onmessageerror = () => onCrash('it sent an unreadable message');
        return { post: (message) => worker.postMessage(message) };
      })
    : null;

/**
 * Streams one answer (client.ts's streamChat and its contract: never throws, ends with one `done` or
 * `error`). Options that are functions (fetch, sleep, random) are not for the worker: tests give them to
 * client.ts's streamChat directly.
 */
export async function* streamChat(
  req: ChatRequest,
  opts: Omit<StreamChatOptions, 'fetch' | 'sleep' | 'random'> = {},
): AsyncGenerator<StreamEvent> {
  if (inWorker) return yield* inWorker.streamChat(req, opts);
  const { streamChat: here } = await import('./client');
  yield* here(req, opts);
}

/** Starts the worker (which loads the library) before the first answer needs it; in Node, loads the library. */
export function preloadInference(): Promise<unknown> {
  if (inWorker) return Promise.resolve(inWorker.open());
  return import('./transport').then((m) => m.loadLibrary());
}
