// What the deployment configured (config.json) and whether stored state has been loaded.
import type { StateCreator } from 'zustand';
import type { ConfigProblem } from '../config/endpoints';
import type { Endpoint } from '../config/schema';

/** A write to the browser's storage that failed: its kind picks the words, `detail` is for engineers. */
export interface StorageProblem {
  kind: 'full' | 'failed';
  detail: string;
}

/** 'reload': a newer version of the app opened the storage in another tab; 'waiting': this tab waits for older ones. */
export type StorageUpgrade = 'reload' | 'waiting' | null;

export interface ConfigSlice {
  runtimeEndpoints: Endpoint[];
  runtimeDefault: string | null;
  configError: ConfigProblem | null;
  hydrated: boolean;
  storageError: StorageProblem | null;
  /** Start-up failed (the technical text); the app opens anyway and says so. */
  startupError: string | null;
  /** The endpoint id a `?endpoint=` link asked for when no endpoint has it. */
  unknownLinkedEndpoint: string | null;
  storageUpgrade: StorageUpgrade;
  setRuntimeConfig: (endpoints: Endpoint[], defaultId: string | null, error: ConfigProblem | null) => void;
  setHydrated: () => void;
  setStorageError: (error: StorageProblem | null) => void;
  setStartupError: (detail: string | null) => void;
  setUnknownLinkedEndpoint: (id: string | null) => void;
  /** 'reload' is for good: once a database closed for a newer version, only a reload opens it again. */
  setStorageUpgrade: (state: StorageUpgrade) => void;
}

export const createConfigSlice: StateCreator<ConfigSlice, [], [], ConfigSlice> = (set) => ({
  runtimeEndpoints: [],
  runtimeDefault: null,
  configError: null,
  hydrated: false,
  storageError: null,
  startupError: null,
  unknownLinkedEndpoint: null,
  storageUpgrade: null,
  setRuntimeConfig: (runtimeEndpoints, runtimeDefault, configError) => set({ runtimeEndpoints, runtimeDefault, configError }),
  setHydrated: () => set({ hydrated: true }),
  setStorageError: (storageError) => set({ storageError }),
  setStartupError: (startupError) => set({ startupError }),
  setUnknownLinkedEndpoint: (unknownLinkedEndpoint) => set({ unknownLinkedEndpoint }),
  setStorageUpgrade: (storageUpgrade) => set((s) => (s.storageUpgrade === 'reload' ? {} : { storageUpgrade })),
});
