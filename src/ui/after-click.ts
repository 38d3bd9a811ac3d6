// What a click changes on screen, once the click's request has left. With its code loaded, a request starts
// in the click's own task, but only after microtasks; React renders a click's state changes in a microtask,
// so a render asked for in the click (the composer emptying, the new turn) would come first. Queued here, the
// changes run together in the next task (one render), after the request has left.
const queue: (() => void)[] = [];

export function afterClick(change: () => void): void {
  if (queue.push(change) > 1) return;
  setTimeout(() => {
    for (const run of queue.splice(0)) run();
  }, 0);
}
