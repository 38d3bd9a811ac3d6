// `npm run bench:leaderboard`: the Bradley-Terry fit with its bootstrap, in Node, on synthetic votes of the
// size issue 10 names (20,000 votes among 8 models, 1,000 rounds). The browser figure (in a Web Worker,
// with the main thread watched) belongs to `npm run bench`; this one isolates the maths.
import { seededRandom } from '../src/stats/random';
import { bradleyTerry, type PairVote } from '../src/stats/bradley-terry';

const MODELS = 8;
const VOTES = 20_000;
const ROUNDS = 1000;
const RUNS = 7;

const random = seededRandom(42);
const strengths = Array.from({ length: MODELS }, (_, i) => (i - MODELS / 2) * 0.2);
const votes: PairVote[] = [];
while (votes.length < VOTES) {
  const a = Math.floor(random() * MODELS);
  const b = Math.floor(random() * MODELS);
  if (a === b) continue;
  const u = random();
  const pA = 1 / (1 + Math.exp(strengths[b]! - strengths[a]!));
  votes.push({ a: `m${a}`, b: `m${b}`, choice: u < 0.1 ? 'tie' : u < 0.15 ? 'both-bad' : random() < pA ? 'a' : 'b' });
}

const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const board = bradleyTerry(votes, { rounds: ROUNDS, seed: run + 1 });
  times.push(performance.now() - start);
  if (board.models.length !== MODELS) throw new Error('unexpected result');
}
times.sort((x, y) => x - y);
console.log(
  `Bradley-Terry, ${VOTES} votes among ${MODELS} models, ${ROUNDS} bootstrap rounds: median ${times[RUNS >> 1]!.toFixed(0)} ms ` +
    `(runs: ${times.map((t) => t.toFixed(0)).join(', ')}; aim under 2000 ms)`,
);
