// Collects report entries, at most a hundred per code so that a file of ten thousand bad lines stays readable.
import type { ReportCode, ReportEntry, Severity, ValidationReport } from './types';

const PER_CODE = 100;

export class Reporter {
  private readonly entries: ReportEntry[] = [];
  private readonly perCode = new Map<ReportCode, number>();
  private readonly omitted: Partial<Record<ReportCode, number>> = {};
  private errors = 0;

  add(
    severity: Severity,
    code: ReportCode,
    where: { file?: string; line?: number; row?: number } = {},
    params: ReportEntry['params'] = {},
    detail?: string,
  ): void {
    if (severity === 'error') this.errors += 1;
    const count = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, count);
    if (count > PER_CODE) {
      this.omitted[code] = (this.omitted[code] ?? 0) + 1;
      return;
    }
    this.entries.push({ severity, code, ...where, params, ...(detail === undefined ? {} : { detail }) });
  }

  error(code: ReportCode, where?: { file?: string; line?: number; row?: number }, params?: ReportEntry['params'], detail?: string): void {
    this.add('error', code, where, params, detail);
  }

  warning(code: ReportCode, where?: { file?: string; line?: number; row?: number }, params?: ReportEntry['params']): void {
    this.add('warning', code, where, params);
  }

  note(code: ReportCode, where?: { file?: string; line?: number; row?: number }, params?: ReportEntry['params']): void {
    this.add('note', code, where, params);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  report(): ValidationReport {
    const order = { error: 0, warning: 1, note: 2 } as const;
    // Errors, then warnings, then notes; within each, by file and line (or row), as a reader goes through them.
    const entries = [...this.entries].sort(
      (a, b) =>
        order[a.severity] - order[b.severity] ||
        (a.file ?? '').localeCompare(b.file ?? '') ||
        (a.line ?? a.row ?? -1) - (b.line ?? b.row ?? -1),
    );
    return { ok: this.errors === 0, entries, omitted: { ...this.omitted } };
  }
}
