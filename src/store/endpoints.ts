// Derived endpoint views of the state: the merged list, the selected endpoint, resolved parameters.
import { env } from '../config/env';
import { own } from '../config/own';
import { builtInEndpoints, DEMO_ENDPOINT_ID, mergeEndpoints, paramSpecOf } from '../config/presets';
import type { Endpoint, GenerationParams } from '../config/schema';
import type { AppState } from './index';

const builtIns = builtInEndpoints(env);

export type EndpointSource = 'built-in' | 'config' | 'custom';

export function endpointSource(state: Pick<AppState, 'runtimeEndpoints' | 'customEndpoints'>, id: string): EndpointSource {
  if (state.customEndpoints.some((e) => e.id === id)) return 'custom';
  if (state.runtimeEndpoints.some((e) => e.id === id)) return 'config';
  return 'built-in';
}

let cache: { key: unknown[]; value: Endpoint[] } | null = null;

/** Memoised on its inputs so that selectors return a stable array. */
export function selectEndpoints(state: Pick<AppState, 'runtimeEndpoints' | 'customEndpoints'>): Endpoint[] {
  const key = [state.runtimeEndpoints, state.customEndpoints];
  if (!cache || cache.key.some((k, i) => k !== key[i])) {
    cache = { key, value: mergeEndpoints(builtIns, state.runtimeEndpoints, state.customEndpoints) };
  }
  return cache.value;
}

/** The endpoint as the app and config.json define it, before the person's own edits. */
export function configuredEndpoint(state: Pick<AppState, 'runtimeEndpoints'>, id: string): Endpoint | undefined {
  return mergeEndpoints(builtIns, state.runtimeEndpoints).find((e) => e.id === id);
}

export function findEndpoint(state: AppState, id: string | null | undefined): Endpoint | undefined {
  return selectEndpoints(state).find((e) => e.id === id);
}

/** The endpoint new conversations use: the user's choice, else config.json's default, else the demo. */
export function defaultEndpointId(state: AppState): string {
  const ids = new Set(selectEndpoints(state).map((e) => e.id));
  for (const id of [state.selectedEndpointId, state.runtimeDefault]) if (id && ids.has(id)) return id;
  return DEMO_ENDPOINT_ID;
}

export type EndpointLinkOutcome = { kind: 'selected'; newConversation: boolean } | { kind: 'unknown'; id: string };

/**
 * Follows `?endpoint=<id>`: new conversations use that endpoint, and so does the open one when it is still
 * empty. When the open one already talks to another endpoint, a new conversation is started, so that the
 * question goes where the link says without rewriting a conversation's history.
 */
export function followEndpointLink(state: AppState, wanted: string): EndpointLinkOutcome {
  if (!findEndpoint(state, wanted)) return { kind: 'unknown', id: wanted };
  state.selectEndpoint(wanted);
  const open = state.activeId ? state.conversations[state.activeId] : undefined;
  if (!open || open.endpointId === wanted) return { kind: 'selected', newConversation: false };
  if (open.messages.length === 0) {
    state.setConversationEndpoint(open.id, wanted);
    return { kind: 'selected', newConversation: false };
  }
  state.createConversation(wanted);
  return { kind: 'selected', newConversation: true };
}

export function resolveParams(endpoint: Endpoint, state: Pick<AppState, 'overrides'>): GenerationParams {
  const spec = paramSpecOf(endpoint);
  const o = own(state.overrides, endpoint.id)?.params ?? {};
  return {
    maxTokens: o.maxTokens ?? spec.maxTokens.default,
    temperature: o.temperature ?? spec.temperature.default,
    topP: o.topP ?? spec.topP.default,
    repetitionPenalty: o.repetitionPenalty ?? spec.repetitionPenalty.default,
    noRepeatNgramSize: o.noRepeatNgramSize ?? spec.noRepeatNgramSize.default,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
}

export function resolveSystemPrompt(endpoint: Endpoint, state: Pick<AppState, 'overrides'>): string {
  return own(state.overrides, endpoint.id)?.systemPrompt ?? endpoint.systemPrompt;
}
