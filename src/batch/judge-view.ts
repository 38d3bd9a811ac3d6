// Reading a stored judge verdict back for display and tables.
import type { Rating } from '../records';
import type { JudgeResult } from './judge/parse';

export interface VerdictView {
  parsed: boolean;
  /** The relative score × 100 (100 = as good as the reference), one decimal; '' when unparseable. */
  percent: string;
  result: JudgeResult;
}

/** The verdict of a judge rating as the judge core's result (for heronTable), or null for a person's rating. */
export function verdictResult(rating: Rating): VerdictView | null {
  const v = rating.judge;
  if (!v) return null;
  const order = v.passes[0]?.order ?? 'reference-first';
  if (!v.parsed || v.answerScore === null || v.referenceScore === null || v.relative === null) {
    return { parsed: false, percent: '', result: { ok: false, reason: 'no-scores', order, firstLine: '', orders: [] } };
  }
  return {
    parsed: true,
    percent: (v.relative * 100).toFixed(1),
    result: { ok: true, answer: v.answerScore, reference: v.referenceScore, relative: v.relative, orders: [] },
  };
}
