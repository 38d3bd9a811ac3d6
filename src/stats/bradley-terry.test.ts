import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { BRADLEY_TERRY_DEFAULTS, bradleyTerry, wilson95, type PairChoice, type PairVote } from './bradley-terry';

const ELO = 400 / Math.LN10;
const vote = (a: string, b: string, choice: PairChoice): PairVote => ({ a, b, choice });
const repeat = (times: number, v: PairVote) => Array.from({ length: times }, () => v);

/** Votes drawn from the Bradley-Terry model itself: random pair, random sides, no ties. */
function synthetic(strengths: Record<string, number>, count: number, random: () => number): PairVote[] {
  const names = Object.keys(strengths);
  const out: PairVote[] = [];
  while (out.length < count) {
    const a = names[Math.floor(random() * names.length)]!;
    const b = names[Math.floor(random() * names.length)]!;
    if (a === b) continue;
    const pA = 1 / (1 + Math.exp(-(strengths[a]! - strengths[b]!)));
    out.push(vote(a, b, random() < pA ? 'a' : 'b'));
  }
  return out;
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('bradleyTerry: the fit', () => {
  it('gives the maximum-likelihood odds: 3 wins of 4 is a log-odds of ln 3', () => {
    const votes = [...repeat(2, vote('x', 'y', 'a')), vote('y', 'x', 'b'), vote('x', 'y', 'b')];
    const board = bradleyTerry(votes, { ridge: 1e-9, rounds: 0 });
    expect(board.models.map((m) => m.model)).toEqual(['x', 'y']);
    // Both have 4 votes: the anchor is the first by id.
    expect(board.anchor).toBe('x');
    expect(board.models[0]).toMatchObject({ model: 'x', rank: 1, rating: 1000, wins: 3, losses: 1, ties: 0, votes: 4 });
    expect(board.models[1]!.rating).toBeCloseTo(1000 - 400 * Math.log10(3), 4);
    expect(board.models[0]!.ci95).toBeNull();
    expect(board.verdict.code).toBe('unassessed');
  });

  it('counts a tie and a both-bad as half a win each way, and tallies them apart', () => {
    const votes = [vote('x', 'y', 'a'), vote('x', 'y', 'tie'), vote('y', 'x', 'both-bad')];
    const board = bradleyTerry(votes, { ridge: 1e-9, rounds: 0, anchor: 'y' });
    // x scores 2 of 3: odds 2.
    expect(board.anchor).toBe('y');
    expect(board.models[0]!.rating - 1000).toBeCloseTo(ELO * Math.log(2), 4);
    expect(board.models[0]).toMatchObject({ model: 'x', wins: 1, losses: 0, ties: 1, bothBad: 1 });
    expect(board.counts).toEqual({ votes: 3, ties: 1, bothBad: 1, tieRate: 1 / 3, bothBadRate: 1 / 3, sameModel: 0 });
    expect(board.pairs).toEqual([{ a: 'x', b: 'y', votes: 3, aWins: 1, bWins: 0, ties: 1, bothBad: 1 }]);
  });

  it('matches a three-model fit solved by hand', () => {
    // x beats y 2:1 and y beats z 2:1, x-z never met. The MLE equations give b_x - b_y = b_y - b_z = ln 2.
    const votes = [...repeat(2, vote('x', 'y', 'a')), vote('x', 'y', 'b'), ...repeat(2, vote('z', 'y', 'b')), vote('z', 'y', 'a')];
    const board = bradleyTerry(votes, { ridge: 1e-9, rounds: 0, anchor: 'z' });
    const rating = Object.fromEntries(board.models.map((m) => [m.model, m.rating]));
    expect(rating.z).toBe(1000);
    expect(rating.y! - 1000).toBeCloseTo(ELO * Math.log(2), 4);
    expect(rating.x! - 1000).toBeCloseTo(2 * ELO * Math.log(2), 4);
    expect(board.winRate).toEqual([
      [null, 2 / 3, null],
      [1 / 3, null, 2 / 3],
      [null, 1 / 3, null],
    ]);
  });

  it('the default ridge barely moves a well-observed fit', () => {
    const votes = [...repeat(30, vote('x', 'y', 'a')), ...repeat(10, vote('x', 'y', 'b'))];
    const loose = bradleyTerry(votes, { ridge: 1e-9, rounds: 0 });
    const ridged = bradleyTerry(votes, { rounds: 0 });
    expect(Math.abs(loose.models[1]!.rating - ridged.models[1]!.rating)).toBeLessThan(0.5);
  });
});

describe('bradleyTerry: synthetic votes from known strengths', () => {
  const truth: Record<string, number> = { m0: 0, m1: 0.35, m2: 0.7, m3: -0.4, m4: 1.1, m5: -0.9, m6: 0.15, m7: -0.15 };
  const trueOrder = Object.keys(truth).sort((x, y) => truth[y]! - truth[x]!);

  it('recovers the order of 8 models from 20,000 votes, each true rating inside its interval', () => {
    const votes = synthetic(truth, 20_000, seededRandom(11));
    const board = bradleyTerry(votes, { rounds: 300, anchor: 'm0' });
    expect(board.models.map((m) => m.model)).toEqual(trueOrder);
    for (const m of board.models) {
      const expected = ELO * truth[m.model]! + 1000;
      expect(m.ci95!.low).toBeLessThanOrEqual(expected);
      expect(m.ci95!.high).toBeGreaterThanOrEqual(expected);
    }
    // The anchor's interval is its fixed point.
    expect(board.models.find((m) => m.model === 'm0')!.ci95).toEqual({ low: 1000, high: 1000 });
    expect(board.verdict.code).toBe('separated');
    expect(board.positionBias.n).toBe(20_000);
    expect(board.positionBias.leftWinRate).toBeGreaterThan(0.47);
    expect(board.positionBias.leftWinRate).toBeLessThan(0.53);
  });

  it('does not depend on the order of the votes', () => {
    const votes = synthetic(truth, 2_000, seededRandom(5));
    const forward = bradleyTerry(votes, { rounds: 100, seed: 3 });
    const mixed = bradleyTerry(shuffled(votes, seededRandom(9)), { rounds: 100, seed: 3 });
    expect(mixed).toEqual(forward);
    expect(bradleyTerry([...votes].reverse(), { rounds: 100, seed: 3 })).toEqual(forward);
  });

  it('repeats for a seed and differs for another', () => {
    const votes = synthetic(truth, 500, seededRandom(8));
    expect(bradleyTerry(votes, { rounds: 50, seed: 1 })).toEqual(bradleyTerry(votes, { rounds: 50, seed: 1 }));
    expect(bradleyTerry(votes, { rounds: 50, seed: 2 }).models[1]!.ci95).not.toEqual(
      bradleyTerry(votes, { rounds: 50, seed: 1 }).models[1]!.ci95,
    );
  });

  // 200 independent vote sets of 300 votes among 4 models; each gives 3 intervals (the anchor's is a point).
  // Observed with these seeds: 572 of 600 intervals cover the true rating, 95.3%.
  it('95% intervals cover the true ratings about 95% of the time over repeated draws (observed 95.3%)', () => {
    const four: Record<string, number> = { m0: 0, m1: 0.5, m2: -0.3, m3: 0.9 };
    const random = seededRandom(2024);
    let covered = 0;
    let total = 0;
    for (let draw = 0; draw < 200; draw++) {
      const board = bradleyTerry(synthetic(four, 300, random), { rounds: 200, seed: draw + 1, anchor: 'm0' });
      for (const m of board.models) {
        if (m.model === 'm0') continue;
        const expected = ELO * four[m.model]! + 1000;
        total += 1;
        if (m.ci95!.low <= expected && expected <= m.ci95!.high) covered += 1;
      }
    }
    const rate = covered / total;
    expect(total).toBe(600);
    expect(rate, `observed coverage ${covered}/${total} = ${(100 * rate).toFixed(1)}%`).toBeGreaterThan(0.92);
    expect(rate, `observed coverage ${covered}/${total} = ${(100 * rate).toFixed(1)}%`).toBeLessThan(0.975);
    expect(covered).toBe(572);
  }, 30_000); // 40,000 fits: about a second alone, several on a busy shared machine
});

describe('bradleyTerry: edge cases and the verdict', () => {
  it('no votes: no models, verdict no-data', () => {
    const board = bradleyTerry([]);
    expect(board.models).toEqual([]);
    expect(board.anchor).toBeNull();
    expect(board.verdict).toEqual({ code: 'no-data', issues: [{ code: 'no-votes' }] });
    expect(board.positionBias).toEqual({ leftWins: 0, rightWins: 0, n: 0, leftWinRate: null, ci95: null });
  });

  it('one model against itself is not a comparison: counted apart, no-data', () => {
    const board = bradleyTerry([vote('x', 'x', 'a'), vote('x', 'x', 'tie')]);
    expect(board.models).toEqual([]);
    expect(board.counts.sameModel).toBe(2);
    expect(board.verdict.code).toBe('no-data');
  });

  it('a model that always wins stays finite (the ridge) and is reported as such', () => {
    const votes = [...repeat(40, vote('x', 'y', 'a')), ...repeat(20, vote('y', 'z', 'a')), ...repeat(20, vote('z', 'y', 'a'))];
    const board = bradleyTerry(votes, { rounds: 100 });
    const x = board.models[0]!;
    expect(x.model).toBe('x');
    expect(Number.isFinite(x.rating)).toBe(true);
    expect(Number.isFinite(x.ci95!.high)).toBe(true);
    expect(x.rating).toBeGreaterThan(1500);
    expect(board.verdict.issues).toContainEqual({ code: 'perfect-record', models: [{ model: 'x', record: 'all-wins' }] });
  });

  it('says when votes cannot separate models: overlapping intervals and too few votes per pair', () => {
    expect(BRADLEY_TERRY_DEFAULTS.minPairVotes).toBe(5);
    const votes = [vote('x', 'y', 'a'), vote('y', 'x', 'a'), vote('x', 'y', 'a'), vote('x', 'y', 'tie')];
    const board = bradleyTerry(votes, { rounds: 200 });
    expect(board.verdict.code).toBe('not-separated');
    expect(board.separation).toHaveLength(1);
    expect(board.separation[0]).toMatchObject({ higher: 'x', lower: 'y', separated: false, intervalsOverlap: true });
    expect(board.verdict.issues).toContainEqual({
      code: 'few-votes-per-pair',
      minimum: BRADLEY_TERRY_DEFAULTS.minPairVotes,
      pairs: [{ a: 'x', b: 'y', votes: 4 }],
    });
    expect(board.verdict.issues).toContainEqual({ code: 'unseparated', minimum: 5, pairs: [{ higher: 'x', lower: 'y' }] });
  });

  it('a single vote gives zero-width intervals, yet the verdict says the votes cannot separate the models', () => {
    const board = bradleyTerry([vote('x', 'y', 'a')], { rounds: 200 });
    const y = board.models.find((m) => m.model === 'y')!;
    expect(y.ci95!.low).toBe(y.ci95!.high);
    expect(board.separation[0]).toMatchObject({ higher: 'x', lower: 'y', votes: 1, separated: false });
    expect(board.separation[0]!.differenceCi95!.low).toBeGreaterThan(0);
    expect(board.verdict.code).toBe('not-separated');
    expect(board.verdict.issues).toContainEqual({ code: 'unseparated', minimum: 5, pairs: [{ higher: 'x', lower: 'y' }] });
  });

  it('counts the votes per pair: one-sided votes separate two models only from a handful of votes on', () => {
    const verdict = (votes: number) => bradleyTerry(repeat(votes, vote('x', 'y', 'a')), { rounds: 200 }).verdict.code;
    expect([1, 2, 3, 4].map(verdict)).toEqual(['not-separated', 'not-separated', 'not-separated', 'not-separated']);
    expect(verdict(BRADLEY_TERRY_DEFAULTS.minPairVotes)).toBe('separated');
  });

  it('neighbours told apart with many votes next to a pair with a few: partly separated', () => {
    const votes = [...repeat(30, vote('x', 'y', 'a')), ...repeat(5, vote('y', 'x', 'a')), ...repeat(3, vote('y', 'z', 'a'))];
    const board = bradleyTerry(votes, { rounds: 200 });
    expect(board.models.map((m) => m.model)).toEqual(['x', 'y', 'z']);
    expect(board.separation.map((s) => [s.higher, s.lower, s.votes, s.separated])).toEqual([
      ['x', 'y', 35, true],
      ['y', 'z', 3, false],
    ]);
    expect(board.verdict.code).toBe('partly-separated');
  });

  it('says when the comparison graph falls apart, and anchors each part on its own', () => {
    const votes = [...repeat(10, vote('a1', 'a2', 'a')), ...repeat(5, vote('a2', 'a1', 'a')), ...repeat(8, vote('b1', 'b2', 'b'))];
    const board = bradleyTerry(votes, { rounds: 100, anchor: 'a2' });
    expect(board.verdict.issues).toContainEqual({
      code: 'disconnected',
      groups: [
        ['a1', 'a2'],
        ['b1', 'b2'],
      ],
    });
    const byModel = Object.fromEntries(board.models.map((m) => [m.model, m]));
    expect(byModel.a2).toMatchObject({ rating: 1000, component: 0 });
    expect(byModel.b1!.component).toBe(1);
    // The other part is centred on 1000.
    expect(byModel.b1!.rating + byModel.b2!.rating).toBeCloseTo(2000, 6);
    // Across parts nothing is separated, whatever the gap.
    for (const s of board.separation) if (byModel[s.higher]!.component !== byModel[s.lower]!.component) expect(s.differenceCi95).toBeNull();
    expect(board.verdict.code).not.toBe('separated');
  });

  it('falls back to the most-voted model when the requested anchor has no votes', () => {
    const votes = [vote('x', 'y', 'a'), vote('y', 'z', 'a'), vote('z', 'y', 'tie')];
    const board = bradleyTerry(votes, { rounds: 0, anchor: 'nobody' });
    expect(board.anchor).toBe('y');
    expect(board.verdict.issues).toContainEqual({ code: 'anchor-not-found', requested: 'nobody' });
  });

  it('measures position bias: the left side winning too often', () => {
    const random = seededRandom(3);
    const votes = Array.from({ length: 400 }, () => {
      const [a, b] = random() < 0.5 ? ['x', 'y'] : ['y', 'x'];
      return vote(a!, b!, random() < 0.7 ? 'a' : 'b');
    });
    const board = bradleyTerry(votes, { rounds: 0 });
    expect(board.positionBias.n).toBe(400);
    expect(board.positionBias.leftWinRate).toBeGreaterThan(0.65);
    expect(board.verdict.issues).toContainEqual({ code: 'position-bias', leftWinRate: board.positionBias.leftWinRate });
  });

  it('Wilson interval matches a reference value', () => {
    // 8 of 10: (0.4902, 0.9433), as printed by statsmodels' proportion_confint(8, 10, method="wilson").
    const ci = wilson95(8, 10)!;
    expect(ci.low).toBeCloseTo(0.4902, 4);
    expect(ci.high).toBeCloseTo(0.9433, 4);
    expect(wilson95(0, 0)).toBeNull();
  });
});
