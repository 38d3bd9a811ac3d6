// Code that yields to let what is queued go first (a render, the request a click started, the next of many
// units) waits for the next task with this.

/**
 * Resolves in a task of its own, queued now: after what the current task and its microtasks do, and after
 * the messages already posted (React schedules its renders that way). A message, not a timer: a hidden tab
 * holds timers back for up to a second, and nested timers wait at least 4 ms each.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    (channel ??= openChannel()).postMessage(null);
  });
}

/** One channel for all: opening one per call cost more than the task it makes. */
let channel: MessagePort | null = null;
const waiting: (() => void)[] = [];

function openChannel(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  // Each message is its own task, and they come in the order they were posted.
  port1.onmessage = () => waiting.shift()?.();
  // In Node a port that listens keeps the process alive.
  (port1 as MessagePort & { unref?: () => void }).unref?.();
  return port2;
}

/**
 * Resolves in the task after the next frame is painted: what was just rendered is on screen before the work
 * that follows. A timer or a message alone comes before the paint (Review's first rows waited ~10 ms behind
 * the repository's modulepreload links appended in such a task). A hidden tab paints nothing: there, and when
 * no frame comes within 100 ms (or there are no frames at all), it goes on without one.
 */
export function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || document.hidden) return nextTask();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      void nextTask().then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  });
}
