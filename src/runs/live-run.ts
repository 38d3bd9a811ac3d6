// An answer shown on screen while it streams, for any screen (chat, compare): loads the history's images,
// builds the turns, runs the answer (run-answer.ts keeps its record), feeds the live text (live-text.ts shows
// it at most every 80 ms, less often while its end is out of view), and can be stopped by its id. The caller keeps its own state from the hooks; this
// never throws and never leaves an answer streaming.
import { heldImage, holdImage, type HeldImage } from '../images/held';
import { blobToDataUrl } from '../inference';
import type { RecordsRepo } from '../records';
import { holdLive } from '../records/hold-live';
import { appendLive, endLive, liveText, setLiveRetry, startLive } from './live-text';
import { runAnswer, type AnswerRun, type RunError, type RunStatus } from './run-answer';
import { toChatTurns, type TurnMessage } from './turns';

export interface LiveRun {
  /** Names the live text and what stopLiveAnswer stops. */
  answerId: string;
  /** What the record says about the request; its history is what the model is shown, oldest first. */
  record: AnswerRun['record'] & { history: readonly TurnMessage[] };
  token?: string;
  repo: () => Promise<RecordsRepo>;
  onStorageError: (error: unknown) => void;
  /**
   * What the caller's own copy of the answer takes: its text so far, about once a second, then how it ended.
   * The end comes before the live text is dropped, so the caller's state takes over the text in the same
   * render (no frame shows an older checkpoint); an error that brought no text leaves the text as it was.
   */
  onChange: (change: Partial<LiveEnd>) => void;
}

interface LiveEnd {
  text: string;
  status: RunStatus;
  finishReason: string | null;
  error: RunError | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
}

const running = new Map<string, AbortController>();

/**
 * Stop closes the connection (the signal reaches fetch); what arrived is kept and marked. False when this
 * tab does not run that answer (another tab may).
 */
export function stopLiveAnswer(answerId: string): boolean {
  const controller = running.get(answerId);
  controller?.abort();
  return controller !== undefined;
}

/**
 * The history's images: from memory (the ones sent from this page), else read back from the records store
 * (opened only then) and held from then on. A question whose images are all held starts its request without
 * touching storage.
 */
async function loadImages(history: readonly TurnMessage[], repo: () => Promise<RecordsRepo>): Promise<Map<string, HeldImage>> {
  const hashes = new Set(history.flatMap((m) => (m.role === 'user' ? (m.images ?? []).map((i) => i.sha256) : [])));
  const images = new Map<string, HeldImage>();
  for (const sha of hashes) {
    let image = heldImage(sha);
    if (!image) {
      const stored = await (await repo()).getImage(sha);
      if (!stored) continue;
      image = { blob: stored.blob, dataUrl: await blobToDataUrl(stored.blob) };
      holdImage(sha, image);
    }
    images.set(sha, image);
  }
  return images;
}

function ended(run: LiveRun, { text, ...end }: LiveEnd): void {
  run.onChange(text || end.status !== 'error' ? { text, ...end } : end);
}

export async function runLiveAnswer(run: LiveRun): Promise<void> {
  // Registered before the first await, so a Stop pressed at once is not lost.
  const controller = new AbortController();
  running.set(run.answerId, controller);
  startLive(run.answerId);
  // Its record stays pending while it streams: the lock tells every tab that it is alive, not interrupted.
  // The request leaves at once; the record is written only once the lock is held.
  await holdLive(run.record.id, (held) => stream(run, controller, held));
}

async function stream(run: LiveRun, controller: AbortController, held: Promise<void>): Promise<void> {
  const { answerId, record } = run;
  try {
    const images = await loadImages(record.history, run.repo);
    const steps = runAnswer({
      record,
      endpoint: record.endpoint,
      token: run.token,
      turns: toChatTurns(record.history, record.endpoint, record.systemPrompt, images),
      sentBytes: [...images.values()].reduce((n, i) => n + i.blob.size, 0),
      signal: controller.signal,
      repo: () => held.then(run.repo),
      onStorageError: run.onStorageError,
    });
    let step = await steps.next();
    while (!step.done) {
      const progress = step.value;
      if (progress.type === 'delta') appendLive(answerId, progress.text);
      else if (progress.type === 'retry') setLiveRetry(answerId, { until: Date.now() + progress.waitMs, attempt: progress.attempt });
      else run.onChange({ text: progress.text });
      step = await steps.next();
    }
    const result = step.value;
    ended(run, {
      text: result.output,
      status: result.status,
      finishReason: result.finishReason,
      error: result.error,
      ttftMs: result.timings.ttftMs,
      tokensPerSecond: result.timings.tokensPerSecond,
    });
  } catch (e) {
    // A failure before or around the stream (the records database not opening, an image that cannot be read).
    ended(run, {
      text: liveText(answerId) ?? '',
      status: 'error',
      finishReason: null,
      error: { code: 'internal', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) },
      ttftMs: null,
      tokensPerSecond: null,
    });
  } finally {
    running.delete(answerId);
    endLive(answerId);
  }
}
