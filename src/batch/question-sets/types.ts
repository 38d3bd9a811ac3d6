// What the question-set readers take and give. Pure data: files in (paths and bytes, as a dropped folder,
// a zip or a single file gives them), normalized items and a validation report out. Image bytes are only
// located here; decoding them is the caller's (through the app's image checks).

/** One dropped file: its path inside the drop ("heron/images/001.jpg", or just a name) and its bytes. */
export interface SourceFile {
  path: string;
  bytes: Uint8Array;
}

export type QuestionSetFormat = 'heron' | 'parquet' | 'jsonl' | 'studio-export';

export interface ItemImage {
  /** Where it came from: a path in the drop, or the Parquet `path` (or `row <n>` when it has none). */
  name: string;
  /** Shared, not copied, between items that name the same image. */
  bytes: Uint8Array;
}

export interface QuestionItem {
  /** Unique within the set: the set's own id (Heron's question_id, a JSONL id) or one made from its position. */
  id: string;
  question: string;
  images: ItemImage[];
  /** The reference answer a judge compares with. */
  reference: string | null;
  /** What the image shows, in words (Heron-Bench's caption), for the judge. */
  context: string | null;
  category: string | null;
  /** Other fields of the set worth keeping (Heron-Bench's image_category). */
  meta: Record<string, string>;
  /** Where the item was read: a file and its 1-based line, or a Parquet row (0-based). */
  source: { file: string; line?: number; row?: number };
}

export type Severity = 'error' | 'warning' | 'note';

/**
 * Reason codes; their words live in src/i18n/{en,ja}/batch.ts under `qset.<code>`, with the entry's params as
 * placeholders.
 */
export const REPORT_CODES = [
  // errors: nothing is stored
  'no-question-file',
  /** Several files could play one role (questions, context, reference answers): the caller names one. */
  'several-files',
  /** A file the caller named is not in the drop. */
  'file-not-found',
  'not-utf8',
  'bad-json',
  'not-an-object',
  'missing-field',
  'wrong-type',
  'too-long',
  'duplicate-id',
  'missing-image',
  'unsafe-path',
  'empty-image',
  'no-items',
  'too-many-items',
  'unreadable-parquet',
  'unsupported-compression',
  'missing-column',
  'unreadable-zip',
  'zip-too-many-entries',
  'zip-entry-too-large',
  'zip-too-large',
  'zip-bomb',
  'zip-lying-sizes',
  // warnings: stored, but worth a look
  'no-reference',
  'no-context',
  'unmatched-answer',
  'duplicate-context',
  'duplicate-answer',
  // notes
  'unknown-field',
  'unknown-column',
  'ignored-file',
  'used-file',
  'merged-records',
  'skipped-multi-turn',
] as const;
export type ReportCode = (typeof REPORT_CODES)[number];

export interface ReportEntry {
  severity: Severity;
  code: ReportCode;
  file?: string;
  /** 1-based line of a JSONL file. */
  line?: number;
  /** 0-based row of a Parquet file. */
  row?: number;
  params: Record<string, string | number>;
  /** An exception's own text (a library's English): shown apart, as a detail under the entry's words. */
  detail?: string;
}

export interface ValidationReport {
  /** No errors: the set may be stored. */
  ok: boolean;
  entries: ReportEntry[];
  /** Entries left out per code once a code had 100 (a file with thousands of bad lines). */
  omitted: Partial<Record<ReportCode, number>>;
}

export interface QuestionSetRead {
  format: QuestionSetFormat;
  /** A name to offer: the folder's or the file's, without extension. */
  name: string;
  /** Read as far as possible; store them only when `report.ok`. */
  items: QuestionItem[];
  report: ValidationReport;
}
