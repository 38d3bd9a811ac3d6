// Start-up: load the deployment's config.json and the stored state, then apply `?endpoint=<id>`.
import { batchDbExists } from '../batch/batch-db';
import { withActions } from '../chat/warm-up';
import { liveSnapshot } from '../runs/live-text';
import { loadRuntimeConfig } from '../config/runtime-config';
import { configureRecords, recordsRepo } from '../records/instance';
import { liveRecordIds } from '../records/live-answers';
import { reportStorageError, useAppStore, type AppState } from '../store';
import type { StorageUpgrade } from '../store/config-slice';
import { configuredEndpoint, followEndpointLink } from '../store/endpoints';
import { clearChatDb, connectPersistence } from '../store/persistence';

export async function bootstrap(): Promise<void> {
  const store = useAppStore;
  const onUpgrade = (state: StorageUpgrade) => store.getState().setStorageUpgrade(state);
  configureRecords({ onUpgrade });
  const [config] = await Promise.all([
    loadRuntimeConfig(),
    connectPersistence(store, {
      endpointOrigin: (id) => configuredEndpoint(store.getState(), id),
      liveSnapshot,
      onError: reportStorageError,
      onUpgrade,
      onStopRequest: (answerId) => void withActions((a) => a.stopAnswerHere(answerId)),
      // Only when an answer was cut off: otherwise the records store opens on first use.
      onRecovered: async (answers) => {
        await (await recordsRepo()).markPendingAsIncomplete(answers, await liveRecordIds());
      },
    }).catch(reportStorageError),
  ]);
  if (config.ok) {
    store.getState().setRuntimeConfig(config.config.endpoints, config.config.defaultEndpoint ?? null, null);
  } else {
    store.getState().setRuntimeConfig([], null, config.problem);
  }
  followLink(store.getState());
  store.getState().setHydrated();
  // A batch run that was going on when the page went away carries on (its code loads only then).
  void batchDbExists()
    .then(async (exists) => {
      if (exists) await (await import('../batch/active-runs')).resumeRunsIfAny();
    })
    .catch(reportStorageError);
}

/**
 * `?endpoint=<id>`: applied once, then taken out of the address bar, so that a reload does not start yet
 * another conversation. An id no endpoint has is said on screen, never silently replaced by the default.
 */
function followLink(state: AppState): void {
  const url = new URL(location.href);
  const wanted = url.searchParams.get('endpoint');
  if (wanted === null) return;
  const outcome = followEndpointLink(state, wanted);
  state.setUnknownLinkedEndpoint(outcome.kind === 'unknown' ? outcome.id : null);
  url.searchParams.delete('endpoint');
  history.replaceState(history.state, '', url);
}

export async function clearEverything(): Promise<void> {
  const repo = await recordsRepo();
  const batch = await import('../batch/active-runs');
  await Promise.all([repo.clearAll(), clearChatDb(), batch.clearBatchData()]);
}

export async function estimateStorage(): Promise<{ usage?: number; quota?: number }> {
  return (await navigator.storage?.estimate?.()) ?? {};
}
