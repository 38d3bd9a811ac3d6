// Bradley-Terry ratings from pairwise votes, the Chatbot Arena way (shared/EVAL-FORMATS.md):
// P(i beats j) = 1 / (1 + exp(-(b_i - b_j))), fitted by maximum likelihood as a logistic regression without
// intercept on +1/-1 design rows, ties (and both-bad) counted as half a win each way; reported on the
// Elo-like scale 400·b/ln(10) + 1000 with one model anchored at 1000; 95% intervals from a bootstrap that
// resamples the votes with replacement and refits.
//
// Speed: the likelihood only depends on the counts per (pair, outcome) cell, so the votes are aggregated
// once; a bootstrap round draws the cells' counts from a multinomial with probabilities count/N (exactly the
// distribution of counts that drawing N votes with replacement gives, see binomial.ts), and Newton's method
// refits from the counts. The cost of a round depends on the number of pairs, not of votes.
//
// Pure: no storage, no clock, no Math.random (a seeded generator, so the same votes and seed give the same
// result, in whatever order the votes come).
import { logFactorials, multinomialInto } from './binomial';
import { quantile } from './distributions';
import { seededRandom } from './random';

export type PairChoice = 'a' | 'b' | 'tie' | 'both-bad';

/** One vote as the fit reads it: `a` is the left (first shown) side, `b` the right one. */
export interface PairVote {
  a: string;
  b: string;
  choice: PairChoice;
}

export const BRADLEY_TERRY_DEFAULTS = {
  rounds: 1000,
  seed: 1,
  /**
   * L2 penalty on the log-strengths b (a Gaussian prior with sd 1/sqrt(ridge) = 10, that is about 1,700
   * rating points). It does not move models that have both wins and losses over a handful of votes
   * measurably, keeps a model that won (or lost) every vote finite, and fixes the otherwise free offset.
   */
  ridge: 0.01,
  /** A compared pair with fewer votes than this is reported as too few to say much ("a handful"). */
  minPairVotes: 5,
} as const;

export interface BradleyTerryOptions {
  /** Bootstrap rounds (0 for none: no intervals, and separation is not assessed). Default 1,000. */
  rounds?: number;
  /** Seed of the resampling generator. Default 1. */
  seed?: number;
  /**
   * The model pinned at 1000. Default (or when the named one has no votes): the model with the most votes,
   * the first by id among equals, since its rating is the best determined. Its interval is the point 1000:
   * every other interval is relative to it.
   */
  anchor?: string;
  ridge?: number;
  minPairVotes?: number;
}

export interface Interval {
  low: number;
  high: number;
}

export interface RatedModel {
  model: string;
  /** 1 for the highest rating. */
  rank: number;
  rating: number;
  /** Bootstrap percentile interval (2.5%, 97.5%); null without rounds. */
  ci95: Interval | null;
  /** Counted votes this model took part in. */
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
  /** Index of its connected part of the comparison graph; 0 is the anchor's. */
  component: number;
}

export interface PairTally {
  /** The two models, in id order. */
  a: string;
  b: string;
  votes: number;
  aWins: number;
  bWins: number;
  ties: number;
  bothBad: number;
}

/** Two models next to each other in the ranking, and whether the bootstrap tells them apart. */
export interface AdjacentSeparation {
  higher: string;
  lower: string;
  /** 95% bootstrap interval of rating(higher) - rating(lower); null without rounds or across components. */
  differenceCi95: Interval | null;
  /** Votes between the two themselves. */
  votes: number;
  /**
   * The interval excludes 0 and the two met in at least `minPairVotes` votes. The count matters: a bootstrap
   * of a handful of votes has almost nothing to resample (a single vote resamples to itself, a zero-width
   * interval), so its interval says nothing about how sure the order is.
   */
  separated: boolean;
  /** The two models' own intervals overlap (the picture a reader sees on the plot). */
  intervalsOverlap: boolean | null;
}

