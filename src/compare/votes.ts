// What the compare screen and the pairwise queue share when they store a vote: one chain of writes (quick
// keys, a choice then a reason, each see the previous one's result), when a vote counts as blind, and the
// stored identity word list.
import type { Vote, VoteChoice } from '../records';
import { DEFAULT_IDENTITY_WORDS } from './identity';

export const META_IDENTITY = 'compare.identityWords';

let chain: Promise<unknown> = Promise.resolve();

export function serialVoteWrite<T>(work: () => Promise<T>): Promise<T> {
  const run = chain.then(work);
  chain = run.catch(() => undefined);
  return run;
}

/** A vote is blind when the names were hidden when its choice was made: a changed choice is made now. */
export function voteIsBlind(previous: Vote | null | undefined, choice: VoteChoice, hiddenNow: boolean): boolean {
  return previous && previous.choice === choice ? previous.blind : hiddenNow;
}

/** The identity word list as stored (meta value), or the default list. */
export function identityWordsFrom(stored: unknown): string[] {
  return Array.isArray(stored) && stored.every((w) => typeof w === 'string') ? (stored as string[]) : [...DEFAULT_IDENTITY_WORDS];
}
