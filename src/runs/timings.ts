// The figures of one streamed answer: time to first token, total time, output tokens and tokens per second.
// One implementation for the app's records and the deployment probe.
export interface AnswerTimings {
  ttftMs: number | null;
  totalMs: number | null;
  outputTokens: number | null;
  tokensPerSecond: number | null;
}

/**
 * The shortest streaming part a rate is given for. Below it the figure measures how the network bundled the
 * deltas, not the model: a server that writes a whole answer at once reads as 100,000 tokens per second.
 */
const MIN_RATE_SPAN_MS = 100;

/**
 * Times are milliseconds from one clock. Output tokens are the server's count when it sent usage, else the
 * number of deltas. The rate is over the streaming part (first token to end); one delta (a non-streamed
 * answer) or a streaming part shorter than MIN_RATE_SPAN_MS has no rate to speak of.
 */
export function answerTimings(t: {
  started: number;
  firstTokenAt: number | null;
  ended: number;
  deltas: number;
  completionTokens?: number;
}): AnswerTimings {
  const outputTokens = t.completionTokens ?? (t.deltas || null);
  const streamMs = t.firstTokenAt === null ? 0 : t.ended - t.firstTokenAt;
  return {
    ttftMs: t.firstTokenAt === null ? null : Math.round(t.firstTokenAt - t.started),
    totalMs: Math.round(t.ended - t.started),
    outputTokens,
    tokensPerSecond:
      outputTokens && t.deltas > 1 && streamMs >= MIN_RATE_SPAN_MS ? Math.round((outputTokens / streamMs) * 10_000) / 10 : null,
  };
}
