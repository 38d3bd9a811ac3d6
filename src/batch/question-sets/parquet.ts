// A Hugging Face dataset downloaded as Parquet, images inside (as JA-VLM-Bench-In-the-Wild is published:
// page_url, image_url, image, question, answer). The HF `Image` feature is a struct of `bytes` and `path`.
// One row is one item; a set with a list of question/answer pairs per image (a list column whose elements
// have `question` and `answer`, as JA-VG-VQA-500 has) gives one item per pair. hyparquet (pure JS, no
// dependencies) is imported on demand, so the app's first load does not carry it. It reads uncompressed
// and Snappy files, which is what `datasets` writes by default; other codecs are reported.
import type { SchemaTree } from 'hyparquet';
import { setName, SET_LIMITS } from './files';
import { Reporter } from './report';
import type { QuestionItem, QuestionSetRead, SourceFile } from './types';

const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);
const QUESTION_COLUMNS = ['question', 'text'];
const REFERENCE_COLUMNS = ['answer', 'reference'];
const ID_COLUMNS = ['id', 'question_id'];
const CONTEXT_COLUMNS = ['context', 'caption'];
/** Kept with each item as provenance (the image's page and address). */
const META_COLUMNS = ['page_url', 'image_url', 'image_category'];

const childNames = (t: SchemaTree) => t.children.map((c) => c.element.name);
const isList = (t: SchemaTree) => t.element.converted_type === 'LIST' || t.element.logical_type?.type === 'LIST';
/** The struct inside a LIST column (list → element), or null. */
function listElement(t: SchemaTree): SchemaTree | null {
  if (!isList(t)) return null;
  const repeated = t.children[0];
  const element = repeated?.children.length === 1 && repeated.children[0]!.children.length > 0 ? repeated.children[0]! : repeated;
  return element && element.children.length > 0 ? element : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A text cell: strings as they are, unannotated bytes as UTF-8, whole numbers as digits. */
function cellText(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return String(value);
  return undefined;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}

export async function readParquetSet(file: SourceFile): Promise<QuestionSetRead> {
  const report = new Reporter();
  const empty = (): QuestionSetRead => ({ format: 'parquet', name: setName(file.path), items: [], report: report.report() });
  const { parquetMetadata, parquetSchema, parquetReadObjects } = await import('hyparquet');
  const buffer = toArrayBuffer(file.bytes);

  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    report.error('unreadable-parquet', { file: file.path }, {}, String(e instanceof Error ? e.message : e).slice(0, 200));
    return empty();
  }
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')));
  for (const codec of codecs) if (!READABLE_CODECS.has(codec)) report.error('unsupported-compression', { file: file.path }, { codec });
  const rows = Number(metadata.num_rows);
  if (rows > SET_LIMITS.items) report.error('too-many-items', { file: file.path }, { max: SET_LIMITS.items, count: rows });
  if (report.hasErrors) return empty();

  const columns = parquetSchema(metadata).children;
  const byName = new Map(columns.map((c) => [c.element.name, c]));
  const pick = (names: string[]) => names.find((n) => byName.has(n)) ?? null;
  const imageColumn =
    (byName.has('image') ? 'image' : null) ??
    columns.find((c) => c.children.length > 0 && childNames(c).includes('bytes'))?.element.name ??
    null;
  const questionColumn = pick(QUESTION_COLUMNS);
  const pairsColumn = questionColumn
    ? null
    : (columns.find((c) => listElement(c) && childNames(listElement(c)!).includes('question'))?.element.name ?? null);
  const referenceColumn = pick(REFERENCE_COLUMNS);
  const idColumn = pick(ID_COLUMNS);
  const contextColumn = pick(CONTEXT_COLUMNS);
  const categoryColumn = byName.has('category') ? 'category' : null;
  const metaColumns = META_COLUMNS.filter((n) => byName.has(n));
  if (!imageColumn) report.error('missing-column', { file: file.path }, { column: 'image' });
  if (!questionColumn && !pairsColumn) report.error('missing-column', { file: file.path }, { column: 'question' });
  if (report.hasErrors) return empty();

  const used = [imageColumn, questionColumn, pairsColumn, referenceColumn, idColumn, contextColumn, categoryColumn, ...metaColumns].filter(
    (c): c is string => c !== null,
  );
  for (const c of columns)
    if (!used.includes(c.element.name)) report.note('unknown-column', { file: file.path }, { column: c.element.name });

  let data: Record<string, unknown>[];
  try {
    // utf8: false keeps unannotated binary (the image bytes) as bytes; annotated strings still decode.
    data = await parquetReadObjects({ file: buffer, columns: used, utf8: false });
  } catch (e) {
    report.error('unreadable-parquet', { file: file.path }, {}, String(e instanceof Error ? e.message : e).slice(0, 200));
    return empty();
  }

  const items: QuestionItem[] = [];
  const firstRowOf = new Map<string, number>();
  const text = (value: unknown, field: string, row: number, required: boolean, max: number): string | null => {
    const t = cellText(value);
    if (t === undefined) {
      report.error('wrong-type', { file: file.path, row }, { field, expected: 'string' });
      return null;
    }
    if (t === null || t.trim() === '') {
      if (required) report.error('missing-field', { file: file.path, row }, { field });
      return null;
    }
    if (t.length > max) {
      report.error('too-long', { file: file.path, row }, { field, max });
      return null;
    }
    return t;
  };

  data.forEach((record, row) => {
    const where = { file: file.path, row };
    const cell = record[imageColumn!];
    const struct = cell && typeof cell === 'object' && !(cell instanceof Uint8Array) ? (cell as Record<string, unknown>) : null;
    const bytes = cell instanceof Uint8Array ? cell : struct?.bytes instanceof Uint8Array ? struct.bytes : null;
    const path = struct ? cellText(struct.path) : null;
    if (!bytes) report.error('missing-field', where, { field: imageColumn! });
    else if (bytes.length === 0) report.error('empty-image', where, { image: path ?? `row ${row}` });
    const image = bytes && bytes.length > 0 ? { name: path || `row ${row}`, bytes } : null;

    const meta: Record<string, string> = {};
    for (const c of metaColumns) {
      const v = cellText(record[c]);
      if (v) meta[c] = v;
    }
    const category = categoryColumn ? text(record[categoryColumn], categoryColumn, row, false, SET_LIMITS.category) : null;
    const context = contextColumn ? text(record[contextColumn], contextColumn, row, false, SET_LIMITS.text) : null;
    const baseId = idColumn ? text(record[idColumn], idColumn, row, true, SET_LIMITS.id) : String(row);

    const pairs: { question: unknown; reference: unknown }[] = questionColumn
      ? [{ question: record[questionColumn], reference: referenceColumn ? record[referenceColumn] : null }]
      : (Array.isArray(record[pairsColumn!]) ? (record[pairsColumn!] as unknown[]) : []).map((p) => {
          const o = p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
          return { question: o.question, reference: o.answer ?? o.reference ?? null };
        });
    if (!questionColumn && pairs.length === 0) report.error('missing-field', where, { field: pairsColumn! });
    pairs.forEach((pair, k) => {
      const question = text(pair.question, questionColumn ?? `${pairsColumn}.question`, row, true, SET_LIMITS.text);
      const reference = text(pair.reference, referenceColumn ?? `${pairsColumn}.answer`, row, false, SET_LIMITS.text);
      if (baseId === null) return;
      const id = questionColumn ? baseId : `${baseId}-${k}`;
      const first = firstRowOf.get(id);
      if (first !== undefined) {
        report.error('duplicate-id', where, { id, firstRow: first });
        return;
      }
      firstRowOf.set(id, row);
      if (question === null || !image) return;
      items.push({ id, question, images: [image], reference, context, category, meta, source: where });
    });
  });

  const withoutReference = items.filter((i) => i.reference === null).length;
  if (withoutReference > 0) report.warning('no-reference', { file: file.path }, { count: withoutReference });
  if (data.length === 0) report.error('no-items', { file: file.path });
  return { format: 'parquet', name: setName(file.path), items, report: report.report() };
}