export type LeaderboardIssue =
  | { code: 'no-votes' }
  | { code: 'anchor-not-found'; requested: string }
  | { code: 'no-bootstrap' }
  /** The comparison graph falls apart: ratings in different groups are not comparable. */
  | { code: 'disconnected'; groups: string[][] }
  | { code: 'few-votes-per-pair'; minimum: number; pairs: { a: string; b: string; votes: number }[] }
  /** Neighbours in the ranking not told apart: their difference's interval holds 0, or they met in fewer than `minimum` votes. */
  | { code: 'unseparated'; minimum: number; pairs: { higher: string; lower: string }[] }
  /** Won or lost every decisive vote: the rating is set by the ridge, not by the data. */
  | { code: 'perfect-record'; models: { model: string; record: 'all-wins' | 'all-losses' }[] }
  /** The left side wins more (or less) often than chance would allow (Wilson 95% interval excludes 1/2). */
  | { code: 'position-bias'; leftWinRate: number };

export type VerdictCode = 'no-data' | 'unassessed' | 'not-separated' | 'partly-separated' | 'separated';

export interface BradleyTerryResult {
  anchor: string | null;
  /** Highest rating first. */
  models: RatedModel[];
  /** Every pair with at least one counted vote, in id order. */
  pairs: PairTally[];
  /**
   * winRate[r][c]: how often models[r] beat models[c] among their decisive votes (ties and both-bad left out,
   * as Chatbot Arena shows it); null on the diagonal and where they have no decisive vote.
   */
  winRate: (number | null)[][];
  /** How often the left side (choice a) won among decisive votes. */
  positionBias: { leftWins: number; rightWins: number; n: number; leftWinRate: number | null; ci95: Interval | null };
  counts: { votes: number; ties: number; bothBad: number; tieRate: number | null; bothBadRate: number | null; sameModel: number };
  separation: AdjacentSeparation[];
  verdict: { code: VerdictCode; issues: LeaderboardIssue[] };
  rounds: number;
  seed: number;
  ridge: number;
}

const ELO_PER_LOGIT = 400 / Math.LN10;
const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------
// The fit

/** Pair p joins models pi[p] < pj[p]; w[p] is pi's score (wins plus half the ties), n[p] the votes. */
interface PairData {
  k: number;
  pi: Int32Array;
  pj: Int32Array;
  /** Scratch space for the fit, reused across bootstrap rounds. */
  grad: Float64Array;
  hess: Float64Array;
  trial: Float64Array;
}

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

function objective(data: PairData, w: Float64Array, n: Float64Array, ridge: number, b: Float64Array): number {
  let sum = 0;
  for (let p = 0; p < w.length; p++) {
    const np = n[p]!;
    if (np === 0) continue;
    const d = b[data.pi[p]!]! - b[data.pj[p]!]!;
    sum += w[p]! * d - np * softplus(d);
  }
  for (let i = 0; i < data.k; i++) sum -= 0.5 * ridge * b[i]! * b[i]!;
  return sum;
}

/** Solves A x = y in place for a symmetric positive definite A (k×k, row-major), by Cholesky. */
function solveSpd(a: Float64Array, y: Float64Array, k: number): void {
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let s = 0; s < j; s++) d -= a[j * k + s]! ** 2;
    d = Math.sqrt(Math.max(d, 1e-300));
    a[j * k + j] = d;
    for (let i = j + 1; i < k; i++) {
      let v = a[i * k + j]!;
      for (let s = 0; s < j; s++) v -= a[i * k + s]! * a[j * k + s]!;
      a[i * k + j] = v / d;
    }
  }
  for (let i = 0; i < k; i++) {
    let v = y[i]!;
    for (let s = 0; s < i; s++) v -= a[i * k + s]! * y[s]!;
    y[i] = v / a[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let v = y[i]!;
    for (let s = i + 1; s < k; s++) v -= a[s * k + i]! * y[s]!;
    y[i] = v / a[i * k + i]!;
  }
}

/**
 * Maximises the penalised log-likelihood by Newton's method with step halving (the objective is strictly
 * concave, so this converges from anywhere). `b` is the start and receives the result. With a ridge the
 * gradient's components sum to -ridge·Σb, so the result sums to zero within each connected part.
 */
