// Statistics for the Review screen. Pure functions over records and ratings; no storage, no clock.
import type { RatingsIndex } from './filter';
import type { AnswerRecord, Rating, Score } from './schema';

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
