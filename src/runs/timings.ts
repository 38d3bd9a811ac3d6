// The figures of one streamed answer: time to first token, total time, output tokens and tokens per second.
// One implementation for the app's records and the deployment probe.
export interface AnswerTimings {
  ttftMs: number | null;
  totalMs: number | null;
  outputTokens: number | null;
  tokensPerSecond: number | null;
}

/**
 * Times are milliseconds from one clock. Output tokens are the server's count when it sent usage, else the
 * number of deltas. The rate is over the streaming part (first token to end); one delta (a non-streamed
 * answer) has no rate to speak of.
 */
export function answerTimings(t: {
  started: number;
  firstTokenAt: number | null;
  ended: number;
  deltas: number;
  completionTokens?: number;
}): AnswerTimings {
  const outputTokens = t.completionTokens ?? (t.deltas || null);
  const streamSeconds = t.firstTokenAt === null ? 0 : (t.ended - t.firstTokenAt) / 1000;
  return {
    ttftMs: t.firstTokenAt === null ? null : Math.round(t.firstTokenAt - t.started),
    totalMs: Math.round(t.ended - t.started),
    outputTokens,
    tokensPerSecond: outputTokens && t.deltas > 1 && streamSeconds > 0 ? Math.round((outputTokens / streamSeconds) * 10) / 10 : null,
  };
}
