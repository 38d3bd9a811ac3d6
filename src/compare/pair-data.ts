// The pairwise queue's state and what its keys and buttons do. Finding the pairs means reading and validating
// every record and vote (about a second for ten thousand records), so it runs in pairs.worker.ts, off the main
// thread (here where workers are unavailable). Votes go through the same chain of writes as the compare
// screen's; the position is stored per annotator, so a reload comes back to the same pair.
import { create } from 'zustand';
import { votePairKey, type AnswerRecord, type RecordsRepo, type Vote, type VoteChoice } from '../records';
import { recordsRepo } from '../records/instance';
import { reportStorageError } from '../store';
import { createWorkerQueue, workerConnector } from '../ui/worker-queue';
import { findIdentityWords } from './identity';
import { buildPairQueue, resumeIndex, type QueuePair } from './pairs';
import { identityWordsFrom, META_IDENTITY, serialVoteWrite, voteIsBlind } from './votes';

const META_POSITION = 'compare.pairQueue';

export interface PairQueueData {
  pairs: QueuePair[];
  /** The records of the pairs, by id. */
  records: Record<string, AnswerRecord>;
  /** This annotator's votes on the pairs, by pair key. */
  votes: Record<string, Vote>;
  /** Where the queue opens. */
  index: number;
  identityWords: string[];
}

export interface PairRequest {
  id: number;
  annotator: string;
}

export type PairResponse = { id: number; ok: true; data: PairQueueData } | { id: number; ok: false; message: string };

