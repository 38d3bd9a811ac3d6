// User settings: language, annotator, own endpoints, per-endpoint parameter overrides, tokens.
// Tokens are state like the rest, but persistence keeps them in sessionStorage unless `rememberTokens`.
import type { StateCreator } from 'zustand';
import type { Endpoint, GenerationParams } from '../config/schema';
import type { Lang } from '../i18n';

export interface EndpointOverrides {
  params?: Partial<GenerationParams>;
  systemPrompt?: string;
}

export interface SettingsSlice {
  lang: Lang;
  annotator: string;
  selectedEndpointId: string | null;
  customEndpoints: Endpoint[];
  overrides: Record<string, EndpointOverrides>;
  rememberTokens: boolean;
  tokens: Record<string, string>;
  setLang: (lang: Lang) => void;
  setAnnotator: (name: string) => void;
  selectEndpoint: (id: string) => void;
  saveCustomEndpoint: (endpoint: Endpoint) => void;
  removeCustomEndpoint: (id: string) => void;
  setOverrides: (endpointId: string, overrides: EndpointOverrides | null) => void;
  setToken: (endpointId: string, token: string) => void;
  setRememberTokens: (remember: boolean) => void;
}

export type PersistedSettings = Pick<
  SettingsSlice,
  'lang' | 'annotator' | 'selectedEndpointId' | 'customEndpoints' | 'overrides' | 'rememberTokens'
>;

export const createSettingsSlice =
  (lang: Lang): StateCreator<SettingsSlice, [], [], SettingsSlice> =>
  (set) => ({
    lang,
    annotator: '',
    selectedEndpointId: null,
    customEndpoints: [],
    overrides: {},
    rememberTokens: false,
    tokens: {},
    setLang: (lang) => set({ lang }),
    setAnnotator: (annotator) => set({ annotator: annotator.trim().slice(0, 100) }),
    selectEndpoint: (selectedEndpointId) => set({ selectedEndpointId }),
    saveCustomEndpoint: (endpoint) =>
      set((s) => ({
        customEndpoints: s.customEndpoints.some((e) => e.id === endpoint.id)
          ? s.customEndpoints.map((e) => (e.id === endpoint.id ? endpoint : e))
          : [...s.customEndpoints, endpoint],
      })),
    removeCustomEndpoint: (id) =>
      set((s) => {
        const { [id]: _token, ...tokens } = s.tokens;
        return { customEndpoints: s.customEndpoints.filter((e) => e.id !== id), tokens };
      }),
    setOverrides: (endpointId, overrides) =>
      set((s) => {
        const { [endpointId]: _old, ...rest } = s.overrides;
        return { overrides: overrides ? { ...rest, [endpointId]: overrides } : rest };
      }),
    setToken: (endpointId, token) =>
      set((s) => {
        const { [endpointId]: _old, ...rest } = s.tokens;
        return { tokens: token ? { ...rest, [endpointId]: token } : rest };
      }),
    setRememberTokens: (rememberTokens) => set({ rememberTokens }),
  });
