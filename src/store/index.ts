// One bound store from per-domain slices (zustand's slices pattern). Streaming text is NOT here:
// it lives in chat/live-text.ts so that per-frame updates never reach persistence.
import { create } from 'zustand';
import { browserLang } from '../i18n';
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
 * A write that failed is told to the user in the app's banner. The words keep the error's name and message:
 * the banner recognises a full quota by them.
 */
export function reportStorageError(error: unknown): void {
  useAppStore.getState().setStorageError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
