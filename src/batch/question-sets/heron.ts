// Heron-Bench and LLaVA-Bench (In-the-Wild) sets as published (shared/EVAL-FORMATS.md): a questions file
// (`questions_ja.jsonl`: question_id, image, category, text), optionally a context file (`context_ja.jsonl`:
// image, caption) and reference answers (`answers_gpt4.jsonl`: question_id, text; its image key is
// `images`), images in an `images/` folder beside them. A dropped benchmark folder also holds one answers
// file per evaluated model: the reference is `answers_gpt4*.jsonl`, or the only answers file, or the one
// the caller names.
import {
  baseName,
  dirOf,
  FileIndex,
  lineImage,
  noteUnknownFields,
  readJsonLines,
  repeatsId,
  setName,
  SET_LIMITS,
  textField,
  type JsonLine,
} from './files';
import { Reporter } from './report';
import type { QuestionItem, QuestionSetRead, SourceFile } from './types';

export interface HeronOptions {
  /** Paths of the files to use, when the drop holds several candidates. */
  questions?: string;
  context?: string;
  reference?: string;
}

type Role = 'questions' | 'context' | 'answers';

const QUESTION_FIELDS = new Set(['question_id', 'image', 'category', 'image_category', 'text']);
const CONTEXT_FIELDS = new Set(['id', 'image', 'caption']);
const ANSWER_FIELDS = new Set([
  'question_id',
  'images',
  'image',
  'image_category',
  'prompt',
  'answer_id',
  'model_id',
  'text',
  'metadata',
  'category',
]);

/** The first line's keys, read quietly (the file is read properly, with a report, once chosen). */
function firstKeys(file: SourceFile): Set<string> {
  const text = new TextDecoder().decode(file.bytes.subarray(0, 64 * 1024));
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      return new Set(typeof value === 'object' && value !== null ? Object.keys(value) : []);
    } catch {
      return new Set();
    }
  }
  return new Set();
}

/** A JSONL file's role, by its name as the benchmarks name them, or else by its first line's keys. */
export function heronRole(file: SourceFile): Role | null {
  const name = baseName(file.path).toLowerCase();
  if (!name.endsWith('.jsonl')) return null;
  // A plain set ({image, question}) may be called questions.jsonl too: Heron's questions are in `text`.
  if (name.includes('question')) return firstKeys(file).has('question') ? null : 'questions';
  if (name.includes('context') || name.includes('caption')) return 'context';
  if (name.includes('answer')) return 'answers';
  const keys = firstKeys(file);
  if (keys.has('caption') && keys.has('image')) return 'context';
  if (keys.has('question_id') && keys.has('text')) {
    const answerish = ['answer_id', 'model_id', 'images', 'prompt'].some((k) => keys.has(k));
    return answerish ? 'answers' : keys.has('image') ? 'questions' : null;
  }
  return null;
}

/** The one file for a role: the named one, or the only candidate (null: none; undefined: reported). */
function choose(
  candidates: SourceFile[],
  named: string | undefined,
  role: string,
  index: FileIndex,
  report: Reporter,
): SourceFile | null | undefined {
  if (named !== undefined) {
    const file = index.get(named);
    if (!file) report.error('file-not-found', {}, { role, file: named });
    return file;
  }
  if (candidates.length > 1) {
    report.error('several-files', {}, { role, files: candidates.map((f) => f.path).join(', ') });
    return undefined;
  }
  return candidates[0] ?? null;
}

