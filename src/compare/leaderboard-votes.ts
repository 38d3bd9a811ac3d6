// Which votes a leaderboard ranks: given ones, or the stored ones, read and validated where the computation
// runs (in the leaderboard's worker: 20,000 votes take a long task to read and check, and as long again to
// copy into a worker). The last read is kept, so changing a filter does not read everything again.
import type { RecordsRepo } from '../records';
import type { LeaderboardVote } from './leaderboard-core';

/** 'fresh' reads the stored votes again; 'cached' takes the last read where there is one. */
export type VoteSource = readonly LeaderboardVote[] | { stored: 'fresh' | 'cached' };

let lastRead: readonly LeaderboardVote[] | null = null;

export async function readVotes(
  source: VoteSource,
  open: () => Promise<Pick<RecordsRepo, 'listVotes'>>,
): Promise<readonly LeaderboardVote[]> {
  if (!('stored' in source)) return source;
  if (source.stored === 'cached' && lastRead) return lastRead;
  lastRead = (await (await open()).listVotes()).items;
  return lastRead;
}
