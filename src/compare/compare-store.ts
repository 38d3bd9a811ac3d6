// The compare screen's state: the comparison on screen, the blind-mode choice, the votes on its turns and the
// identity word list. Its own small store (like Review's): it loads with the compare chunk. The session is
// kept in localStorage, read back through a schema, and written when it changes (at a turn's start and end
// and at the answers' one-second checkpoints, never per token); when the page goes away, the live text of
// answers still streaming is written with it, so a reload keeps what was shown.
import { create } from 'zustand';
import { z } from 'zod';
import type { Vote } from '../records';
import { liveSnapshot } from '../runs/live-text';
import { recoverSession, type CompareSession, type SideAnswer } from './session';

const STORAGE_KEY = 'tanuki.compare';

export interface CompareState {
  session: CompareSession | null;
  /** The blind toggle; null follows the default (blind when an annotator name is set). */
  blindChoice: boolean | null;
  /** Votes on the turns of the session on screen, by groupId. */
  votes: Readonly<Record<string, readonly Vote[]>>;
  /** null until read from storage (then the default list when none was saved). */
  identityWords: readonly string[] | null;
  /** Reasons and note picked before the choice, by pair (see draftKey); they go with the vote. */
  drafts: Readonly<Record<string, VoteDraft>>;
  setSession: (session: CompareSession | null) => void;
  update: (fn: (session: CompareSession) => CompareSession) => void;
  setBlindChoice: (blind: boolean | null) => void;
  setVotes: (votes: readonly Vote[]) => void;
  voteSaved: (vote: Vote) => void;
  setIdentityWords: (words: readonly string[]) => void;
  setDraft: (key: string, draft: VoteDraft) => void;
}

export interface VoteDraft {
  reasons: readonly string[];
  /** null until typed in: the stored vote's note shows meanwhile. */
  note: string | null;
}

export const EMPTY_DRAFT: VoteDraft = { reasons: [], note: null };

export const useCompareStore = create<CompareState>()((set) => ({
  session: null,
  blindChoice: null,
  votes: {},
  identityWords: null,
  drafts: {},
  setSession: (session) => set({ session }),
  update: (fn) => set((s) => (s.session ? { session: fn(s.session) } : {})),
  setBlindChoice: (blindChoice) => set({ blindChoice }),
  setVotes: (list) => {
    const votes: Record<string, Vote[]> = {};
    for (const v of list) (votes[v.groupId] ??= []).push(v);
    set({ votes });
  },
  voteSaved: (vote) =>
    set((s) => ({
      votes: { ...s.votes, [vote.groupId]: [...(s.votes[vote.groupId] ?? []).filter((v) => v.id !== vote.id), vote] },
    })),
  setIdentityWords: (identityWords) => set({ identityWords }),
  setDraft: (key, draft) => set((s) => ({ drafts: { ...s.drafts, [key]: draft } })),
}));

// ---------------------------------------------------------------------------------------------------------
// Persistence

const id = z.string().max(128);
const answerSchema = z.object({
  answerId: id,
  recordId: id,
  endpointId: id,
  endpointLabel: z.string().max(200),
  model: z.string().max(200),
  status: z.enum(['streaming', 'ok', 'error', 'aborted', 'incomplete']),
  text: z.string().max(1_000_000),
  finishReason: z.string().max(100).nullable(),
  error: z
    .object({
      code: z.string().max(50),
      status: z.number().optional(),
      retryAfterMs: z.number().optional(),
      detail: z.string().max(10_000).optional(),
      sentBytes: z.number().optional(),
      midStream: z.boolean().optional(),
      retries: z.number().optional(),
    })
    .nullable(),
  ttftMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  images: z
    .array(
      z.object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        mime: z.string().max(100),
        width: z.number(),
        height: z.number(),
        bytes: z.number(),
      }),
    )
    .max(32),
});
const sessionSchema = z.object({
  id,
  endpointIds: z.array(id).min(2).max(4),
  order: z.array(z.number().int().min(0).max(3)).min(2).max(4),
  blind: z.boolean(),
  revealed: z.boolean(),
  turns: z
    .array(z.object({ groupId: id, question: z.string().max(200_000), createdAt: z.number(), answers: z.array(answerSchema).max(4) }))
    .max(200),
});
const storedSchema = z.object({ session: sessionSchema.nullable().catch(null), blindChoice: z.boolean().nullable().catch(null) });

function isConsistent(s: z.infer<typeof sessionSchema>): boolean {
  const n = s.endpointIds.length;
  return s.order.length === n && new Set(s.order).size === n && s.order.every((k) => k < n) && s.turns.every((t) => t.answers.length === n);
}

/** What was stored, if it still fits (an older or damaged value is dropped, not trusted). */
function readStored(raw: string | null): { session: CompareSession | null; blindChoice: boolean | null } {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(raw ?? 'null'));
    if (!parsed.success) return { session: null, blindChoice: null };
    const session = parsed.data.session && isConsistent(parsed.data.session) ? (parsed.data.session as CompareSession) : null;
    return { session, blindChoice: parsed.data.blindChoice };
  } catch {
    return { session: null, blindChoice: null };
  }
}

function write(session: CompareSession | null, blindChoice: boolean | null): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ session, blindChoice }));
  } catch {
    // Full or unavailable: the comparison still works, it just does not survive a reload.
  }
}

let connected = false;

/** Reads the stored comparison (answers that were streaming become incomplete) and keeps it stored. */
export function connectCompareStorage(): void {
  if (connected) return;
  connected = true;
  const stored = readStored(localStorage.getItem(STORAGE_KEY));
  useCompareStore.setState({ session: stored.session && recoverSession(stored.session, {}), blindChoice: stored.blindChoice });
  useCompareStore.subscribe((s, prev) => {
    if (s.session !== prev.session || s.blindChoice !== prev.blindChoice) write(s.session, s.blindChoice);
  });
  addEventListener('pagehide', () => {
    const { session, blindChoice } = useCompareStore.getState();
    const live = liveSnapshot();
    if (!session || !Object.keys(live).length) return;
    const withLive: (a: SideAnswer) => SideAnswer = (a) => (live[a.answerId] ? { ...a, text: live[a.answerId]! } : a);
    write({ ...session, turns: session.turns.map((t) => ({ ...t, answers: t.answers.map(withLive) })) }, blindChoice);
  });
}