function fitInto(data: PairData, w: Float64Array, n: Float64Array, ridge: number, b: Float64Array): void {
  const k = data.k;
  const { grad, hess, trial } = data;
  let current = objective(data, w, n, ridge, b);
  for (let iter = 0; iter < 100; iter++) {
    hess.fill(0);
    for (let i = 0; i < k; i++) {
      grad[i] = -ridge * b[i]!;
      hess[i * k + i] = ridge;
    }
    for (let p = 0; p < w.length; p++) {
      const np = n[p]!;
      if (np === 0) continue;
      const i = data.pi[p]!;
      const j = data.pj[p]!;
      const s = 1 / (1 + Math.exp(b[j]! - b[i]!));
      const g = w[p]! - np * s;
      grad[i]! += g;
      grad[j]! -= g;
      const h = np * s * (1 - s);
      hess[i * k + i]! += h;
      hess[j * k + j]! += h;
      hess[i * k + j]! -= h;
      hess[j * k + i]! -= h;
    }
    solveSpd(hess, grad, k); // grad now holds the Newton step
    let t = 1;
    let next = current;
    for (; t > 1e-12; t /= 2) {
      for (let i = 0; i < k; i++) trial[i] = b[i]! + t * grad[i]!;
      next = objective(data, w, n, ridge, trial);
      if (next >= current - 1e-12 * Math.abs(current)) break;
    }
    let change = 0;
    for (let i = 0; i < k; i++) {
      change = Math.max(change, Math.abs(trial[i]! - b[i]!));
      b[i] = trial[i]!;
    }
    current = next;
    if (change < 1e-10) break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function components(k: number, data: PairData, n: Float64Array): Int32Array {
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let p = 0; p < n.length; p++) if (n[p]! > 0) parent[find(data.pi[p]!)] = find(data.pj[p]!);
  return Int32Array.from({ length: k }, (_, i) => find(i));
}

/** Wilson score interval for a proportion, 95%. */
export function wilson95(successes: number, n: number): Interval | null {
  if (n === 0) return null;
  const z = 1.959963984540054;
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

// ---------------------------------------------------------------------------------------------------------
// The leaderboard

export function bradleyTerry(votes: readonly PairVote[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  const rounds = Math.max(0, Math.floor(options.rounds ?? BRADLEY_TERRY_DEFAULTS.rounds));
  const seed = options.seed ?? BRADLEY_TERRY_DEFAULTS.seed;
  const ridge = Math.max(options.ridge ?? BRADLEY_TERRY_DEFAULTS.ridge, 1e-9);
  const minPairVotes = options.minPairVotes ?? BRADLEY_TERRY_DEFAULTS.minPairVotes;

  // Models in id order, so every index and floating-point sum below is independent of the votes' order.
  let sameModel = 0;
  const names = new Set<string>();
  for (const v of votes) {
    if (v.a === v.b) sameModel += 1;
    else names.add(v.a).add(v.b);
  }
  const ids = [...names].sort(byId);
  const k = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const pairCount = (k * (k - 1)) / 2;
  const pairOf = (i: number, j: number) => i * k - (i * (i + 1)) / 2 + (j - i - 1); // i < j
  const data: PairData = {
    k,
    pi: new Int32Array(pairCount),
    pj: new Int32Array(pairCount),
    grad: new Float64Array(k),
    hess: new Float64Array(k * k),
    trial: new Float64Array(k),
  };
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      data.pi[pairOf(i, j)] = i;
      data.pj[pairOf(i, j)] = j;
    }

  // Tallies per pair (from the lower id's side) and for position bias.
  const iWins = new Float64Array(pairCount);
  const jWins = new Float64Array(pairCount);
  const ties = new Float64Array(pairCount);
  const bothBad = new Float64Array(pairCount);
  let leftWins = 0;
  let rightWins = 0;
  for (const v of votes) {
    if (v.a === v.b) continue;
    const ia = index.get(v.a)!;
    const ib = index.get(v.b)!;
    const p = ia < ib ? pairOf(ia, ib) : pairOf(ib, ia);
    const aIsI = ia < ib;
    if (v.choice === 'a') {
      leftWins += 1;
      (aIsI ? iWins : jWins)[p]! += 1;
    } else if (v.choice === 'b') {
      rightWins += 1;
      (aIsI ? jWins : iWins)[p]! += 1;
    } else if (v.choice === 'tie') ties[p]! += 1;
    else bothBad[p]! += 1;
  }
  const n = new Float64Array(pairCount);
  const w = new Float64Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    n[p] = iWins[p]! + jWins[p]! + ties[p]! + bothBad[p]!;
    w[p] = iWins[p]! + 0.5 * (ties[p]! + bothBad[p]!);
  }
  const counted = votes.length - sameModel;
  let tieTotal = 0;
  let bothBadTotal = 0;
  for (let p = 0; p < pairCount; p++) {
    tieTotal += ties[p]!;
    bothBadTotal += bothBad[p]!;
  }

  // Per model tallies.
  const tally = ids.map(() => ({ votes: 0, wins: 0, losses: 0, ties: 0, bothBad: 0 }));
  for (let p = 0; p < pairCount; p++) {
    const ti = tally[data.pi[p]!]!;
    const tj = tally[data.pj[p]!]!;
    for (const [t, won, lost] of [
      [ti, iWins[p]!, jWins[p]!],
      [tj, jWins[p]!, iWins[p]!],
    ] as const) {
      t.votes += n[p]!;
      t.wins += won;
      t.losses += lost;
      t.ties += ties[p]!;
      t.bothBad += bothBad[p]!;
    }
  }

  // Anchor and comparison-graph components.
  let anchorIndex = -1;
  const issues: LeaderboardIssue[] = [];
  if (k > 0) {
    const requested = options.anchor === undefined ? undefined : index.get(options.anchor);
    if (options.anchor !== undefined && requested === undefined) issues.push({ code: 'anchor-not-found', requested: options.anchor });
    anchorIndex = requested ?? tally.reduce((best, t, i) => (t.votes > tally[best]!.votes ? i : best), 0);
  }
  const roots = components(k, data, n);
  const rootOrder = [...new Set([roots[anchorIndex] ?? 0, ...roots])];
  const component = Int32Array.from(roots, (r) => rootOrder.indexOf(r));

  // Rating: anchored in the anchor's part; other parts are centred on 1000 (their b sum to zero).
  const ratingsOf = (b: Float64Array, out: Float64Array, offset: number) => {
    const anchorB = b[anchorIndex]!;
    for (let i = 0; i < k; i++) out[offset + i] = ELO_PER_LOGIT * (component[i] === 0 ? b[i]! - anchorB : b[i]!) + 1000;
  };
  const b = new Float64Array(k);
  fitInto(data, w, n, ridge, b);
  const ratings = new Float64Array(k);
  ratingsOf(b, ratings, 0);

  // Bootstrap: each vote is a cell p·3 + outcome (lower id wins, higher id wins, tie or both-bad).
  const samples = new Float64Array(rounds * k);
  if (rounds > 0 && counted > 0 && k > 1) {
    const weights = new Float64Array(pairCount * 3);
    for (let p = 0; p < pairCount; p++) {
      weights[p * 3] = iWins[p]!;
      weights[p * 3 + 1] = jWins[p]!;
      weights[p * 3 + 2] = ties[p]! + bothBad[p]!;
    }
    const random = seededRandom(seed);
    const logFact = logFactorials(counted);
    const cells = new Float64Array(pairCount * 3);
    const rn = new Float64Array(pairCount);
    const rw = new Float64Array(pairCount);
    const rb = new Float64Array(k);
    for (let r = 0; r < rounds; r++) {
      multinomialInto(counted, weights, random, logFact, cells);
      for (let p = 0; p < pairCount; p++) {
        const c = p * 3;
        rn[p] = cells[c]! + cells[c + 1]! + cells[c + 2]!;
        rw[p] = cells[c]! + 0.5 * cells[c + 2]!;
      }
      rb.set(b); // warm start from the full fit
      fitInto(data, rw, rn, ridge, rb);
      ratingsOf(rb, samples, r * k);
    }
  }
  const haveRounds = rounds > 0 && counted > 0 && k > 1;
  const column = (i: number) => {
    const xs = new Float64Array(rounds);
    for (let r = 0; r < rounds; r++) xs[r] = samples[r * k + i]!;
    return xs.sort();
  };
  const ci95 = ids.map((_, i) => {
    if (!haveRounds) return null;
    const sorted = Array.from(column(i));
    return { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
  });

  // Ranking, ties in rating broken by id.
  const order = ids.map((_, i) => i).sort((x, y) => ratings[y]! - ratings[x]! || byId(ids[x]!, ids[y]!));
  const models: RatedModel[] = order.map((i, rank) => ({
    model: ids[i]!,
    rank: rank + 1,
    rating: ratings[i]!,
    ci95: ci95[i]!,
    ...tally[i]!,
    component: component[i]!,
  }));

  const separation: AdjacentSeparation[] = [];
  for (let r = 0; r + 1 < order.length; r++) {
    const hi = order[r]!;
    const lo = order[r + 1]!;
    let differenceCi95: Interval | null = null;
    if (haveRounds && component[hi] === component[lo]) {
      const d = new Float64Array(rounds);
      for (let s = 0; s < rounds; s++) d[s] = samples[s * k + hi]! - samples[s * k + lo]!;
      const sorted = Array.from(d.sort());
      differenceCi95 = { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
    }
    const a = ci95[hi];
    const c = ci95[lo];
    const met = n[hi < lo ? pairOf(hi, lo) : pairOf(lo, hi)]!;
    separation.push({
      higher: ids[hi]!,
      lower: ids[lo]!,
      differenceCi95,
      votes: met,
      separated: differenceCi95 !== null && differenceCi95.low > 0 && met >= minPairVotes,
      intervalsOverlap: a && c ? a.low <= c.high && c.low <= a.high : null,
    });
  }

  const pairs: PairTally[] = [];
  for (let p = 0; p < pairCount; p++)
    if (n[p]! > 0)
      pairs.push({
        a: ids[data.pi[p]!]!,
        b: ids[data.pj[p]!]!,
        votes: n[p]!,
        aWins: iWins[p]!,
        bWins: jWins[p]!,
        ties: ties[p]!,
        bothBad: bothBad[p]!,
      });

  const winRate = order.map((i) =>
    order.map((j) => {
      if (i === j) return null;
      const p = i < j ? pairOf(i, j) : pairOf(j, i);
      const won = i < j ? iWins[p]! : jWins[p]!;
      const lost = i < j ? jWins[p]! : iWins[p]!;
      return won + lost > 0 ? won / (won + lost) : null;
    }),
  );

  const decisive = leftWins + rightWins;
  const positionBias = {
    leftWins,
    rightWins,
    n: decisive,
    leftWinRate: decisive > 0 ? leftWins / decisive : null,
    ci95: wilson95(leftWins, decisive),
  };

  // The verdict: what keeps these votes from ranking the models with confidence.
  if (counted === 0) issues.push({ code: 'no-votes' });
  if (k > 1) {
    if (!haveRounds) issues.push({ code: 'no-bootstrap' });
    const parts = rootOrder.map((root) => ids.filter((_, i) => roots[i] === root));
    if (parts.length > 1) issues.push({ code: 'disconnected', groups: parts });
    const few = pairs.filter((p) => p.votes < minPairVotes).map((p) => ({ a: p.a, b: p.b, votes: p.votes }));
    if (few.length > 0) issues.push({ code: 'few-votes-per-pair', minimum: minPairVotes, pairs: few });
    const unseparated = separation.filter((s) => !s.separated).map((s) => ({ higher: s.higher, lower: s.lower }));
    if (haveRounds && unseparated.length > 0) issues.push({ code: 'unseparated', minimum: minPairVotes, pairs: unseparated });
    const perfect = models
      .filter((m) => m.wins + m.losses > 0 && (m.wins === 0 || m.losses === 0))
      .map((m) => ({ model: m.model, record: m.losses === 0 ? ('all-wins' as const) : ('all-losses' as const) }));
    if (perfect.length > 0) issues.push({ code: 'perfect-record', models: perfect });
  }
  if (positionBias.ci95 && (positionBias.ci95.low > 0.5 || positionBias.ci95.high < 0.5))
    issues.push({ code: 'position-bias', leftWinRate: positionBias.leftWinRate! });

  let code: VerdictCode;
  if (counted === 0) code = 'no-data';
  else if (!haveRounds) code = 'unassessed';
  else {
    const apart = separation.filter((s) => s.separated).length;
    const doubts = issues.some((i) => i.code === 'disconnected' || i.code === 'few-votes-per-pair');
    code = apart === 0 ? 'not-separated' : apart < separation.length || doubts ? 'partly-separated' : 'separated';
  }

  return {
    anchor: anchorIndex >= 0 ? ids[anchorIndex]! : null,
    models,
    pairs,
    winRate,
    positionBias,
    counts: {
      votes: counted,
      ties: tieTotal,
      bothBad: bothBadTotal,
      tieRate: counted > 0 ? tieTotal / counted : null,
      bothBadRate: counted > 0 ? bothBadTotal / counted : null,
      sameModel,
    },
    separation,
    verdict: { code, issues },
    rounds: haveRounds ? rounds : 0,
    seed,
    ridge,
  };
}
