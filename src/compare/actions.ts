// What the compare screen's buttons and keys do: start a comparison, send one question to every side, stop,
// regenerate, vote. Answers run through src/runs (the same runner and records as chat, source `compare`, one
// groupId per turn); every IndexedDB read and write of the compare screen goes through here.
import { own } from '../config/own';
import type { Endpoint } from '../config/schema';
import type { PreparedImage } from '../images/prepare-core';
import { recordsRepo } from '../records/instance';
import type { Vote, VoteChoice } from '../records';
import { runLiveAnswer, stopLiveAnswer } from '../runs/live-run';
import { reportStorageError, useAppStore } from '../store';
import { findEndpoint, resolveParams, resolveSystemPrompt } from '../store/endpoints';
import { EMPTY_DRAFT, useCompareStore } from './compare-store';
import { DEFAULT_IDENTITY_WORDS, findIdentityWords } from './identity';
import { identityWordsFrom, META_IDENTITY, serialVoteWrite, voteIsBlind } from './votes';
import { namesHidden, newSession, patchAnswer, sidePairs, slotHistory, type CompareSession, type SideAnswer } from './session';

const store = () => useCompareStore.getState();

function newSide(endpoint: Endpoint, images: PreparedImage[]): SideAnswer {
  return {
    answerId: crypto.randomUUID(),
    recordId: crypto.randomUUID(),
    endpointId: endpoint.id,
    endpointLabel: endpoint.label,
    model: endpoint.model,
    status: 'streaming',
    text: '',
    finishReason: null,
    error: null,
    ttftMs: null,
    tokensPerSecond: null,
    images: images.map(({ sha256, mime, width, height, bytes }) => ({ sha256, mime, width, height, bytes })),
  };
}

/** Stops whatever the comparison on screen is still streaming. */
export function stopAll(): void {
  for (const turn of store().session?.turns ?? []) for (const a of turn.answers) if (a.status === 'streaming') stopLiveAnswer(a.answerId);
}

export { stopLiveAnswer as stopSide } from '../runs/live-run';

/** A new comparison of these endpoints (the one on screen stops; its records stay in Review). */
export function startComparison(endpointIds: readonly string[], blind: boolean): void {
  stopAll();
  store().setSession(newSession(endpointIds, blind));
  store().setVotes([]);
}

async function runSide(sessionId: string, turnIndex: number, slot: number): Promise<void> {
  const session = store().session;
  const turn = session?.turns[turnIndex];
  const answer = turn?.answers[slot];
  if (!session || session.id !== sessionId || !turn || !answer) return;
  const patch = (p: Partial<SideAnswer>) => store().update((s) => (s.id === sessionId ? patchAnswer(s, answer.answerId, p) : s));
  const state = useAppStore.getState();
  const endpoint = findEndpoint(state, answer.endpointId);
  if (!endpoint) {
    patch({ status: 'error', error: { code: 'config', detail: `unknown endpoint ${answer.endpointId}` } });
    return;
  }
  await runLiveAnswer({
    answerId: answer.answerId,
    record: {
      id: answer.recordId,
      source: 'compare',
      conversationId: session.id,
      messageId: answer.answerId,
      groupId: turn.groupId,
      endpoint,
      params: resolveParams(endpoint, state),
      systemPrompt: resolveSystemPrompt(endpoint, state),
      history: slotHistory(session, slot, turnIndex),
    },
    token: own(state.tokens, endpoint.id),
    repo: () => recordsRepo(),
    onStorageError: reportStorageError,
    onChange: patch,
  });
}

/**
 * Sends the question, with each side's images prepared for its own endpoint, to every side at once. The
 * images are stored first, so a reload never finds a turn referring to a missing image.
 */
