// The leaderboard's pure part: which votes count (filters applied before the fit), what is ranked (an
// endpoint, a model, or the two together), then the Bradley-Terry fit of src/stats. Runs in
// leaderboard.worker.ts; plain and synchronous here so it is tested in Node.
import { bradleyTerry, type BradleyTerryOptions, type BradleyTerryResult, type PairChoice, type PairVote } from '../stats/bradley-terry';

/**
 * A vote as the leaderboard reads it: the records' stored vote satisfies this shape. Sides are in the order
 * shown, so side 0 is A, the left one. Fields a vote stored before blind voting existed lacks are optional:
 * such a vote counts as not blind and not flagged, and its model as unknown.
 */
export interface LeaderboardVote {
  annotator: string;
  /** ISO 8601. */
  createdAt: string;
  endpointIds: readonly string[];
  /** The model name of each side, when known. */
  models?: readonly (string | null)[];
  choice: PairChoice;
  /** Names were hidden until the vote. */
  blind?: boolean;
  /** An answer named a model or vendor, so the voter may have known. */
  flagged?: boolean;
}

/** What one row of the leaderboard is: an endpoint, a model name, or an endpoint serving a model. */
export type LeaderboardSubject = 'endpoint' | 'model' | 'endpoint-model';

export interface LeaderboardFilter {
  /** Only these annotators' votes; empty or absent for everyone's. */
  annotators?: readonly string[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  blindOnly?: boolean;
  unflaggedOnly?: boolean;
}

export interface LeaderboardOptions extends LeaderboardFilter, BradleyTerryOptions {
  /** Default 'endpoint-model'. */
  subject?: LeaderboardSubject;
}

export interface FilterCounts {
  total: number;
  kept: number;
  /** Why votes were left out; a vote left out for several reasons counts under the first that applies. */
  notPairwise: number;
  annotator: number;
  date: number;
  notBlind: number;
  flagged: number;
}

export interface Leaderboard extends BradleyTerryResult {
  /** What each model key of the result stands for (model null when the votes did not say). */
  subjects: Record<string, { endpointId: string; model: string | null }>;
  subject: LeaderboardSubject;
  filter: FilterCounts;
  /** Everyone who voted, filters aside (for the annotator filter), sorted. */
  voters: string[];
}

/**
 * The key a subject is ranked under. For 'model', a side whose model is unknown is ranked under its
 * endpoint id instead (marked as such, so it never merges with a model of the same name).
 */
export function subjectKey(endpointId: string, model: string | null | undefined, subject: LeaderboardSubject): string {
  if (subject === 'endpoint') return endpointId;
  if (subject === 'model') return model ? model : JSON.stringify(['endpoint', endpointId]);
  return JSON.stringify([endpointId, model ?? null]);
}

export function filterVotes<V extends LeaderboardVote>(
  votes: readonly V[],
  filter: LeaderboardFilter,
): { kept: V[]; counts: FilterCounts } {
  const annotators = filter.annotators && filter.annotators.length > 0 ? new Set(filter.annotators) : null;
  const counts: FilterCounts = { total: votes.length, kept: 0, notPairwise: 0, annotator: 0, date: 0, notBlind: 0, flagged: 0 };
  const kept: V[] = [];
  for (const v of votes) {
    if (v.endpointIds.length !== 2) counts.notPairwise += 1;
    else if (annotators && !annotators.has(v.annotator)) counts.annotator += 1;
    else if (!inRange(v.createdAt, filter)) counts.date += 1;
    else if (filter.blindOnly && v.blind !== true) counts.notBlind += 1;
    else if (filter.unflaggedOnly && v.flagged === true) counts.flagged += 1;
    else kept.push(v);
  }
  counts.kept = kept.length;
  return { kept, counts };
}

function inRange(createdAt: string, filter: LeaderboardFilter): boolean {
  if (filter.from === undefined && filter.to === undefined) return true;
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) return false;
  return (filter.from === undefined || t >= filter.from) && (filter.to === undefined || t < filter.to);
}

export function leaderboard(votes: readonly LeaderboardVote[], options: LeaderboardOptions = {}): Leaderboard {
  const subject = options.subject ?? 'endpoint-model';
  const { kept, counts } = filterVotes(votes, options);
  const subjects: Leaderboard['subjects'] = {};
  const side = (v: LeaderboardVote, i: 0 | 1) => {
    const endpointId = v.endpointIds[i]!;
    const model = v.models?.[i] ?? null;
    const key = subjectKey(endpointId, model, subject);
    if (!Object.hasOwn(subjects, key)) subjects[key] = { endpointId, model: subject === 'endpoint' ? null : model };
    return key;
  };
  const pairs: PairVote[] = kept.map((v) => ({ a: side(v, 0), b: side(v, 1), choice: v.choice }));
  const voters = [...new Set(votes.map((v) => v.annotator))].sort();
  return { ...bradleyTerry(pairs, options), subjects, subject, filter: counts, voters };
}
