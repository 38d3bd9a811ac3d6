// Closes the run with one line CI can read: "N passed, N failed" (and skipped / flaky when any).
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private outcomes = new Map<string, string>();

  onTestEnd(test: TestCase, _result: TestResult) {
    this.outcomes.set(test.id, test.outcome());
  }

  onEnd(_result: FullResult) {
    const count = (o: string) => [...this.outcomes.values()].filter((x) => x === o).length;
    const passed = count('expected') + count('flaky');
    const failed = count('unexpected');
    const skipped = count('skipped');
    console.log(`\ne2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
}
