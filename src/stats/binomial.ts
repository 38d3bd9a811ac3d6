// Exact binomial and multinomial draws from a uniform generator, so a bootstrap can resample N votes that
// fall into a few cells by drawing the cells' counts (a multinomial, O(cells) per round) instead of N votes.
//
// Binomial(n, p), p <= 1/2 by symmetry: for a mean n·p under 10, inversion by geometric waiting times
// (expected n·p + 1 uniforms); otherwise Hörmann's BTRS ("The generation of binomial random variates",
// J. Statist. Comput. Simul. 46, 1993), transformed rejection with squeeze, with exact log-factorials from a
// table. Written here rather than taken from @stdlib/random-base-binomial: that package installs 227
// packages, and for small means it draws n uniforms, which is what this module exists to avoid.

/** log(k!) for k = 0..max, by cumulative sums. */
export function logFactorials(max: number): Float64Array {
  const table = new Float64Array(max + 1);
  for (let k = 2; k <= max; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
}

function inversion(n: number, p: number, random: () => number): number {
  // Successes are the gaps of a geometric waiting-time process that fit in n trials.
  const logQ = Math.log1p(-p);
  let trials = 0;
  let successes = 0;
  for (;;) {
    trials += Math.ceil(Math.log(1 - random()) / logQ);
    if (trials > n) return successes;
    successes += 1;
  }
}

function btrs(n: number, p: number, random: () => number, logFact: Float64Array): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFact[m]! + logFact[n - m]!;
  for (;;) {
    const u = random() - 0.5;
    let v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFact[k]! - logFact[n - k]! + (k - m) * lpq) return k;
  }
}

/**
 * One Binomial(n, p) draw. `logFact` must cover n (see `logFactorials`); it is only read for means of 10
 * and more.
 */
export function binomial(n: number, p: number, random: () => number, logFact: Float64Array): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, random, logFact);
  return n * p < 10 ? inversion(n, p, random) : btrs(n, p, random, logFact);
}

/**
 * Counts of n draws with replacement from cells weighted by `weights` (non-negative integers, such as how
 * many votes fell in each cell), written into `out`: the same distribution as drawing n items one by one,
 * by conditional binomials.
 */
export function multinomialInto(
  n: number,
  weights: ArrayLike<number>,
  random: () => number,
  logFact: Float64Array,
  out: Float64Array,
): void {
  let remaining = n;
  let mass = 0;
  for (let c = 0; c < weights.length; c++) mass += weights[c]!;
  for (let c = 0; c < weights.length; c++) {
    const weight = weights[c]!;
    const x = remaining === 0 || weight === 0 ? 0 : weight >= mass ? remaining : binomial(remaining, weight / mass, random, logFact);
    out[c] = x;
    remaining -= x;
    mass -= weight;
  }
}
