// Reading a judge's answer. The first line must hold the two scores and nothing else; anything else is
// recorded as unparseable with the reason, never turned into a guessed score (shared/EVAL-FORMATS.md).
import type { JudgeOrder } from './prompt';

export type UnparseableReason =
  /** No text at all. */
  | 'empty'
  /** The first line holds no number. */
  | 'no-scores'
  /** Numbers alone, but one or more than two. */
  | 'one-score'
  | 'too-many-scores'
  /** Numbers with words or marks around them ("Assistant 1: 8", "**8 7**", "8/10"). */
  | 'extra-text'
  /** A score outside 1-10. */
  | 'out-of-range';

export type ParsedScores = { ok: true; score1: number; score2: number } | { ok: false; reason: UnparseableReason; firstLine: string };

const TWO_SCORES = /^(\d+(?:\.\d+)?)(?:\s*,\s*|\s+)(\d+(?:\.\d+)?)$/;
const NUMBER = /\d+(?:\.\d+)?/g;
const ONLY_NUMBERS = /^[\d.,\s]+$/;
const FIRST_LINE_KEPT = 200;

/**
 * The scores on the first line that has any text (blank lines before it are skipped). Full-width digits,
 * spaces and commas, which a judge writing Japanese may use, are read as their ASCII forms (NFKC); nothing
 * else is forgiven.
 */
export function parseScores(text: string): ParsedScores {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').normalize('NFKC').trim();
  const firstLine = line.slice(0, FIRST_LINE_KEPT);
  if (line === '') return { ok: false, reason: 'empty', firstLine };
  const match = TWO_SCORES.exec(line);
  if (!match) {
    const count = line.match(NUMBER)?.length ?? 0;
    const onlyNumbers = ONLY_NUMBERS.test(line);
    const reason = count === 0 ? 'no-scores' : !onlyNumbers ? 'extra-text' : count === 1 ? 'one-score' : 'too-many-scores';
    return { ok: false, reason, firstLine };
  }
  const score1 = Number(match[1]);
  const score2 = Number(match[2]);
  if (!(score1 >= 1 && score1 <= 10 && score2 >= 1 && score2 <= 10)) return { ok: false, reason: 'out-of-range', firstLine };
  return { ok: true, score1, score2 };
}

/** One pass of the judge, its numbers as written and what they mean for the answer. */
export interface OrderScores {
  order: JudgeOrder;
  /** As written: Assistant 1, Assistant 2. */
  score1: number;
  score2: number;
  answer: number;
  reference: number;
}

export type JudgeResult =
  | {
      ok: true;
      /** The answer's and the reference's score (averaged over the passes with both orders). */
      answer: number;
      reference: number;
      /** answer / reference: 1 means as good as the reference. */
      relative: number;
      orders: OrderScores[];
    }
  | { ok: false; reason: UnparseableReason; order: JudgeOrder; firstLine: string; orders: OrderScores[] };

/** A judge's answer to a prompt built with `order`. */
export function readJudgement(text: string, order: JudgeOrder): JudgeResult {
  const parsed = parseScores(text);
  if (!parsed.ok) return { ...parsed, order, orders: [] };
  const { score1, score2 } = parsed;
  const [reference, answer] = order === 'reference-first' ? [score1, score2] : [score2, score1];
  return { ok: true, answer, reference, relative: answer / reference, orders: [{ order, score1, score2, answer, reference }] };
}

/**
 * The both-orders option: the answer's and the reference's scores are each averaged over the two passes,
 * and the relative score is the ratio of those averages. If either pass is unparseable the whole is, with
 * that pass's reason (the parsed pass is kept in `orders`), since one order alone is what the option exists
 * to avoid.
 */
export function combineOrders(a: JudgeResult, b: JudgeResult): JudgeResult {
  const orders = [...a.orders, ...b.orders];
  if (!a.ok) return { ...a, orders };
  if (!b.ok) return { ...b, orders };
  const answer = (a.answer + b.answer) / 2;
  const reference = (a.reference + b.reference) / 2;
  return { ok: true, answer, reference, relative: answer / reference, orders };
}