export async function sendTurn(question: string, imagesBySlot: readonly PreparedImage[][]): Promise<void> {
  const session = store().session;
  if (!session) return;
  const state = useAppStore.getState();
  const endpoints = session.endpointIds.map((id) => findEndpoint(state, id));
  const repo = await recordsRepo();
  const distinct = new Map(imagesBySlot.flat().map((p) => [p.sha256, p]));
  for (const p of distinct.values())
    await repo.putImage(p.sha256, p.blob, { mime: p.mime, width: p.width, height: p.height, bytes: p.bytes });
  const answers = session.endpointIds.map((id, slot) => {
    const endpoint = endpoints[slot];
    const side = newSide(endpoint ?? ({ id, label: id, model: '' } as Endpoint), imagesBySlot[slot] ?? []);
    return endpoint ? side : { ...side, status: 'error' as const, error: { code: 'config' as const, detail: `unknown endpoint ${id}` } };
  });
  const turn = { groupId: crypto.randomUUID(), question, createdAt: Date.now(), answers };
  const current = store().session;
  if (!current || current.id !== session.id) return;
  store().update((s) => ({ ...s, turns: [...s.turns, turn] }));
  const turnIndex = session.turns.length;
  answers.forEach((a, slot) => {
    if (a.status === 'streaming') void runSide(session.id, turnIndex, slot);
  });
}

/** Asks this side's endpoint again, in the last turn; the earlier answer's record stays. */
export function regenerateSide(slot: number): void {
  const session = store().session;
  const turnIndex = (session?.turns.length ?? 0) - 1;
  const old = session?.turns[turnIndex]?.answers[slot];
  const endpoint = old && findEndpoint(useAppStore.getState(), old.endpointId);
  if (!session || !old || !endpoint || old.status === 'streaming') return;
  const fresh = newSide(endpoint, []);
  store().update((s) =>
    s.id !== session.id
      ? s
      : {
          ...s,
          turns: s.turns.map((t, i) =>
            i === turnIndex ? { ...t, answers: t.answers.map((a, k) => (k === slot ? { ...fresh, images: old.images } : a)) } : t,
          ),
        },
  );
  void runSide(session.id, turnIndex, slot);
}

export function reveal(): void {
  store().update((s) => ({ ...s, revealed: true }));
}

// ---------------------------------------------------------------------------------------------------------
// Votes

/** The pair of sides (by side index) of a turn as the vote shows them: A is `pair[0]`. */
export type SidePair = readonly [number, number];

export function voteOn(session: CompareSession, turnIndex: number, pair: SidePair, annotator: string, votes: readonly Vote[]): Vote | null {
  const turn = session.turns[turnIndex];
  const a = turn?.answers[session.order[pair[0]]!];
  const b = turn?.answers[session.order[pair[1]]!];
  if (!a || !b) return null;
  const ids = [a.recordId, b.recordId].sort().join();
  return votes.find((v) => v.annotator === annotator && [...v.recordIds].sort().join() === ids) ?? null;
}

export interface VoteChange {
  choice?: VoteChoice;
  reasons?: readonly string[];
  note?: string;
}

/**
 * Stores this annotator's vote on one pair of a turn (a second vote on the pair changes the first). The
 * vote is blind when the names were hidden when its choice was made, and flagged when an answer contains a
 * word of the identity list. Once every pair of the turn has a vote, a blind comparison reveals its names.
 */
function castVote(turnIndex: number, pair: SidePair, annotator: string, change: VoteChange): Promise<Vote | null> {
  return serialVoteWrite(async () => {
    const { session, votes, identityWords } = store();
    const turn = session?.turns[turnIndex];
    if (!session || !turn) return null;
    const slots = [session.order[pair[0]]!, session.order[pair[1]]!];
    const sides = slots.map((slot) => turn.answers[slot]!);
    const previous = voteOn(session, turnIndex, pair, annotator, votes[turn.groupId] ?? []);
    const choice = change.choice ?? previous?.choice;
    if (!choice) return null;
    const words = findIdentityWords(
      sides.map((s) => s.text),
      identityWords ?? DEFAULT_IDENTITY_WORDS,
    );
    const blind = voteIsBlind(previous, choice, namesHidden(session));
    const repo = await recordsRepo();
    const saved = await repo.saveVote({
      groupId: turn.groupId,
      recordIds: sides.map((s) => s.recordId),
      endpointIds: sides.map((s) => s.endpointId),
      models: sides.map((s) => s.model),
      choice,
      annotator,
      blind,
      reasons: [...(change.reasons ?? previous?.reasons ?? [])],
      note: change.note ?? previous?.note ?? '',
      flagged: words.length > 0,
      identityWords: words,
    });
    store().voteSaved(saved);
    const after = store().votes[turn.groupId] ?? [];
    const allVoted = sidePairs(session.endpointIds.length).every(
      (p) => store().session && voteOn(store().session!, turnIndex, p, annotator, after),
    );
    if (allVoted) reveal();
    return saved;
  }).catch((e: unknown) => {
    reportStorageError(e);
    return null;
  });
}

