// The records' vocabulary and bounds, without the schemas that check them (schema.ts): what a screen needs to
// draw records loads without zod.
export const RECORD_SCHEMA_VERSION = 1;

export const LIMITS = {
  id: 128,
  label: 200,
  url: 2000,
  model: 200,
  text: 200_000,
  output: 1_000_000,
  messages: 500,
  imagesPerMessage: 32,
  errorCode: 50,
  errorMessage: 10_000,
  finishReason: 100,
  appVersion: 100,
  annotator: 100,
  tags: 30,
  tag: 50,
  note: 5000,
  voteSides: 8,
  itemId: 200,
  category: 100,
  judgeText: 100_000,
  rubricName: 200,
  rubricVersion: 100,
} as const;

/** Where an answer came from: the chat, or (with issues 10 and 11) a comparison or a batch run. */
export const RECORD_SOURCES = ['chat', 'compare', 'batch'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];
export const RECORD_STATUSES = ['pending', 'ok', 'error', 'aborted', 'incomplete'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** The scores an annotator gives; their described levels are the `score.N` words in src/i18n/{en,ja}/core.ts. */
export const SCORES = [1, 2, 3, 4, 5] as const;

/** Ratings by an LLM judge carry this annotator prefix: `judge:<model>`. */
const JUDGE_ANNOTATOR_PREFIX = 'judge:';

export function isJudgeAnnotator(annotator: string): boolean {
  return annotator.startsWith(JUDGE_ANNOTATOR_PREFIX);
}

/** Tags offered by default; their labels are the `tag.<name>` words in src/i18n/{en,ja}/core.ts. */
export const DEFAULT_TAGS = ['hallucination', 'wrong-object', 'ocr-error', 'unnatural-japanese', 'refused', 'incomplete', 'good'] as const;
