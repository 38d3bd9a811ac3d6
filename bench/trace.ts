// A Chromium performance trace of one page, with the page's clock tied to the trace's: a user-timing mark
// made just after tracing starts is seen by both (the page knows its time, the trace its µs and its thread,
// which is the page's main thread).
import type { Browser, Page } from '@playwright/test';
import path from 'node:path';
import { sourceMapLookup, type OriginalPosition } from './bundle';
import { outDir } from './server';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs): less than dur when the machine's other work took the CPU. */
  tdur?: number;
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

/** What the analyses below read: tasks, JavaScript (with CPU samples), loading, storage. */
export const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
  'IndexedDB',
];

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber: number };
  parent?: number;
}

const lookups = new Map<string, (line: number, column: number) => OriginalPosition | null>();

/** "name (src/chat/generation.ts:120)" for a built function, from the build's source maps. */
function frameName(f: CpuNode['callFrame']): string {
  const file = f.url ? new URL(f.url).pathname : '';
  if (!file.startsWith('/assets/')) return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}`.trim();
  if (!lookups.has(file)) lookups.set(file, sourceMapLookup(path.join(outDir, file)));
  const pos = lookups.get(file)!(f.lineNumber, f.columnNumber);
  if (!pos) return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  const source = pos.source.replace(/^.*node_modules\//, '');
  return `${pos.name ?? f.functionName ?? '(anonymous)'} (${source}:${pos.line})`;
}

/**
 * Self time per function in [from, to] (µs, trace clock), from the trace's sampled CPU profile; with `tid`,
 * of that thread alone (a page's workers are profiled in the same process, each in its own profile).
 */
export function cpuSelfTime(events: TraceEvent[], pid: number, from: number, to: number, tid?: number): Map<string, number> {
  const nodes = new Map<string, CpuNode>(); // profile id + node id -> node
  const self = new Map<string, number>();
  const profiles = new Map<string, number>(); // profile id -> start time
  const times = new Map<string, number>();
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (e.name === 'Profile' && e.id && (tid === undefined || e.tid === tid))
      profiles.set(e.id, Number((e.args?.data as { startTime?: number })?.startTime ?? e.ts));
    if (e.name !== 'ProfileChunk' || !e.id || (tid !== undefined && !profiles.has(e.id))) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: CpuNode[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n);
    let t = times.get(e.id) ?? profiles.get(e.id) ?? e.ts;
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    samples.forEach((id, i) => {
      t += deltas[i] ?? 0;
      const next = deltas[i + 1] ?? 0;
      if (t < from || t > to) return;
      const node = nodes.get(`${e.id}:${id}`);
      if (!node) return;
      const f = node.callFrame;
      if (f.functionName === '(idle)' || f.functionName === '(program)' || f.functionName === '(root)') return;
      const key = frameName(f);
      self.set(key, (self.get(key) ?? 0) + next);
    });
    times.set(e.id, t);
  }
  return self;
}

/**
 * The `count` longest main-thread tasks in [from, to] (trace clock), each with what ran in it and the
 * JavaScript that took its time: the answer to "what froze the page".
 */
export function longestTasks(trace: Trace, from: number, to: number, count = 5): string[] {
  const { pid, tid } = trace.main;
  const onMain = trace.events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
  const tasks = trace
    .tasks()
    .filter((t) => t.ts + (t.dur ?? 0) >= from && t.ts <= to)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, count);
  const lines: string[] = [];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts <= end);
    const cpu = task.tdur === undefined ? '' : ` (CPU ${(task.tdur / 1000).toFixed(1)} ms)`;
    lines.push(
      `  ${((task.dur ?? 0) / 1000).toFixed(1).padStart(8)} ms${cpu} at +${((task.ts - from) / 1e6).toFixed(2)} s: ${describeTask(task, inside)}`,
    );
    // Work the CPU profile cannot name (deserialising a message, GC, layout) shows as trace events.
    const spans = new Map<string, number>();
    for (const e of inside) spans.set(e.name, Math.max(spans.get(e.name) ?? 0, e.dur ?? 0));
    const widest = [...spans].sort((a, b) => b[1] - a[1]).slice(0, 6);
    lines.push(`      events: ${widest.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)} ms`).join(', ')}`);
    const self = [...cpuSelfTime(trace.events, pid, task.ts, end, tid)].sort((a, b) => b[1] - a[1]).slice(0, 8);
    for (const [fn, us] of self) lines.push(`      ${(us / 1000).toFixed(1).padStart(7)} ms  ${fn}`);
  }
  return lines;
}
