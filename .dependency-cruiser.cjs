// The app's layering, checked by `npm run lint:deps` (part of `npm test`). From the bottom up:
//   ui, i18n, config, stats (pure maths)      import nothing above them
//   inference, images, records, runs           may use the bottom layer and each other (runs: one answer
//                                              against an endpoint with its record, for any screen)
//   store                                      may use everything below it
//   chat, review, settings, compare, batch     the screens' domains: everything below, never each other
//   app                                        composes the domains
// No import cycles anywhere; test and benchmark support never reaches the app's sources.
// Outside src/: the deployment check (deploy-check/: targets, judge, stream checks, probe) is one module that
// the smoke suite (e2e/smoke/) and `npm run probe` (scripts/) both use; it, the scripts, the benchmarks and
// the demo endpoint never import the end-to-end suites, and the deployment check imports no script.
// Type-only imports count: a type that crosses a boundary is a dependency like any other.
const BOTTOM = '(ui|i18n|config|stats)';
const MIDDLE = '(inference|images|records|runs)';
const DOMAINS = ['chat', 'review', 'settings', 'compare', 'batch'];
const DOMAIN = `(${DOMAINS.join('|')})`;
const TESTS = '[.](test|spec)[.]tsx?$';

/** A rule forbidding a layer's code (tests included) from importing `to`. */
const above = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: `^src/${to}/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make start-up order and lazy loading unpredictable.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    above(
      'bottom-imports-nothing-above',
      BOTTOM,
      `(${MIDDLE.slice(1, -1)}|store|app|${DOMAIN.slice(1, -1)})`,
      'ui, i18n, config and stats are the bottom layer.',
    ),
    above(
      'middle-below-store',
      MIDDLE,
      `(store|app|${DOMAIN.slice(1, -1)})`,
      'inference, images and records sit below the store and the screens.',
    ),
    above('store-below-domains', 'store', `(app|${DOMAIN.slice(1, -1)})`, 'The store holds state for the screens; it never imports them.'),
    ...DOMAINS.map((d) =>
      above(
        `${d}-stays-in-its-domain`,
        d,
        `(app|${DOMAINS.filter((x) => x !== d).join('|')})`,
        'Domains never import each other (nor the app): src/app composes them.',
      ),
    ),
    {
      name: 'app-code-outside-src',
      comment: 'The app is compiled from src/ alone: it never imports tests, benchmarks, scripts or the demo endpoint.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(test-support|e2e|bench|scripts|demo-endpoint)/' },
    },
    {
      name: 'no-test-support-in-app',
      comment: 'Test and benchmark helpers are for tests and benchmarks only.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '(^test-support/|[.](test|spec)[.]tsx?$)' },
    },
    {
      name: 'nothing-imports-e2e',
      comment: 'The end-to-end suites are leaves: shared code lives in deploy-check/ or test-support/, not in e2e/.',
      severity: 'error',
      from: { path: '^(src|scripts|bench|demo-endpoint|deploy-check|test-support)/' },
      to: { path: '^e2e/' },
    },
    {
      name: 'deploy-check-stands-alone',
      comment: 'The deployment check is used by the smoke suite and the probe command; it uses neither, nor the benchmarks.',
      severity: 'error',
      from: { path: '^deploy-check/' },
      to: { path: '^(e2e|scripts|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test-results|smoke-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
