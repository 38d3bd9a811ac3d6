// What the first answer needs, fetched on the person's first action rather than with the page (the composer
// is focused, an image arrives, a key is pressed): the code that sends and runs answers, the model client,
// the records store (its code, and the database opened), the Markdown renderer the answer is shown with, and
// the stored settings' schema (sending opens a new conversation, and that choice is stored with the settings).
import { useSyncExternalStore } from 'react';
import { recordsRepo } from '../records/instance';
import { preloadSettingsReader } from '../store/persistence';

type Actions = typeof import('./actions');

let actions: Actions | null = null;
let loading: Promise<Actions> | null = null;

/** Why the sending code did not arrive when an action needed it (null: it did, or nothing needed it yet). */
let failure: unknown = null;
const listeners = new Set<() => void>();
function setFailure(next: unknown): void {
  failure = next;
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l));

/** The last failure to load the sending code for Send, Regenerate, Edit or Stop, for the composer to say. */
export function useSendCodeFailure(): unknown {
  return useSyncExternalStore(subscribe, () => failure);
}

function loadActions(): Promise<Actions> {
  // Named one by one, so that the unused-code check (knip) sees which exports are used.
  loading ??= import('./actions').then(({ sendMessage, regenerate, editAndResend, stopAnswer, stopAnswerHere }) => {
    setFailure(null);
    return (actions = { sendMessage, regenerate, editAndResend, stopAnswer, stopAnswerHere });
  });
  // A chunk that did not arrive (offline, a new deployment) is asked for again next time.
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * Runs `run` with the sending code: in the caller's own task when it has arrived (so a click's request leaves
 * in that click's task), else once it has. Never rejects: code that does not arrive is kept for the composer to
 * say (useSendCodeFailure), and the promise gives false (not run), so that a click's caller need not catch it.
 */
export function withActions(run: (a: Actions) => void): void | Promise<boolean> {
  if (actions) return run(actions);
  return loadActions().then(
    (a) => {
      run(a);
      return true;
    },
    (error: unknown) => {
      setFailure(error);
      return false;
    },
  );
}

// The same chunk RichText loads (src/ui/rich-text.tsx).
const loadMarkdown = () => import('../ui/markdown');

export function warmUp(): void {
  const quiet = () => undefined;
  // A failure here is not the person's concern yet: Send tries again and reports what fails then.
  loadActions().catch(quiet);
  // The worker that reads answers' streams, which loads the library as it starts. Not through '../inference':
  // importing that index lazily would put all of it in the first load.
  import('../inference/stream-in-worker').then((m) => m.preloadInference()).catch(quiet);
  recordsRepo().catch(quiet);
  loadMarkdown().catch(quiet);
  preloadSettingsReader().catch(quiet);
}
