// An answer's stream read in a Web Worker: the worker makes the call (streamChat, through the library) and
// hands the page its events in a few messages a second, so the page's main thread does not read every network
// chunk (~200 a second for a fast model). Both ends live here, over any port that posts messages, so that the
// protocol is tested in Node over a MessageChannel; stream.worker.ts and stream-in-worker.ts wire them up.
import { InferenceError, type InferenceErrorLike } from './errors';
import type { StreamChatOptions } from './client';
import type { ChatImage, ChatPart, ChatRequest, ChatTurn, StreamEvent } from './types';

/**
 * After a message with text, the next one waits until this long has passed, gathering the deltas that come
 * meanwhile: the page hears of the text at most ~30 times a second, more often than it renders it (every
 * 80 ms, live-text.ts). The first text of an answer, and text after a pause this long, goes at once.
 */
const COALESCE_MS = 32;

/** What crosses to the worker: functions (fetch, sleep, random, the signal) stay on the page. */
export type WireOptions = Pick<StreamChatOptions, 'firstByteTimeoutMs' | 'idleTimeoutMs' | 'stream' | 'maxRetries'>;

export type StreamAsk = { type: 'ask'; id: number; req: WireRequest; opts: WireOptions } | { type: 'stop'; id: number };

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
 * The images a worker holds, by hash, most recently used last (at most IMAGES_KEPT). The page keeps a copy of
 * which ones, changed by each request in the order the worker sees them, so an image the worker holds crosses
 * as its hash alone: a Blob in a message costs the browser a round trip to register its copy, and a data: URL
 * a copy of ~180 KB, for every request of a batch run that asks about the same few images again and again.
 * The worker's copy also keeps each image one Blob, which image-bodies.ts knows as sent before.
 */
const IMAGES_KEPT = 64;
class RecentImages<T> {
  private readonly byHash = new Map<string, T>();

  /** The image's value, `value` if it had none; now the most recent. */
  use(sha256: string, value: T | undefined): T | undefined {
    const held = this.byHash.get(sha256) ?? value;
    this.byHash.delete(sha256);
    if (held === undefined) return undefined;
    this.byHash.set(sha256, held);
    if (this.byHash.size > IMAGES_KEPT) this.byHash.delete(this.byHash.keys().next().value!);
    return held;
  }
}

/** An image the worker holds crosses without its bytes. */
type WireImage = Omit<ChatImage, 'blob'> & { blob?: Blob };
type WirePart = Exclude<ChatPart, { type: 'image' }> | { type: 'image'; image: WireImage };
type WireRequest = Omit<ChatRequest, 'messages'> & { messages: { role: ChatTurn['role']; parts: WirePart[] }[] };

/** `req` with each image, in order, replaced by what `map` makes of it. */
function mapImages<T extends WireImage>(req: WireRequest, map: (image: WireImage) => T) {
  const messages = req.messages.map((turn) => ({
    ...turn,
    parts: turn.parts.map((part) => (part.type === 'image' ? { type: 'image' as const, image: map(part.image) } : part)),
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
  const images = new RecentImages<ChatImage>();
  port.onmessage = ({ data }) => {
    if (data.type === 'stop') return void running.get(data.id)?.abort();
    let missing = false;
    const req = mapImages(data.req, (image) => {
      const held = images.use(image.sha256, image.blob ? { ...image, blob: image.blob } : undefined);
      missing ||= !held;
      return held ?? { ...image, blob: new Blob() };
    });
    if (missing) {
      const error = { code: 'internal', message: 'An image of the request was not at the worker' } as const;
      return port.postMessage({ id: data.id, events: [{ type: 'error', error }] });
    }
    const controller = new AbortController();
    running.set(data.id, controller);
    void serve(data.id, req, { ...data.opts, signal: controller.signal }).finally(() => running.delete(data.id));
  };

  async function serve(id: number, req: ChatRequest, opts: StreamChatOptions): Promise<void> {
    // A whole answer (stream: false) crosses in one message, at its end; so does usage, with what follows it.
    const whole = opts.stream === false;
    let text = '';
    let deltas = 0;
    let held: WireEvent[] = [];
    let lastText = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (...then: WireEvent[]) => {
      clearTimeout(timer);
      timer = undefined;
      const events: WireEvent[] = [...(deltas > 0 ? [{ type: 'delta' as const, text, deltas }] : []), ...held, ...then];
      if (deltas > 0) lastText = performance.now();
      text = '';
      deltas = 0;
      held = [];
      if (events.length > 0) port.postMessage({ id, events });
    };
    try {
      for await (const event of streamChat(req, opts)) {
        if (event.type === 'usage') {
          held.push(event);
          continue;
        }
        if (event.type !== 'delta') {
          flush(toWire(event));
          continue;
        }
        text += event.text;
        deltas += event.deltas ?? 1;
        if (whole) continue;
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
  /** What the worker holds (RecentImages): the same changes, in the same order. */
  let atWorker = new RecentImages<true>();
  let nextId = 1;
  const onReply = (reply: StreamReply) => streams.get(reply.id)?.(reply.events);
  const onCrash = (reason: string) => {
    port = null;
    atWorker = new RecentImages<true>();
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
      const wired = mapImages(req, (image) => {
        const { blob, dataUrl, ...bare } = image;
        if (atWorker.use(image.sha256, undefined)) return bare;
        atWorker.use(image.sha256, true);
        return image;
      });
      to.post({ type: 'ask', id, req: wired, opts: { firstByteTimeoutMs, idleTimeoutMs, stream, maxRetries } });
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
