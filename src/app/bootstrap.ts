// Start-up: load the deployment's config.json and the stored state, then apply `?endpoint=<id>`.
import { liveSnapshot } from '../chat/live-text';
import { loadRuntimeConfig } from '../config/endpoints';
import { recordsRepo } from '../records/instance';
import { reportStorageError, useAppStore } from '../store';
import { findEndpoint } from '../store/endpoints';
import { clearChatDb, connectPersistence } from '../store/persistence';

export async function bootstrap(): Promise<void> {
  const store = useAppStore;
  const [config] = await Promise.all([
    loadRuntimeConfig(),
    connectPersistence(store, {
      liveSnapshot,
      onError: reportStorageError,
      // Only when an answer was cut off: otherwise the records store opens on first use.
      onRecovered: async (answers) => {
        if (answers.length) await recordsRepo(answers);
      },
    }).catch(reportStorageError),
  ]);
  if (config.ok) {
    store.getState().setRuntimeConfig(config.config.endpoints, config.config.defaultEndpoint ?? null, null);
  } else {
    store.getState().setRuntimeConfig([], null, config.error);
  }
  const wanted = new URLSearchParams(location.search).get('endpoint');
  const state = store.getState();
  if (wanted && findEndpoint(state, wanted)) {
    state.selectEndpoint(wanted);
    if (state.activeId && state.conversations[state.activeId]?.messages.length === 0) state.setConversationEndpoint(state.activeId, wanted);
  }
  state.setHydrated();
}

export async function clearEverything(): Promise<void> {
  const repo = await recordsRepo();
  await Promise.all([repo.clearAll(), clearChatDb()]);
  useAppStore.getState().loadConversations([]);
  useAppStore.getState().selectConversation(null);
}

export async function estimateStorage(): Promise<{ usage?: number; quota?: number }> {
  return (await navigator.storage?.estimate?.()) ?? {};
}
