/*
 * What tests read back through `GET __control/log`: one entry per chat or VQA request, updated in
 * place while the request runs (outcome null until it ends). Tokens are never stored, only
 * whether one was sent.
 */
import type { ImageProbe } from './image-probe.ts';

export type Outcome = 'completed' | 'client-closed' | 'error' | 'cut';

export interface LoggedParams {
  max_tokens: number | null;
  temperature: number | null;
  top_p: number | null;
  seed: number | null;
  repetition_penalty: number | null;
  no_repeat_ngram_size: number | null;
}

export interface LogEntry {
  id: number;
  /** ISO time of arrival. */
  at: string;
  /**
   * Date.now() when the whole body had been read, and when the first token was written: epoch ms on this
   * machine's clock, so a browser on the same machine can compare them with its own Date.now() (the bench's
   * click -> request arrival). Null until then.
   */
  bodyReceivedAtMs: number | null;
  firstTokenAtMs: number | null;
  /** Date.now() when the request reached its outcome (with `at`, how many requests the endpoint had at once). */
  endedAtMs: number | null;
  path: string;
  model: string | null;
  scenario: string | null;
  stream: boolean;
  authorization: 'bearer' | 'none';
  messageCount: number;
  lastUserText: string;
  /** What each image's header says. */
  images: ImageProbe[];
  params: LoggedParams;
  /** HTTP status sent, or null while nothing has been sent. */
  status: number | null;
  /** Null while the request is in progress. */
  outcome: Outcome | null;
  tokensSent: number;
}

const EMPTY_PARAMS: LoggedParams = {
  max_tokens: null,
  temperature: null,
  top_p: null,
  seed: null,
  repetition_penalty: null,
  no_repeat_ngram_size: null,
};

export class RequestLog {
  private items: LogEntry[] = [];
  private nextId = 1;

  constructor(private readonly limit = 500) {}

  /** Adds an entry and returns it for the caller to update as the request proceeds. */
  start(path: string, authorization: string | undefined, at = new Date()): LogEntry {
    const entry: LogEntry = {
      id: this.nextId++,
      at: at.toISOString(),
      bodyReceivedAtMs: null,
      firstTokenAtMs: null,
      endedAtMs: null,
      path,
      model: null,
      scenario: null,
      stream: false,
      authorization: /^bearer\s/iu.test(authorization ?? '') ? 'bearer' : 'none',
      messageCount: 0,
      lastUserText: '',
      images: [],
      params: { ...EMPTY_PARAMS },
      status: null,
      outcome: null,
      tokensSent: 0,
    };
    this.items.push(entry);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    return entry;
  }

  entries(): readonly LogEntry[] {
    return this.items;
  }

  clear(): void {
    this.items = [];
  }
}
