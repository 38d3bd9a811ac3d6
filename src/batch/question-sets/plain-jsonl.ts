// The plain format: one JSON object per line, `{id?, image, question, reference?, category?, context?}`,
// the image a path relative to the file (or inside an `images/` folder beside it).
import { FileIndex, lineImage, noteUnknownFields, readJsonLines, repeatsId, setName, SET_LIMITS, textField } from './files';
import { Reporter } from './report';
import type { QuestionItem, QuestionSetRead, SourceFile } from './types';

const FIELDS = new Set(['id', 'image', 'question', 'reference', 'category', 'context']);

export function readPlainJsonl(files: readonly SourceFile[], options: { file?: string } = {}): QuestionSetRead {
  const report = new Reporter();
  const index = new FileIndex(files);
  const candidates = files.filter((f) => /\.jsonl$/i.test(f.path));
  const file = options.file !== undefined ? index.get(options.file) : candidates.length === 1 ? candidates[0] : undefined;
  if (!file) {
    if (options.file !== undefined) report.error('file-not-found', {}, { role: 'questions', file: options.file });
    else if (candidates.length === 0) report.error('no-question-file');
    else report.error('several-files', {}, { role: 'questions', files: candidates.map((f) => f.path).join(', ') });
    return { format: 'jsonl', name: '', items: [], report: report.report() };
  }
  report.note('used-file', { file: file.path });

  const lines = readJsonLines(file, report) ?? [];
  noteUnknownFields(lines, FIELDS, file.path, report);
  const items: QuestionItem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, value } of lines) {
    const where = { file: file.path, line };
    const id =
      value.id === undefined
        ? `line-${line}`
        : textField(value, 'id', where, report, { required: true, max: SET_LIMITS.id, allowNumber: true });
    const image = textField(value, 'image', where, report, { required: true, max: 1000 });
    const question = textField(value, 'question', where, report, { required: true, max: SET_LIMITS.text });
    const reference = textField(value, 'reference', where, report, { required: false, max: SET_LIMITS.text });
    const category = textField(value, 'category', where, report, { required: false, max: SET_LIMITS.category });
    const context = textField(value, 'context', where, report, { required: false, max: SET_LIMITS.text });
    const duplicate = id !== null && repeatsId(firstLineOf, id, where, report);
    const bytes = image === null ? undefined : lineImage(index, file.path, image, where, report);
    if (id === null || duplicate || image === null || question === null || !bytes) continue;
    items.push({ id, question, images: [{ name: image, bytes }], reference, context, category, meta: {}, source: where });
  }
  const withoutReference = items.filter((i) => i.reference === null).length;
  if (withoutReference > 0) report.warning('no-reference', { file: file.path }, { count: withoutReference });
  if (lines.length === 0 && !report.hasErrors) report.error('no-items', { file: file.path });
  if (items.length > SET_LIMITS.items) report.error('too-many-items', {}, { max: SET_LIMITS.items, count: items.length });
  return { format: 'jsonl', name: setName(file.path), items, report: report.report() };
}