const draftKey = (groupId: string, pair: SidePair, annotator: string) => JSON.stringify([groupId, pair, annotator]);

/** What the vote bar of a pair shows: the stored vote, else the reasons and note picked so far. */
export function voteState(session: CompareSession, turnIndex: number, pair: SidePair, annotator: string) {
  const turn = session.turns[turnIndex];
  const { votes, drafts } = store();
  const vote = turn ? voteOn(session, turnIndex, pair, annotator, votes[turn.groupId] ?? []) : null;
  const draft = (turn && drafts[draftKey(turn.groupId, pair, annotator)]) || EMPTY_DRAFT;
  return { vote, reasons: vote?.reasons ?? draft.reasons, note: draft.note ?? vote?.note ?? '', draft };
}

/** A choice by click or key: the first one takes the reasons and note picked before it along. */
export function choose(turnIndex: number, pair: SidePair, annotator: string, choice: VoteChoice): void {
  const session = store().session;
  if (!session) return;
  const { vote, draft } = voteState(session, turnIndex, pair, annotator);
  void castVote(turnIndex, pair, annotator, vote ? { choice } : { choice, reasons: draft.reasons, note: draft.note ?? '' });
}

export function toggleReason(turnIndex: number, pair: SidePair, annotator: string, reason: string): void {
  const session = store().session;
  const turn = session?.turns[turnIndex];
  if (!session || !turn) return;
  const { vote, reasons, draft } = voteState(session, turnIndex, pair, annotator);
  const next = reasons.includes(reason) ? reasons.filter((r) => r !== reason) : [...reasons, reason];
  if (vote) void castVote(turnIndex, pair, annotator, { reasons: next });
  else store().setDraft(draftKey(turn.groupId, pair, annotator), { ...draft, reasons: next });
}

/** The note as typed: kept in the draft at once, stored with the vote after a pause in typing. */
let noteTimer: ReturnType<typeof setTimeout> | undefined;
export function typeNote(turnIndex: number, pair: SidePair, annotator: string, note: string): void {
  const session = store().session;
  const turn = session?.turns[turnIndex];
  if (!session || !turn) return;
  const { vote, draft } = voteState(session, turnIndex, pair, annotator);
  store().setDraft(draftKey(turn.groupId, pair, annotator), { ...draft, note });
  clearTimeout(noteTimer);
  if (vote) noteTimer = setTimeout(() => void castVote(turnIndex, pair, annotator, { note }), 800);
}

/** The votes on the turns on screen, and the identity word list. */
export async function loadCompareData(): Promise<void> {
  try {
    const repo = await recordsRepo();
    const groups = store().session?.turns.map((t) => t.groupId) ?? [];
    const [votes, words] = await Promise.all([repo.votesFor(groups), repo.getMeta(META_IDENTITY)]);
    store().setVotes(votes);
    store().setIdentityWords(identityWordsFrom(words));
  } catch (e) {
    store().setIdentityWords([...DEFAULT_IDENTITY_WORDS]);
    reportStorageError(e);
  }
}

export async function saveIdentityWords(words: readonly string[]): Promise<void> {
  store().setIdentityWords(words);
  try {
    await (await recordsRepo()).setMeta(META_IDENTITY, [...words]);
  } catch (e) {
    reportStorageError(e);
  }
}
