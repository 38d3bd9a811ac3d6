// A comparison as plain data and pure steps. The endpoints fill 2 to 4 slots (in the order they were picked);
// the screen shows them as sides A, B, ... in `order`, which blind mode shuffles so that the pick order says
// nothing about which side is which. Every turn sends one question (and the same images) to every slot, and
// each slot continues its own conversation: its history is the questions and its own answers.
import type { RunError } from '../runs/run-answer';
import type { ImageFacts } from '../images/types';
import type { TurnMessage } from '../runs/turns';

export const MIN_SIDES = 2;
export const MAX_SIDES = 4;

export type SideStatus = 'streaming' | 'ok' | 'error' | 'aborted' | 'incomplete';

export interface SideAnswer {
  answerId: string;
  recordId: string;
  endpointId: string;
  endpointLabel: string;
  model: string;
  status: SideStatus;
  text: string;
  finishReason: string | null;
  error: RunError | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  /** The images as this side's endpoint received them (its own image policy). */
  images: ImageFacts[];
}

export interface CompareTurn {
  /** The records' groupId: one per comparison turn. */
  groupId: string;
  question: string;
  createdAt: number;
  /** By slot. */
  answers: SideAnswer[];
}

export interface CompareSession {
  id: string;
  /** By slot. */
  endpointIds: string[];
  /** order[k] is the slot shown as side k (A = 0). */
  order: number[];
  blind: boolean;
  /** Names shown again (after a vote, or asked for): later votes of this session are not blind. */
  revealed: boolean;
  turns: CompareTurn[];
}

/** A, B, C, D. */
export function sideLetter(side: number): string {
  return String.fromCharCode(65 + side);
}

/** A random order of `n` slots (Fisher-Yates), or the identity when not shuffled. */
export function sideOrder(n: number, shuffle: boolean, random: () => number = Math.random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  if (!shuffle) return order;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function newSession(endpointIds: readonly string[], blind: boolean, random?: () => number): CompareSession {
  return {
    id: crypto.randomUUID(),
    endpointIds: [...endpointIds],
    order: sideOrder(endpointIds.length, blind, random),
    blind,
    revealed: !blind,
    turns: [],
  };
}

/** Names are hidden while the session is blind and not yet revealed. */
export function namesHidden(s: Pick<CompareSession, 'blind' | 'revealed'>): boolean {
  return s.blind && !s.revealed;
}

/** Every pair of sides (by side index), A-B first: with two sides, one pair; with four, six. */
export function sidePairs(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  return pairs;
}

/** What `slot` was asked before turn `turnIndex`, with its own answers (failed and empty ones left out). */
export function slotHistory(session: CompareSession, slot: number, turnIndex: number): TurnMessage[] {
  const history: TurnMessage[] = [];
  for (const turn of session.turns.slice(0, turnIndex + 1)) {
    const answer = turn.answers[slot];
    history.push({ role: 'user', text: turn.question, images: answer?.images ?? [] });
    if (turn === session.turns[turnIndex]) break;
    if (answer && answer.text !== '' && answer.status !== 'error') history.push({ role: 'assistant', text: answer.text });
  }
  return history;
}

export function isStreaming(session: CompareSession): boolean {
  return session.turns.some((t) => t.answers.some((a) => a.status === 'streaming'));
}

/** After a reload: answers that were streaming are incomplete, with the longest text known for them. */
export function recoverSession(session: CompareSession, texts: Readonly<Record<string, string>>): CompareSession {
  if (!isStreaming(session)) return session;
  return {
    ...session,
    turns: session.turns.map((turn) => ({
      ...turn,
      answers: turn.answers.map((a) => {
        if (a.status !== 'streaming') return a;
        const saved = texts[a.answerId];
        return { ...a, status: 'incomplete' as const, text: saved !== undefined && saved.length > a.text.length ? saved : a.text };
      }),
    })),
  };
}

export function patchAnswer(session: CompareSession, answerId: string, patch: Partial<SideAnswer>): CompareSession {
  return {
    ...session,
    turns: session.turns.map((turn) =>
      turn.answers.some((a) => a.answerId === answerId)
        ? { ...turn, answers: turn.answers.map((a) => (a.answerId === answerId ? { ...a, ...patch } : a)) }
        : turn,
    ),
  };
}

/** Masks the compared endpoints' names (labels, models, ids, hosts) in a text shown while names are hidden. */
export function maskNames(text: string, names: readonly string[]): string {
  const words = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return text;
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return text.replace(pattern, '•••');
}
