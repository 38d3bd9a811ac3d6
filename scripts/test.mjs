// `npm test`: the type-check, the static checks (formatting, lint, layering, unused code), the unit tests
// and the end-to-end tests, in that order, then one closing line with the totals ("N passed, N failed")
// that CI reads. Each check counts as one test; each runner keeps its own output. Every step runs even
// when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const out = 'node_modules/.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };

/**
 * A runner's line for the summary. A runner that exits non-zero without a failed test (a web server that
 * could not start, a config error, no report at all) counts as one failure: it never reads as green.
 */
function counted(name, code, counts) {
  const [passed, failed] = counts ?? [0, 0];
  if (code !== 0 && failed === 0) {
    totals.failed += 1;
    return `${counts ? `${passed} passed, ${failed} failed, ` : ''}${name} itself failed (exit ${code})`;
  }
  return `${passed} passed, ${failed} failed`;
}
const steps = [];

const checks = [
  ['type-check', 'npx', ['tsc', '-b']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['lint', 'npx', ['eslint', '.']],
  ['layering', 'npx', ['depcruise', '.', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']],
  ['unused code', 'npx', ['knip']],
];
for (const [name, command, args] of checks) {
  console.log(`\n> ${name}: ${command} ${args.join(' ')}`);
  const ok = run(command, args) === 0;
  steps.push([name, ok ? 'ok' : 'failed']);
  if (ok) totals.passed += 1;
  else totals.failed += 1;
}

const unitCode = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/unit.json`]);
const unit = readJson(`${out}/unit.json`);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}
steps.push(['unit', counted('unit', unitCode, unit ? [unit.numPassedTests, unit.numFailedTests] : null)]);

const suites = [
  ['e2e', []],
  ['smoke', ['-c', 'playwright.smoke.config.ts']],
].filter(([name]) => name !== 'smoke' || (existsSync('playwright.smoke.config.ts') && process.env.SKIP_SMOKE !== '1'));
for (const [name, args] of suites) {
  const file = `${out}/${name}.json`;
  const code = run('npx', ['playwright', 'test', ...args], { PW_JSON_OUTPUT: file });
  const report = readJson(file);
  const stats = report?.stats;
  if (stats) {
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
  steps.push([name, counted(name, code, stats ? [stats.expected + stats.flaky, stats.unexpected] : null)]);
}

console.log('\n' + steps.map(([name, s]) => `${name}: ${s}`).join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
