// The questions of one of the studio's own exports (src/records/export.ts): `records.jsonl` and
// `images/<sha256>.<ext>`. Each distinct question with its images becomes one item, however many endpoints
// answered it; a batch answer brings its item's reference, description and category along. Records of a
// conversation that went on past its first question are left out (their later questions depend on answers).
import { baseName, dirOf, FileIndex, isSafeRelative, readJsonLines, setName, SET_LIMITS } from './files';
import { Reporter } from './report';
import type { QuestionItem, QuestionSetRead, SourceFile } from './types';

interface ExportImage {
  sha256: string;
  path: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The user messages of an export line, or null when the line is not shaped like one. */
function userMessages(value: Record<string, unknown>): { text: string; images: ExportImage[] }[] | null {
  if (!Array.isArray(value.messages)) return null;
  const out: { text: string; images: ExportImage[] }[] = [];
  for (const m of value.messages) {
    if (!isObject(m) || typeof m.text !== 'string' || !Array.isArray(m.images)) return null;
    if (m.role !== 'user') continue;
    const images: ExportImage[] = [];
    for (const i of m.images) {
      if (!isObject(i) || typeof i.sha256 !== 'string' || !(i.path === null || typeof i.path === 'string')) return null;
      images.push({ sha256: i.sha256, path: i.path });
    }
    out.push({ text: m.text, images });
  }
  return out;
}

export function readStudioExport(files: readonly SourceFile[]): QuestionSetRead {
  const report = new Reporter();
  const index = new FileIndex(files);
  // The export's own records.jsonl: the shallowest one (a zip may wrap it in a folder).
  const candidates = files
    .filter((f) => baseName(f.path) === 'records.jsonl')
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const file = candidates[0];
  if (!file) {
    report.error('no-question-file');
    return { format: 'studio-export', name: '', items: [], report: report.report() };
  }
  report.note('used-file', { file: file.path });
  const dir = dirOf(file.path);

  const lines = readJsonLines(file, report) ?? [];
  const byKey = new Map<string, QuestionItem>();
  let records = 0;
  let multiTurn = 0;
  for (const { line, value } of lines) {
    const where = { file: file.path, line };
    const users = userMessages(value);
    const id = str(value.id);
    if (users === null || id === null) {
      report.error('wrong-type', where, { field: users === null ? 'messages' : 'id', expected: 'export-line' });
      continue;
    }
    if (users.length === 0) continue;
    if (users.length > 1) {
      multiTurn += 1;
      continue;
    }
    records += 1;
    const { text, images } = users[0]!;
    if (text.trim() === '') {
      report.error('missing-field', where, { field: 'question' });
      continue;
    }
    const key = JSON.stringify([text, images.map((i) => i.sha256)]);
    if (byKey.has(key)) continue;

    const found: { name: string; bytes: Uint8Array }[] = [];
    for (const image of images) {
      if (image.path === null) report.error('missing-image', where, { image: image.sha256 });
      else if (!isSafeRelative(image.path)) report.error('unsafe-path', where, { image: image.path });
      else {
        const bytes = index.get(`${dir}${image.path}`)?.bytes;
        if (!bytes) report.error('missing-image', where, { image: image.path });
        else found.push({ name: image.path, bytes });
      }
    }
    if (found.length !== images.length) continue;
    const batch = isObject(value.batch) ? value.batch : null;
    const meta: Record<string, string> = {};
    const itemId = str(batch?.itemId);
    const setNameOf = str(batch?.setName);
    if (itemId) meta.itemId = itemId;
    if (setNameOf) meta.setName = setNameOf;
    const category = str(batch?.category);
    byKey.set(key, {
      id,
      question: text,
      images: found,
      reference: str(batch?.reference),
      context: str(batch?.context),
      category: category && category.length <= SET_LIMITS.category ? category : null,
      meta,
      source: where,
    });
  }
  const items = [...byKey.values()];
  if (multiTurn > 0) report.note('skipped-multi-turn', { file: file.path }, { count: multiTurn });
  if (records > items.length) report.note('merged-records', { file: file.path }, { records, items: items.length });
  const withoutReference = items.filter((i) => i.reference === null).length;
  if (withoutReference > 0) report.warning('no-reference', { file: file.path }, { count: withoutReference });
  if (items.length === 0 && !report.hasErrors) report.error('no-items', { file: file.path });
  if (items.length > SET_LIMITS.items) report.error('too-many-items', {}, { max: SET_LIMITS.items, count: items.length });
  return { format: 'studio-export', name: setName(file.path), items, report: report.report() };
}
