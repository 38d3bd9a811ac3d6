// A Chromium performance trace of one page, with the page's clock tied to the trace's: a user-timing mark
// made just after tracing starts is seen by both (the page knows its time, the trace its µs and its thread,
// which is the page's main thread).
import type { Browser, Page } from '@playwright/test';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string; [k: string]: unknown };
  id?: string;
}

/** A main-thread task: 'toplevel' names it one way, the DevTools timeline the other (nested, same span). */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

export interface Trace {
  events: TraceEvent[];
  /** The page's renderer main thread. */
  main: { pid: number; tid: number };
  /** A page time (ms, performance.now()) on the trace clock (µs). */
  fromPage(t: number): number;
  /** The main thread's outermost tasks, in order. */
  tasks(): TraceEvent[];
}

export async function startTrace(browser: Browser, page: Page, categories: string[]): Promise<() => Promise<Trace>> {
  await browser.startTracing(page, { categories: [...new Set([...categories, 'blink.user_timing'])] });
  const anchor = (await page.evaluate("performance.mark('bench-trace-anchor').startTime")) as number;
  return async () => {
    const { traceEvents: events } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const mark = events.find((e) => e.name === 'bench-trace-anchor');
    if (!mark) throw new Error('the trace has no anchor mark');
    const main = { pid: mark.pid, tid: mark.tid };
    return {
      events,
      main,
      fromPage: (t) => mark.ts + (t - anchor) * 1000,
      tasks() {
        const all = events.filter((e) => e.pid === main.pid && e.tid === main.tid && TASK_NAMES.has(e.name) && e.ph === 'X');
        const out: TraceEvent[] = [];
        for (const e of all.sort((a, b) => a.ts - b.ts)) {
          const prev = out.at(-1);
          // A nested run loop shows a task inside a task: keep the outer one.
          if (prev && e.ts < prev.ts + (prev.dur ?? 0)) continue;
          out.push(e);
        }
        return out;
      },
    };
  };
}

export const shortUrl = (u: unknown) => (typeof u === 'string' ? u.replace(/^https?:\/\/[^/]+\//, '').replace(/^assets\//, '') : '');

/** A few words on what a task did: the events inside it worth naming. */
export function describeTask(task: TraceEvent, inside: TraceEvent[]): string {
  const words: string[] = [];
  const add = (w: string) => words.includes(w) || words.push(w);
  for (const e of inside) {
    const d = e.args?.data ?? {};
    if (e.name === 'EventDispatch') add(`event ${String(d.type)}`);
    else if (e.name === 'TimerFire') add('timer');
    else if (e.name === 'FireAnimationFrame') add('rAF');
    else if (e.name === 'FunctionCall' && (d.functionName || d.url))
      add(`${String(d.functionName || '(anonymous)')} ${shortUrl(d.url)}`.trim());
    else if (e.name === 'EvaluateScript' || e.name === 'v8.compileModule' || e.name === 'v8.evaluateModule')
      add(`evaluate ${shortUrl(d.url ?? (e.args as { fileName?: string })?.fileName)}`);
    else if (e.name === 'ResourceSendRequest') add(`fetch ${shortUrl(d.url)}`);
    else if (e.name === 'Layout') add('layout');
    else if (e.name === 'UpdateLayoutTree') add('style');
    else if (e.name === 'Paint' || e.name === 'PrePaint') add('paint');
    else if (e.name === 'MajorGC' || e.name === 'MinorGC' || e.name === 'V8.GC_SCAVENGER') add('GC');
    else if (e.name === 'RunMicrotasks') add('microtasks');
    else if (e.name === 'ParseHTML') add('parse HTML');
    if (words.length >= 6) break;
  }
  return words.join('; ') || task.name;
}
