// Promise rejections nobody handled: what the browser would print to the console as "Uncaught (in promise)".
// Vitest's environments (node and jsdom) share Node's process, which reports them as 'unhandledRejection'.

/** Runs `run`, then lets the event loop turn once (Node reports a rejection after its microtasks have run). */
export async function unhandledRejectionsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const note = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', note);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', note);
  }
  return seen;
}
