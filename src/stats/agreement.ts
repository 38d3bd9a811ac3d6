// Agreement between two raters of the same items — a person and an LLM judge — as shared/EVAL-FORMATS.md
// asks: Spearman's rank correlation and Cohen's kappa with quadratic weights on one 1-5 scale, each with the
// number of items it rests on, and the items on which they disagree most.

export interface Correlation {
  /** null when it is undefined: fewer than two items, or one rater gave every item the same value. */
  value: number | null;
  n: number;
}

/** Ranks from 1, ties given the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end += 1;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]!] = rank;
    start = end;
  }
  return ranks;
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson's correlation of the average ranks (so ties are handled as scipy does). */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  if (x.length !== y.length) throw new RangeError('spearman: the two lists differ in length');
  return { value: pearson(averageRanks(x), averageRanks(y)), n: x.length };
}

export interface Kappa extends Correlation {
  /** Pairs left out because a value was not a whole number from 1 to `categories`. */
  skipped: number;
}

/**
 * Cohen's kappa with quadratic weights, w(i, j) = (i - j)² / (k - 1)², for whole-number ratings 1..k:
 * 1 - Σ w·observed / Σ w·expected, the expected table being the product of the two raters' own marginals.
 * 1 is perfect agreement, 0 what chance gives, negative worse than chance.
 */
export function quadraticKappa(x: readonly number[], y: readonly number[], categories = 5): Kappa {
  if (x.length !== y.length) throw new RangeError('quadraticKappa: the two lists differ in length');
  const k = categories;
  const observed = new Float64Array(k * k);
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  let n = 0;
  let skipped = 0;
  const valid = (v: number) => Number.isInteger(v) && v >= 1 && v <= k;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (!valid(a) || !valid(b)) {
      skipped += 1;
      continue;
    }
    observed[(a - 1) * k + (b - 1)]! += 1;
    rowSum[a - 1]! += 1;
    colSum[b - 1]! += 1;
    n += 1;
  }
  if (n === 0) return { value: null, n, skipped };
  let disagreement = 0;
  let chance = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      disagreement += (w * observed[i * k + j]!) / n;
      chance += (w * rowSum[i]! * colSum[j]!) / (n * n);
    }
  return { value: chance === 0 ? null : 1 - disagreement / chance, n, skipped };
}

// ---------------------------------------------------------------------------------------------------------
// One 1-5 scale

/**
 * A 1-10 judge score on the 1-5 scale, in equal bins of two points: 1-2 → 1, 3-4 → 2, 5-6 → 3, 7-8 → 4,
 * 9-10 → 5. A score between two whole numbers (an average of both orders, say 7.5) goes to the bin of the
 * nearer one, and a half-way score such as 8.5 upwards: the bins' edges are 2.5, 4.5, 6.5 and 8.5. Null
 * outside 1-10.
 */
export function tenPointToFive(score: number): 1 | 2 | 3 | 4 | 5 | null {
  if (!Number.isFinite(score) || score < 1 || score > 10) return null;
  return Math.min(5, Math.floor((score + 1.5) / 2 + 1e-9)) as 1 | 2 | 3 | 4 | 5;
}

/**
 * A relative judge score (the answer's score over the reference's; 1.0 = as good as the reference) on the
 * 1-5 scale. It is read as the answer's score on a scale where the reference scores 10 — ratio × 10, kept
 * within 1-10 — then binned like a 1-10 score: 5 from 0.85 (as good as the reference, or nearly), 4 from
 * 0.65, 3 from 0.45, 2 from 0.25, 1 below. So when the judge gave the reference 10, the answer lands where
 * `tenPointToFive` puts its own score. Null for a ratio that is not a positive number.
 */
export function relativeToFive(ratio: number): 1 | 2 | 3 | 4 | 5 | null {
  if (!Number.isFinite(ratio) || ratio <= 0) return null;
  return tenPointToFive(Math.min(10, Math.max(1, ratio * 10)));
}

// ---------------------------------------------------------------------------------------------------------
// Where they disagree

export interface PairedRating {
  /** What was rated (a record id). */
  id: string;
  /** Both on the 1-5 scale. */
  human: number;
  judge: number;
}

export interface Disagreement extends PairedRating {
  /** judge - human: positive when the judge was kinder. */
  difference: number;
}

/** The items with the largest |judge - human|, largest first (ties by id, so the list is stable). */
export function mostDisagreeing(items: readonly PairedRating[], limit = 20): Disagreement[] {
  return items
    .map((item) => ({ ...item, difference: item.judge - item.human }))
    .filter((item) => item.difference !== 0)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

export interface Agreement {
  n: number;
  spearman: Correlation;
  kappa: Kappa;
  mostDisagreeing: Disagreement[];
}

/** All of the above over items that both a person and the judge rated (already on the 1-5 scale). */
export function agreement(items: readonly PairedRating[], limit = 20): Agreement {
  const human = items.map((i) => i.human);
  const judge = items.map((i) => i.judge);
  return {
    n: items.length,
    spearman: spearman(human, judge),
    kappa: quadraticKappa(human, judge),
    mostDisagreeing: mostDisagreeing(items, limit),
  };
}
