// Statistics for the Review screen and the Compare leaderboard. Pure functions over records, ratings and
// votes; no storage, no clock, no Math.random (the bootstrap uses a seeded generator so results repeat).
import type { RatingsIndex } from './filter';
import type { AnswerRecord, Rating, Score, Vote } from './schema';

// ---------------------------------------------------------------------------------------------------------
// Small numerics

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Linear interpolation between order statistics (the usual "type 7" quantile). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9); ample for the t quantiles below.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularized incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with df degrees of freedom (p > 0.5), by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  mean: number;
  /** Student-t 95% interval of the mean; null for fewer than two values. */
  ci95: { low: number; high: number } | null;
}

export function meanWithInterval(values: readonly number[]): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: { low: mean - half, high: mean + half } };
}

/** mulberry32: tiny, fast, and good enough for resampling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Per endpoint/model statistics

export interface GroupStats {
  key: string;
  endpointId: string;
  /** The label of the group's newest record (labels can be edited). */
  endpointLabel: string;
  model: string;
  records: number;
  /** Records with at least one (of the annotator's) ratings. */
  rated: number;
  /** Records with at least one score; the unit of the mean. */
  scored: number;
  /**
   * Mean over records of each record's mean score (so a record rated by three people counts once), with a
   * Student-t 95% interval; null interval for fewer than two scored records.
   */
  meanScore: number | null;
  ci95: { low: number; high: number } | null;
  /** Individual ratings per score. */
  scoreDistribution: Record<Score, number>;
  tags: { tag: string; count: number }[];
  thumbs: { up: number; down: number };
  /** Over records that ended. */
  medianTtftMs: number | null;
  medianTokensPerSecond: number | null;
  errors: number;
  /** Records that ended (not pending); the denominator of errorRate. Aborted ones count as ended, not errors. */
  finished: number;
  errorRate: number | null;
}

export type StatsGrouping = 'endpoint-model' | 'endpoint' | 'model';

export interface StatsOptions {
  /** Only this annotator's ratings count. */
  annotator?: string;
  groupBy?: StatsGrouping;
}

function groupKey(r: AnswerRecord, by: StatsGrouping): string {
  if (by === 'endpoint') return r.endpoint.id;
  if (by === 'model') return r.endpoint.model;
  return `${r.endpoint.id}\u0000${r.endpoint.model}`;
}

export function computeStats(records: readonly AnswerRecord[], ratingsByRecord: RatingsIndex, options: StatsOptions = {}): GroupStats[] {
  const by = options.groupBy ?? 'endpoint-model';
  const annotator = options.annotator?.trim() || null;
  const groups = new Map<string, AnswerRecord[]>();
  for (const r of records) {
    const key = groupKey(r, by);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }

  const out: GroupStats[] = [];
  for (const [key, group] of groups) {
    const newest = group.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
    const distribution: Record<Score, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    const tagCounts = new Map<string, number>();
    const recordMeans: number[] = [];
    const ttfts: number[] = [];
    const speeds: number[] = [];
    const thumbs = { up: 0, down: 0 };
    let rated = 0;
    let errors = 0;
    let finished = 0;

    for (const record of group) {
      // A pending record's timings are from a checkpoint, not an answer: leave them out of the medians.
      if (record.status !== 'pending') {
        finished += 1;
        if (record.timings.ttftMs !== null) ttfts.push(record.timings.ttftMs);
        if (record.timings.tokensPerSecond !== null) speeds.push(record.timings.tokensPerSecond);
      }
      if (record.status === 'error') errors += 1;

      const all: readonly Rating[] = ratingsByRecord.get(record.id) ?? [];
      const mine = annotator === null ? all : all.filter((r) => r.annotator === annotator);
      if (mine.length === 0) continue;
      rated += 1;
      let sum = 0;
      let n = 0;
      for (const rating of mine) {
        if (rating.score !== null) {
          distribution[rating.score] += 1;
          sum += rating.score;
          n += 1;
        }
        if (rating.thumb) thumbs[rating.thumb] += 1;
        for (const tag of rating.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      }
      if (n > 0) recordMeans.push(sum / n);
    }

    const mean = meanWithInterval(recordMeans);
    out.push({
      key,
      endpointId: by === 'model' ? '' : newest.endpoint.id,
      endpointLabel: by === 'model' ? newest.endpoint.model : newest.endpoint.label,
      model: newest.endpoint.model,
      records: group.length,
      rated,
      scored: recordMeans.length,
      meanScore: mean?.mean ?? null,
      ci95: mean?.ci95 ?? null,
      scoreDistribution: distribution,
      tags: [...tagCounts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
      thumbs,
      medianTtftMs: median(ttfts),
      medianTokensPerSecond: median(speeds),
      errors,
      finished,
      errorRate: finished === 0 ? null : errors / finished,
    });
  }
  return out.sort((a, b) => a.endpointLabel.localeCompare(b.endpointLabel) || a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------------------------------------------------
// Bradley-Terry leaderboard

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

export function bradleyTerry(votes: readonly Vote[], options: BradleyTerryOptions = {}): BradleyTerryEntry[] {
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
