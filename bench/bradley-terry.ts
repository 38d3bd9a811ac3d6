// `npm run bench:leaderboard`: the Bradley-Terry fit with its bootstrap, in Node, on synthetic votes of the
// size issue 10 names (20,000 votes among 8 models, 1,000 rounds). The browser figure (the Leaderboard tab,
// its Web Worker, the main thread watched) belongs to `npm run bench` (bench/compare.ts); this one isolates
// the maths.
import { bradleyTerry } from '../src/stats/bradley-terry';
import { generateVotes } from '../test-support/bench-data';
import { LEADERBOARD_BENCH } from './compare';

const RUNS = 7;
const { votes: VOTES, models: MODELS, rounds: ROUNDS } = LEADERBOARD_BENCH;

const votes = generateVotes(VOTES, MODELS, 42).map((v) => ({ a: v.endpointIds[0]!, b: v.endpointIds[1]!, choice: v.choice }));
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