export function readHeronSet(files: readonly SourceFile[], options: HeronOptions = {}): QuestionSetRead {
  const report = new Reporter();
  const index = new FileIndex(files);
  const byRole: Record<Role, SourceFile[]> = { questions: [], context: [], answers: [] };
  for (const f of files) {
    const role = heronRole(f);
    if (role) byRole[role].push(f);
  }

  const questionsFile = choose(byRole.questions, options.questions, 'questions', index, report);
  if (questionsFile === null) report.error('no-question-file');
  if (!questionsFile) return { format: 'heron', name: '', items: [], report: report.report() };
  const dir = dirOf(questionsFile.path);
  // Files beside the questions first: a dropped parent folder may hold several benchmarks.
  const near = (list: SourceFile[]) => (list.some((f) => dirOf(f.path) === dir) ? list.filter((f) => dirOf(f.path) === dir) : list);
  const contextFile = choose(near(byRole.context), options.context, 'context', index, report);
  const answers = near(byRole.answers);
  const gpt4 = answers.filter((f) => /^answers_gpt4/i.test(baseName(f.path)));
  const referenceFile = choose(gpt4.length > 0 ? gpt4 : answers, options.reference, 'reference', index, report);
  for (const f of [questionsFile, contextFile, referenceFile]) if (f) report.note('used-file', { file: f.path });
  for (const f of files) {
    const used = f === questionsFile || f === contextFile || f === referenceFile;
    const isImage = /\.(jpe?g|png|webp|gif|bmp|heic|heif|avif|tiff?)$/i.test(f.path);
    if (!used && !isImage) report.note('ignored-file', { file: f.path });
  }

  // Questions.
  const questionLines = readJsonLines(questionsFile, report) ?? [];
  noteUnknownFields(questionLines, QUESTION_FIELDS, questionsFile.path, report);
  const items: QuestionItem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, value } of questionLines) {
    const where = { file: questionsFile.path, line };
    const id = textField(value, 'question_id', where, report, { required: true, max: SET_LIMITS.id, allowNumber: true });
    const image = textField(value, 'image', where, report, { required: true, max: 1000 });
    const question = textField(value, 'text', where, report, { required: true, max: SET_LIMITS.text });
    const category = textField(value, 'category', where, report, { required: false, max: SET_LIMITS.category });
    const imageCategory = textField(value, 'image_category', where, report, { required: false, max: SET_LIMITS.category });
    const duplicate = id !== null && repeatsId(firstLineOf, id, where, report);
    const bytes = image === null ? undefined : lineImage(index, questionsFile.path, image, where, report);
    if (id === null || duplicate || image === null || question === null || !bytes) continue;
    items.push({
      id,
      question,
      images: [{ name: image, bytes }],
      reference: null,
      context: null,
      category,
      meta: imageCategory === null ? {} : { image_category: imageCategory },
      source: where,
    });
  }

  // Context, by image name.
  if (contextFile) {
    const captions = readMap(contextFile, 'image', 'caption', CONTEXT_FIELDS, 'duplicate-context', report);
    let missing = 0;
    for (const item of items) {
      item.context = captions.get(item.images[0]!.name) ?? null;
      if (item.context === null) missing += 1;
    }
    if (missing > 0) report.warning('no-context', { file: contextFile.path }, { count: missing });
  }

  // Reference answers, by question id.
  if (referenceFile) {
    const answersById = readMap(referenceFile, 'question_id', 'text', ANSWER_FIELDS, 'duplicate-answer', report);
    for (const [id, line] of lineOfKey(referenceFile, report))
      if (!firstLineOf.has(id)) report.warning('unmatched-answer', { file: referenceFile.path, line }, { id });
    let missing = 0;
    for (const item of items) {
      item.reference = answersById.get(item.id) ?? null;
      if (item.reference === null) missing += 1;
    }
    if (missing > 0) report.warning('no-reference', { file: referenceFile.path }, { count: missing });
  } else if (items.length > 0) report.warning('no-reference', {}, { count: items.length });

  if (questionLines.length === 0 && !report.hasErrors) report.error('no-items', { file: questionsFile.path });
  if (items.length > SET_LIMITS.items) report.error('too-many-items', {}, { max: SET_LIMITS.items, count: items.length });
  return { format: 'heron', name: setName(questionsFile.path), items, report: report.report() };
}

// Parsed once per file: readMap and lineOfKey share the lines.
const parsedLines = new WeakMap<SourceFile, JsonLine[]>();

function linesOf(file: SourceFile, report: Reporter): JsonLine[] {
  let lines = parsedLines.get(file);
  if (!lines) parsedLines.set(file, (lines = readJsonLines(file, report) ?? []));
  return lines;
}

function readMap(
  file: SourceFile,
  keyField: string,
  valueField: string,
  known: ReadonlySet<string>,
  duplicate: 'duplicate-context' | 'duplicate-answer',
  report: Reporter,
): Map<string, string> {
  const lines = linesOf(file, report);
  noteUnknownFields(lines, known, file.path, report);
  const map = new Map<string, string>();
  for (const { line, value } of lines) {
    const where = { file: file.path, line };
    const key = textField(value, keyField, where, report, { required: true, max: 1000, allowNumber: true });
    const text = textField(value, valueField, where, report, { required: true, max: SET_LIMITS.text });
    if (key === null || text === null) continue;
    if (map.has(key)) report.warning(duplicate, where, { key });
    else map.set(key, text);
  }
  return map;
}

function lineOfKey(file: SourceFile, report: Reporter): Map<string, number> {
  const map = new Map<string, number>();
  for (const { line, value } of linesOf(file, report)) {
    const id = value.question_id;
    if ((typeof id === 'string' || typeof id === 'number') && !map.has(String(id))) map.set(String(id), line);
  }
  return map;
}
