// An answer's stream read in a Web Worker: the worker makes the call (streamChat, through the library) and
// hands the page its events in a few messages a second, so the page's main thread does not read every network
// chunk (~200 a second for a fast model). Both ends live here, over any port that posts messages, so that the
// protocol is tested in Node over a MessageChannel; stream.worker.ts and stream-in-worker.ts wire them up.
import { InferenceError, type InferenceErrorLike } from './errors';
import type { StreamChatOptions } from './client';
import type { ChatImage, ChatRequest, StreamEvent } from './types';

/**
 * After a message with text, the next one waits until this long has passed, gathering the deltas that come
 * meanwhile: the page hears of the text at most ~30 times a second, more often than it renders it (every
 * 80 ms, live-text.ts). The first text of an answer, and text after a pause this long, goes at once.
 */
const COALESCE_MS = 32;

/** What crosses to the worker: functions (fetch, sleep, random, the signal) stay on the page. */
export type WireOptions = Pick<StreamChatOptions, 'firstByteTimeoutMs' | 'idleTimeoutMs' | 'stream' | 'maxRetries'>;

export type StreamAsk = { type: 'ask'; id: number; req: ChatRequest; opts: WireOptions } | { type: 'stop'; id: number };

/** Errors cross as their fields (a structured clone of an Error keeps only its message). */
type WireEvent =
  | Exclude<StreamEvent, { type: 'error' } | { type: 'retry' }>
  | { type: 'error'; error: InferenceErrorLike }
  | { type: 'retry'; attempt: number; waitMs: number; error: InferenceErrorLike };

export interface StreamReply {
  id: number;
  events: WireEvent[];
}

interface Port<Out> {
  postMessage(message: Out): void;
}

const errorFields = (error: InferenceErrorLike): InferenceErrorLike => (error instanceof InferenceError ? error.toJSON() : { ...error });

function toWire(event: StreamEvent): WireEvent {
  if (event.type === 'error' || event.type === 'retry') return { ...event, error: errorFields(event.error) };
  return event;
}

function fromWire(event: WireEvent): StreamEvent {
  if (event.type !== 'error') return event;
  const { code, message, ...init } = event.error;
  return { type: 'error', error: new InferenceError(code, message, init) };
}

/**
 * One Blob per image hash for the worker's life (the most recent IMAGES_KEPT images): each request brings a new
 * copy of an image's Blob, and image-bodies.ts knows an image sent before by its Blob.
 */
const IMAGES_KEPT = 64;
function sameBlobs(kept: Map<string, Blob>, req: ChatRequest): ChatRequest {
  const same = (image: ChatImage): ChatImage => {
    const blob = kept.get(image.sha256) ?? image.blob;
    kept.delete(image.sha256);
    kept.set(image.sha256, blob);
    if (kept.size > IMAGES_KEPT) kept.delete(kept.keys().next().value!);
    return { ...image, blob };
  };
  const messages = req.messages.map((turn) => ({
    ...turn,
    parts: turn.parts.map((part) => (part.type === 'image' ? { type: 'image' as const, image: same(part.image) } : part)),
  }));
  return { ...req, messages };
}

/** The worker's end: runs each asked stream with `streamChat` and posts its events, deltas gathered. */
export function serveStreams(
  port: Port<StreamReply> & { onmessage: ((event: MessageEvent<StreamAsk>) => void) | null },
  streamChat: (req: ChatRequest, opts: StreamChatOptions) => AsyncIterable<StreamEvent>,
  intervalMs = COALESCE_MS,
): void {
  const running = new Map<number, AbortController>();
  const images = new Map<string, Blob>();
  port.onmessage = ({ data }) => {
    if (data.type === 'stop') return void running.get(data.id)?.abort();
    const controller = new AbortController();
    running.set(data.id, controller);
    void serve(data.id, sameBlobs(images, data.req), { ...data.opts, signal: controller.signal }).finally(() => running.delete(data.id));
  };

  async function serve(id: number, req: ChatRequest, opts: StreamChatOptions): Promise<void> {
    let text = '';
    let deltas = 0;
    let lastText = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (...then: WireEvent[]) => {
      clearTimeout(timer);
      timer = undefined;
      const events: WireEvent[] = deltas > 0 ? [{ type: 'delta', text, deltas }, ...then] : then;
      if (deltas > 0) lastText = performance.now();
      text = '';
      deltas = 0;
      if (events.length > 0) port.postMessage({ id, events });
    };
    try {
      for await (const event of streamChat(req, opts)) {
        if (event.type !== 'delta') {
          flush(toWire(event));
          continue;
        }
        text += event.text;
        deltas += event.deltas ?? 1;
        const wait = lastText + intervalMs - performance.now();
        if (wait <= 0) flush();
        else timer ??= setTimeout(flush, wait);
      }
    } catch (e) {
      // streamChat never throws; this guards the page from waiting forever on a bug.
      flush({ type: 'error', error: { code: 'internal', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The page's end of a worker: `post` reaches it; `onReply` is given what it says. */
export interface StreamPort {
  post(message: StreamAsk): void;
}

/**
 * The page's end: streamChat's contract (the last event is exactly one `done` or `error`; Stop through the
 * signal closes the connection, since the worker aborts its fetch), over a port that `connect` opens when first
 * needed. `connect` gets the function to hand replies to, and one to call when the worker dies: every stream
 * then ends with an `internal` error and the next ask connects again.
 */
export function streamsOver(connect: (onReply: (reply: StreamReply) => void, onCrash: (reason: string) => void) => StreamPort) {
  const streams = new Map<number, (events: WireEvent[]) => void>();
  let port: StreamPort | null = null;
  let nextId = 1;
  const onReply = (reply: StreamReply) => streams.get(reply.id)?.(reply.events);
  const onCrash = (reason: string) => {
    port = null;
    const error: InferenceErrorLike = { code: 'internal', message: `The answer's worker stopped: ${reason}` };
    for (const take of [...streams.values()]) take([{ type: 'error', error }]);
  };
  const open = () => (port ??= connect(onReply, onCrash));

  async function* streamChat(req: ChatRequest, opts: StreamChatOptions = {}): AsyncGenerator<StreamEvent> {
    const id = nextId++;
    const queue: WireEvent[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    streams.set(id, (events) => {
      queue.push(...events);
      wake?.();
    });
    const to = open();
    const stop = () => {
      if (!ended) to.post({ type: 'stop', id });
    };
    const { firstByteTimeoutMs, idleTimeoutMs, stream, maxRetries, signal } = opts;
    try {
      to.post({ type: 'ask', id, req, opts: { firstByteTimeoutMs, idleTimeoutMs, stream, maxRetries } });
      if (signal?.aborted) stop();
      signal?.addEventListener('abort', stop, { once: true });
      for (;;) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const event = fromWire(queue.shift()!);
        if (event.type === 'done' || event.type === 'error') ended = true;
        yield event;
        if (ended) return;
      }
    } finally {
      // A consumer that breaks off closes the connection too.
      stop();
      ended = true;
      signal?.removeEventListener('abort', stop);
      streams.delete(id);
    }
  }
  return { streamChat, open };
}
