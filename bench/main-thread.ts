// How busy a page's renderer main thread is while something streams in, read without any bench code in the
// page: Chromium's own accounting of task time (CDP Performance.getMetrics, what the Performance panel shows)
// sampled every 250 ms, the network chunks of the watched requests from CDP network events (the page's and its
// workers'), and a 'toplevel'
// trace for the longest task. All three share the browser's monotonic clock (seconds; the trace in µs).
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startTrace } from './trace';

interface BusySample {
  at: number;
  /** Main-thread task and script time so far, seconds. */
  task: number;
  script: number;
}

export interface MainThreadWatch {
  /** Arrival times (s) of the network chunks of the watched requests, in order. */
  arrivals: number[];
  /** Busy fraction and script share between two times (s), from the samples that bracket them. */
  busy(from: number, to: number): { fraction: number; busyMs: number; chunks: number; scriptShare: number };
  /** The longest main-thread task (ms) that started between two times (s); 0 when there was none. */
  longestTask(from: number, to: number): number;
  /**
   * The main thread's CPU time in tasks between two times (s), as a fraction of that time (trace): unlike the
   * busy fraction it leaves out the time a task waited for a core, so it holds better on a loaded machine.
   */
  cpu(from: number, to: number): number;
}

/** Starts watching; the returned function stops and gives what was seen. */
export async function watchMainThread(
  browser: Browser,
  context: BrowserContext,
  page: Page,
  requests: RegExp,
  /** Told the number of chunks seen so far, on each chunk. */
  onChunk?: (count: number) => void,
): Promise<() => Promise<MainThreadWatch>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await cdp.send('Network.enable');
  const watched = new Set<string>();
  const arrivals: number[] = [];
  const onRequest = (e: { requestId: string; request: { url: string } }) => {
    if (requests.test(e.request.url)) watched.add(e.requestId);
  };
  const onData = (e: { requestId: string; timestamp: number }) => {
    if (!watched.has(e.requestId)) return;
    arrivals.push(e.timestamp);
    onChunk?.(arrivals.length);
  };
  cdp.on('Network.requestWillBeSent', onRequest);
  cdp.on('Network.dataReceived', onData);
  // The app reads answers' streams in a worker, whose requests the page's session does not see: each worker is
  // attached (the protocol's older non-flat way, since Playwright's sessions take no session id) and its
  // network events are read from the messages it relays. They carry the same monotonic clock.
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type !== 'worker') return;
    const message = JSON.stringify({ id: 1, method: 'Network.enable' });
    void cdp.send('Target.sendMessageToTarget', { sessionId: e.sessionId, message }).catch(() => undefined);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const { method, params } = JSON.parse(e.message) as { method?: string; params?: never };
    if (method === 'Network.requestWillBeSent') onRequest(params!);
    else if (method === 'Network.dataReceived') onData(params!);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const samples: BusySample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => list.find((x) => x.name === name)?.value ?? NaN;
      samples.push({ at: get('Timestamp'), task: get('TaskDuration'), script: get('ScriptDuration') });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const stopTrace = await startTrace(browser, page, ['toplevel']);
  return async () => {
    sampling = false;
    await sampler;
    const trace = await stopTrace();
    await cdp.detach();
    const tasks = trace.tasks();
    return {
      arrivals,
      busy(from, to) {
        const a = samples.findLast((s) => s.at <= from) ?? samples[0]!;
        const b = samples.find((s) => s.at >= to) ?? samples.at(-1)!;
        const task = b.task - a.task;
        return {
          fraction: task / Math.max(1e-9, b.at - a.at),
          busyMs: task * 1000,
          chunks: arrivals.filter((t) => t >= a.at && t < b.at).length,
          scriptShare: (b.script - a.script) / Math.max(1e-9, task),
        };
      },
      longestTask(from, to) {
        const inside = tasks.filter((t) => t.ts >= from * 1e6 && t.ts <= to * 1e6);
        return Math.max(0, ...inside.map((t) => (t.dur ?? 0) / 1000));
      },
      cpu(from, to) {
        const inside = tasks.filter((t) => t.ts >= from * 1e6 && t.ts <= to * 1e6);
        return inside.reduce((sum, t) => sum + (t.tdur ?? t.dur ?? 0), 0) / 1e6 / Math.max(1e-9, to - from);
      },
    };
  };
}