function positions(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Reads everything and builds this annotator's queue (in the worker, or here). */
export async function readPairQueue(
  repo: Pick<RecordsRepo, 'listRecords' | 'listVotes' | 'getMeta'>,
  annotator: string,
): Promise<PairQueueData> {
  const [records, votes, position, words] = await Promise.all([
    repo.listRecords(),
    repo.listVotes(),
    repo.getMeta(META_POSITION),
    repo.getMeta(META_IDENTITY),
  ]);
  const mine = votes.items.filter((v) => v.annotator === annotator);
  const pairs = buildPairQueue(records.items, mine, annotator);
  const byId = new Map(records.items.map((r) => [r.id, r]));
  const used: Record<string, AnswerRecord> = {};
  for (const p of pairs) for (const id of p.recordIds) used[id] = byId.get(id)!;
  const keys = new Set(pairs.map((p) => p.key));
  const byKey: Record<string, Vote> = {};
  for (const v of mine) if (keys.has(votePairKey(v))) byKey[votePairKey(v)] = v;
  const index = resumeIndex(pairs, (key) => key in byKey, positions(position)[annotator] ?? null);
  return { pairs, records: used, votes: byKey, index, identityWords: identityWordsFrom(words) };
}

const pairsWorker = createWorkerQueue<PairRequest, PairResponse>(
  workerConnector(() => new Worker(new URL('./pairs.worker.ts', import.meta.url), { type: 'module' }), 'the pairs worker'),
  'the pairs worker',
);

async function loadInWorker(annotator: string): Promise<PairQueueData> {
  const reply = await pairsWorker.run((id) => ({ id, annotator }));
  if (!reply.ok) throw new Error(reply.message);
  return reply.data;
}

interface Draft {
  reasons: readonly string[];
  note: string;
}

interface PairQueueState {
  annotator: string;
  data: PairQueueData | null;
  index: number;
  votes: Readonly<Record<string, Vote>>;
  /** Reasons and note of the pair on screen, as picked and typed; they go with its vote. */
  draft: Draft;
  /** Vote changes, newest last: the pair and its vote before the change (null: none). */
  undo: readonly { key: string; before: Vote | null }[];
}

const EMPTY: Draft = { reasons: [], note: '' };

export const usePairQueue = create<PairQueueState>()(() => ({ annotator: '', data: null, index: 0, votes: {}, draft: EMPTY, undo: [] }));

const state = () => usePairQueue.getState();
const current = (): QueuePair | undefined => state().data?.pairs[state().index];

function draftOf(key: string | undefined, votes: Readonly<Record<string, Vote>>): Draft {
  const v = key ? votes[key] : undefined;
  return v ? { reasons: v.reasons, note: v.note } : EMPTY;
}

/** Reads this annotator's queue (again); a reply for an earlier annotator is dropped. */
export async function openPairQueue(annotator: string): Promise<void> {
  usePairQueue.setState({ annotator, data: null, undo: [] });
  try {
    const data = typeof Worker === 'function' ? await loadInWorker(annotator) : await readPairQueue(await recordsRepo(), annotator);
    if (state().annotator !== annotator) return;
    usePairQueue.setState({ data, index: data.index, votes: data.votes, draft: draftOf(data.pairs[data.index]?.key, data.votes) });
  } catch (e) {
    reportStorageError(e);
  }
}

async function savePosition(annotator: string, key: string): Promise<void> {
  const repo = await recordsRepo();
  const all = positions(await repo.getMeta(META_POSITION));
  await repo.setMeta(META_POSITION, { ...all, [annotator]: key });
}

/** To another pair (clamped; past the last one is the end). A note typed on the pair left is stored first. */
export function moveTo(index: number): void {
  const { data, annotator } = state();
  if (!data) return;
  commitNote();
  const to = Math.max(0, Math.min(index, data.pairs.length));
  const key = data.pairs[to]?.key;
  usePairQueue.setState({ index: to, draft: draftOf(key, state().votes) });
  void serialVoteWrite(() => savePosition(annotator, key ?? '')).catch(reportStorageError);
}

/** Stores the vote on the pair on screen with this change; the choice defaults to the stored one. */
function save(change: { choice?: VoteChoice; reasons?: readonly string[]; note?: string }): void {
  const pair = current();
  const { data, annotator } = state();
  if (!pair || !data) return;
  void serialVoteWrite(async () => {
    const before = state().votes[pair.key] ?? null;
    const choice = change.choice ?? before?.choice;
    if (!choice) return;
    const [a, b] = pair.recordIds.map((id) => data.records[id]!);
    const words = findIdentityWords([a!.output, b!.output], data.identityWords);
    const repo = await recordsRepo();
    const saved = await repo.saveVote({
      groupId: pair.groupId,
      recordIds: [a!.id, b!.id],
      endpointIds: [a!.endpoint.id, b!.endpoint.id],
      models: [a!.endpoint.model, b!.endpoint.model],
      choice,
      annotator,
      // The names show once the pair has a vote: a first vote is blind, a changed one is not.
      blind: voteIsBlind(before, choice, before === null),
      reasons: [...(change.reasons ?? before?.reasons ?? [])],
      note: change.note ?? before?.note ?? '',
      flagged: words.length > 0,
      identityWords: words,
    });
    if (state().data !== data) return;
    usePairQueue.setState((s) => ({ votes: { ...s.votes, [pair.key]: saved }, undo: [...s.undo, { key: pair.key, before }] }));
    await savePosition(annotator, pair.key);
  }).catch(reportStorageError);
}

/** A choice: the first one takes the reasons and note picked before it along. */
export function choose(choice: VoteChoice): void {
  const { draft } = state();
  save({ choice, reasons: draft.reasons, note: draft.note });
}

export function toggleReason(reason: string): void {
  const { draft } = state();
  const reasons = draft.reasons.includes(reason) ? draft.reasons.filter((r) => r !== reason) : [...draft.reasons, reason];
  usePairQueue.setState({ draft: { ...draft, reasons } });
  save({ reasons });
}

export function typeNote(note: string): void {
  usePairQueue.setState((s) => ({ draft: { ...s.draft, note } }));
}

/** Stores the note typed on the pair on screen, if it has a vote and the note changed. */
export function commitNote(): void {
  const pair = current();
  const { votes, draft } = state();
  const vote = pair ? votes[pair.key] : undefined;
  if (vote && vote.note !== draft.note) save({ note: draft.note });
}

/** Puts the last changed vote back as it was (removed, if it was new) and shows its pair. */
export function undo(): void {
  const last = state().undo.at(-1);
  const data = state().data;
  if (!last || !data) return;
  void serialVoteWrite(async () => {
    const after = state().votes[last.key];
    const repo = await recordsRepo();
    if (last.before) await repo.putVote(last.before);
    else if (after) await repo.deleteVote(after.id);
    const votes = { ...state().votes };
    if (last.before) votes[last.key] = last.before;
    else delete votes[last.key];
    const at = data.pairs.findIndex((p) => p.key === last.key);
    usePairQueue.setState((s) => ({
      votes,
      undo: s.undo.slice(0, -1),
      ...(at >= 0 ? { index: at, draft: draftOf(last.key, votes) } : {}),
    }));
    if (at >= 0) await savePosition(state().annotator, last.key);
  }).catch(reportStorageError);
}
