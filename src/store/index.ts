// One bound store from per-domain slices (zustand's slices pattern). Streaming text is NOT here:
// it lives in runs/live-text.ts so that per-frame updates never reach persistence.
import { create } from 'zustand';
import { browserLang } from '../i18n';
import { RecordsError, toRecordsError } from '../records/errors';
import { errorText } from '../ui/error-detail';
import { createChatSlice, type ChatSlice } from './chat-slice';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';

export type AppState = ChatSlice & SettingsSlice & ConfigSlice;

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createChatSlice(...a),
    ...createSettingsSlice(browserLang())(...a),
    ...createConfigSlice(...a),
  }));

export const useAppStore = createAppStore();

/**
 * A write that failed is told to the user in the app's banner, in words for its kind (a full quota or any
 * other failure); the error's own text is kept as a technical detail.
 */
export function reportStorageError(error: unknown): void {
  // Closed for a newer version in another tab: the upgrade banner says what to do, not a storage failure.
  if (error instanceof RecordsError && error.code === 'closed') return useAppStore.getState().setStorageUpgrade('reload');
  const detail = errorText(error);
  const full = toRecordsError(error).code === 'storage-full' || /quota/i.test(detail);
  useAppStore.getState().setStorageError({ kind: full ? 'full' : 'failed', detail });
}
