// Bradley-Terry leaderboard from pairwise votes. Pure: no storage, no clock, no Math.random (the bootstrap
// uses a seeded generator so results repeat).
import { quantile } from './distributions';
import { seededRandom } from './random';

/** What the fit reads of a vote: the endpoints shown as A and B (first two sides) and the choice. */
export interface PairVote {
  endpointIds: readonly string[];
  choice: 'a' | 'b' | 'tie' | 'both-bad';
}

export interface BradleyTerryOptions {
  /** Bootstrap resamples of the votes for the intervals (0 for none). Default 200. */
  bootstrap?: number;
  /** Seed of the resampling generator: the same votes and seed give the same intervals. Default 1. */
  seed?: number;
  /**
   * Virtual tied games added between every pair of endpoints (a weak prior). It keeps strengths finite for
   * an endpoint that never won or never lost and joins endpoints never compared directly. Default 1.
   */
  prior?: number;
  /**
   * 'both-bad' says both answers were equally poor: counted as a tie by default (as Chatbot Arena does);
   * 'ignore' drops those votes.
   */
  bothBad?: 'tie' | 'ignore';
}

export interface BradleyTerryEntry {
  endpointId: string;
  rank: number;
  /** Elo-like: 1000 + 400·log10(strength); strengths have geometric mean 1, so the average is 1000. */
  score: number;
  strength: number;
  /** Bootstrap percentile interval (2.5%, 97.5%) of score; null without resamples. */
  ci95: { low: number; high: number } | null;
  wins: number;
  losses: number;
  ties: number;
  games: number;
}

interface Game {
  a: number;
  b: number;
  /** a's share of the win: 1, 0 or 0.5. */
  result: number;
}

/** Minorize-maximize (Hunter 2004) on the pairwise win matrix, ties counted half to each side. */
function fitStrengths(games: readonly Game[], n: number, prior: number): number[] {
  // wins[i * n + j]: how often i beat j (fractional: ties and the prior's virtual ties count half).
  const wins = new Float64Array(n * n);
  const at = (i: number, j: number) => wins[i * n + j] ?? 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) wins[i * n + j] = prior / 2;
  for (const g of games) {
    wins[g.a * n + g.b] = at(g.a, g.b) + g.result;
    wins[g.b * n + g.a] = at(g.b, g.a) + 1 - g.result;
  }
  const totalWins = Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += at(i, j);
    return sum;
  });
  let p = new Array<number>(n).fill(1);
  for (let iter = 0; iter < 10_000; iter++) {
    const next = p.map((pi, i) => {
      let denom = 0;
      for (let j = 0; j < n; j++) {
        const played = i === j ? 0 : at(i, j) + at(j, i);
        if (played > 0) denom += played / (pi + (p[j] ?? 1));
      }
      return denom > 0 ? (totalWins[i] ?? 0) / denom : 1;
    });
    // Fix the scale: geometric mean 1.
    const scale = Math.exp(next.reduce((s, v) => s + Math.log(Math.max(v, 1e-300)), 0) / n);
    let change = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.max((next[i] ?? 1) / scale, 1e-300);
      change = Math.max(change, Math.abs(Math.log(v) - Math.log(p[i] ?? 1)));
      next[i] = v;
    }
    p = next;
    if (change < 1e-10) break;
  }
  return p;
}

const eloOf = (strength: number) => 1000 + 400 * Math.log10(strength);

export function bradleyTerry(votes: readonly PairVote[], options: BradleyTerryOptions = {}): BradleyTerryEntry[] {
  const bootstrap = Math.max(0, Math.floor(options.bootstrap ?? 200));
  const prior = options.prior ?? 1;
  const bothBad = options.bothBad ?? 'tie';

  const ids = new Map<string, number>();
  const idOf = (endpointId: string) => {
    let i = ids.get(endpointId);
    if (i === undefined) ids.set(endpointId, (i = ids.size));
    return i;
  };
  const games: Game[] = [];
  // Sorted ids first so the index order (and with it every floating-point sum) does not depend on vote order.
  const endpoints = [...new Set(votes.flatMap((v) => v.endpointIds.slice(0, 2)))].sort();
  for (const e of endpoints) idOf(e);
  for (const v of votes) {
    const [ea, eb] = v.endpointIds;
    if (ea === undefined || eb === undefined || ea === eb) continue;
    if (v.choice === 'both-bad' && bothBad === 'ignore') continue;
    const result = v.choice === 'a' ? 1 : v.choice === 'b' ? 0 : 0.5;
    games.push({ a: idOf(ea), b: idOf(eb), result });
  }
  const n = ids.size;
  if (n === 0) return [];

  const strengths = fitStrengths(games, n, prior);
  const tallies = Array.from({ length: n }, () => ({ wins: 0, losses: 0, ties: 0 }));
  for (const g of games) {
    const ta = tallies[g.a]!;
    const tb = tallies[g.b]!;
    if (g.result === 1) {
      ta.wins += 1;
      tb.losses += 1;
    } else if (g.result === 0) {
      ta.losses += 1;
      tb.wins += 1;
    } else {
      ta.ties += 1;
      tb.ties += 1;
    }
  }

  let intervals: ({ low: number; high: number } | null)[] = new Array(n).fill(null);
  if (bootstrap > 0 && games.length > 0) {
    const random = seededRandom(options.seed ?? 1);
    const samples = Array.from({ length: n }, () => new Array<number>(bootstrap));
    for (let b = 0; b < bootstrap; b++) {
      const resample = Array.from({ length: games.length }, () => games[Math.floor(random() * games.length)] as Game);
      const s = fitStrengths(resample, n, prior);
      for (let i = 0; i < n; i++) (samples[i] as number[])[b] = eloOf(s[i] as number);
    }
    intervals = samples.map((xs) => {
      const sorted = xs.sort((x, y) => x - y);
      return { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
    });
  }

  const entries = [...ids].map(([endpointId, i]) => {
    const t = tallies[i]!;
    return {
      endpointId,
      rank: 0,
      score: eloOf(strengths[i] as number),
      strength: strengths[i] as number,
      ci95: intervals[i] ?? null,
      ...t,
      games: t.wins + t.losses + t.ties,
    };
  });
  entries.sort((x, y) => y.score - x.score || x.endpointId.localeCompare(y.endpointId));
  entries.forEach((e, k) => (e.rank = k + 1));
  return entries;
}
