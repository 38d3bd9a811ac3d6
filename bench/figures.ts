// How the bench prints figures: medians with every run beside them, and aligned tables.
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

export const median = (xs: readonly number[]) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (xs: readonly number[], p: number) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
export const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
export const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
export const ms = (n: number) => `${Math.round(n)} ms`;
export const pct = (n: number) => `${(100 * n).toFixed(1)} %`;

/** The median, then every run's value (without its unit). */
export const runs = (xs: readonly number[], f: (n: number) => string) =>
  `${f(median(xs))}   (runs: ${xs.map((x) => f(x).replace(/ [a-zA-Z%]+$/, '')).join(', ')})`;

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  // A column of plain quantities is right-aligned; any other column left-aligned.
  const quantity = /^[\d.]+( %| [a-zA-Z]+)?$/;
  const right = widths.map((_, c) => c > 0 && rows.slice(1).every((r) => quantity.test(r[c] ?? '')));
  const cell = (text: string, c: number) => (right[c] ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  return rows.map((r) => `  ${r.map(cell).join('   ').trimEnd()}`).join('\n');
}
