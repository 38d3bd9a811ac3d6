// Reading the dropped files: paths, UTF-8 text, JSON lines, and the limits every reader holds to.
import { LIMITS } from '../../records';
import type { Reporter } from './report';
import type { SourceFile } from './types';

export const SET_LIMITS = {
  items: 10_000,
  /** The records' own limit for a message or a reference. */
  text: LIMITS.text,
  id: LIMITS.itemId,
  category: LIMITS.category,
} as const;

/** Forward slashes, no leading "./" or "/". */
export function normalizePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

export function dirOf(path: string): string {
  const p = normalizePath(path);
  const at = p.lastIndexOf('/');
  return at < 0 ? '' : p.slice(0, at + 1);
}

export function baseName(path: string): string {
  const p = normalizePath(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** A name for the set: the folder holding `path`, or else the file's name without extension. */
export function setName(path: string): string {
  const dir = dirOf(path).replace(/\/$/, '');
  if (dir) return baseName(dir);
  return baseName(path).replace(/\.[^.]+$/, '');
}

/** A path written in a file must stay inside the drop: no "..", no absolute path, no drive or scheme. */
export function isSafeRelative(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) return false;
  return !path.split(/[\\/]/).some((segment) => segment === '..');
}

export class FileIndex {
  private readonly byPath = new Map<string, SourceFile>();

  constructor(readonly files: readonly SourceFile[]) {
    for (const f of files) this.byPath.set(normalizePath(f.path), f);
  }

  get(path: string): SourceFile | undefined {
    return this.byPath.get(normalizePath(path));
  }

  /** The image a line names, looked for in `images/` beside the file that names it, then beside it. */
  image(from: string, name: string): SourceFile | undefined {
    const dir = dirOf(from);
    const rel = normalizePath(name);
    return this.get(`${dir}images/${rel}`) ?? this.get(`${dir}${rel}`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file as text, or null (reported) when it is not UTF-8. A byte-order mark is dropped. */
function readText(file: SourceFile, report: Reporter): string | null {
  try {
    return decoder.decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    report.error('not-utf8', { file: file.path });
    return null;
  }
}

export interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

/** Each non-blank line parsed as a JSON object; bad lines are reported and skipped. */
export function readJsonLines(file: SourceFile, report: Reporter): JsonLine[] | null {
  const text = readText(file, report);
  if (text === null) return null;
  const out: JsonLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      report.error('bad-json', { file: file.path, line });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report.error('not-an-object', { file: file.path, line });
      return;
    }
    out.push({ line, value: value as Record<string, unknown> });
  });
  return out;
}

type Where = { file: string; line?: number; row?: number };

/**
 * A text field: a string (or, for ids, a whole number) within the length limit. `required` fields that are
 * missing are errors; optional ones are null. Empty or blank strings count as missing.
 */
export function textField(
  obj: Record<string, unknown>,
  field: string,
  where: Where,
  report: Reporter,
  options: { required: boolean; max: number; allowNumber?: boolean },
): string | null {
  const value = obj[field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (options.required) report.error('missing-field', where, { field });
    return null;
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (options.allowNumber && typeof value === 'number' && Number.isInteger(value)) text = String(value);
  else {
    report.error('wrong-type', where, { field, expected: options.allowNumber ? 'string-or-integer' : 'string' });
    return null;
  }
  if (text.length > options.max) {
    report.error('too-long', where, { field, max: options.max });
    return null;
  }
  return text;
}

/** Whether a line repeats an id an earlier line had (reported, naming that line); a new id is remembered. */
export function repeatsId(firstLineOf: Map<string, number>, id: string, where: Where & { line: number }, report: Reporter): boolean {
  const first = firstLineOf.get(id);
  if (first === undefined) {
    firstLineOf.set(id, where.line);
    return false;
  }
  report.error('duplicate-id', where, { id, firstLine: first });
  return true;
}

/** The bytes of the image a line of `from` names; undefined (reported) when the path leaves the drop or names nothing usable. */
export function lineImage(index: FileIndex, from: string, image: string, where: Where, report: Reporter): Uint8Array | undefined {
  if (!isSafeRelative(image)) {
    report.error('unsafe-path', where, { image });
    return undefined;
  }
  const bytes = index.image(from, image)?.bytes;
  if (!bytes) report.error('missing-image', where, { image });
  else if (bytes.length === 0) report.error('empty-image', where, { image });
  else return bytes;
  return undefined;
}

/** Notes the fields no reader uses, once per file and field, with how many lines had it. */
export function noteUnknownFields(lines: readonly JsonLine[], known: ReadonlySet<string>, file: string, report: Reporter): void {
  const counts = new Map<string, number>();
  for (const { value } of lines) for (const key of Object.keys(value)) if (!known.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [field, lines] of counts) report.note('unknown-field', { file }, { field, lines });
}
