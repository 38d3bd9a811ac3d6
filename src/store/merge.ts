// Three-way merges for state that several tabs write: what this tab last read or wrote (`base`), what it
// holds now (`local`), and what storage holds now (`stored`, perhaps written by another tab since). Only
// what this tab changed since `base` is laid over `stored`, so a write never drops another tab's change,
// and a tab that changed nothing never writes its older copy over a newer one.
import type { Conversation, Message } from './chat-types';

/** A value this tab changed since `base` wins; otherwise storage's. */
function pick<T>(base: T, local: T, stored: T): T {
  return local === base ? stored : local;
}

/**
 * By id: removed here leaves, added here joins (after stored's), changed here replaces stored's, or, given
 * `mergeItem`, is merged with it. An item added here and in storage both (two tabs that each made their own
 * copy of the same thing at once) is merged too when `originOf` says what both copies were made from.
 */
export function mergeById<T>(
  base: T[],
  local: T[],
  stored: T[],
  idOf: (item: T) => string,
  mergeItem: (base: T, local: T, stored: T) => T = (_, l) => l,
  originOf: (id: string) => T | undefined = () => undefined,
): T[] {
  if (local === base) return stored;
  const baseById = new Map(base.map((x) => [idOf(x), x]));
  const localById = new Map(local.map((x) => [idOf(x), x]));
  const storedIds = new Set(stored.map(idOf));
  const merged: T[] = [];
  for (const s of stored) {
    const id = idOf(s);
    const l = localById.get(id);
    if (baseById.has(id) && l === undefined) continue;
    const b = baseById.get(id) ?? (l !== undefined && l !== s ? originOf(id) : undefined);
    merged.push(l !== undefined && b !== undefined && l !== b ? mergeItem(b, l, s) : s);
  }
  for (const l of local) if (!baseById.has(idOf(l)) && !storedIds.has(idOf(l))) merged.push(l);
  return merged;
}

/** The same for maps keyed by id (own keys only: ids come from users and config files). */
export function mergeRecord<T>(base: Record<string, T>, local: Record<string, T>, stored: Record<string, T>): Record<string, T> {
  if (local === base) return stored;
  const merged = new Map(Object.entries(stored));
  const keys = new Set([...Object.keys(base), ...Object.keys(local)]);
  for (const key of keys) {
    const b = Object.hasOwn(base, key) ? base[key] : undefined;
    const l = Object.hasOwn(local, key) ? local[key] : undefined;
    if (l === b) continue;
    if (l === undefined) merged.delete(key);
    else merged.set(key, l);
  }
  return Object.fromEntries(merged);
}

/**
 * `null` is "not there": never seen (base), deleted here (local), or deleted elsewhere (stored). A deletion
 * wins over changes made elsewhere; a conversation deleted elsewhere is not brought back by a change here.
 */
export function mergeConversation(base: Conversation | null, local: Conversation | null, stored: Conversation | null): Conversation | null {
  if (local === base) return stored;
  if (local === null) return null;
  if (stored === null) return base === null ? local : null;
  const from = base ?? stored;
  return {
    ...stored,
    title: pick(from.title, local.title, stored.title),
    endpointId: pick(from.endpointId, local.endpointId, stored.endpointId),
    updatedAt: Math.max(local.updatedAt, stored.updatedAt),
    messages: mergeById<Message>(base?.messages ?? [], local.messages, stored.messages, (m) => m.id),
  };
}

/** Per field; lists of endpoints by id, per-endpoint maps by key. */
export function mergeFields<T extends object>(
  base: T,
  local: T,
  stored: T,
  special: { [K in keyof T]?: (base: T[K], local: T[K], stored: T[K]) => T[K] } = {},
): T {
  const merged = { ...stored };
  for (const key of new Set([...Object.keys(base), ...Object.keys(local)]) as Set<keyof T>) {
    const how = special[key];
    merged[key] = how ? how(base[key], local[key], stored[key]) : pick(base[key], local[key], stored[key]);
    // A field dropped here (an optional one) is dropped.
    if (merged[key] === undefined) delete merged[key];
  }
  return merged;
}
