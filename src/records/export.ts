// Export: a zip that Python `datasets` (json builder) and pandas load as is, and CSV for spreadsheets.
// The JSONL lines are written by hand (writeJson) rather than JSON.stringify so that float fields are always
// floats: `datasets` infers its schema per 10 MB chunk, and a column that is int64 in the first chunk (every
// temperature 0) cannot take 0.7 in a later one.
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { imageHashesOf, questionOf } from './derive';
import { exportReadme } from './export-readme';
import { RecordsError } from './errors';
import type { RecordsRepo } from './repository';
import { extForMime } from './image-ext';
import { redactText, sanitizeUrl, type AnswerRecord, type Rating, type RecordImage, type Vote } from './schema';
import { withZip64End } from './zip';

function imagePath(image: Pick<RecordImage, 'sha256' | 'mime'>): string {
  return `images/${image.sha256}.${extForMime(image.mime)}`;
}

// ---------------------------------------------------------------------------------------------------------
// JSONL lines

/** Written with a decimal point even when whole, so their column is float64 on every line. */
const FLOAT_KEYS = new Set(['temperature', 'topP', 'repetitionPenalty', 'ttftMs', 'totalMs', 'tokensPerSecond']);

/** Objects whose number fields may be floats; everything else is left to JSON.stringify (it is faster). */
const FLOAT_CONTAINERS = new Set(['params', 'timings']);

function writeJson(value: unknown, key: string | null): string {
  if (typeof value === 'number' && key !== null && FLOAT_KEYS.has(key) && Number.isInteger(value)) return value.toFixed(1);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (key === null || FLOAT_CONTAINERS.has(key))) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v, k)}`)
      .join(',')}}`;
  }
  // undefined (and functions) have no JSON form; NaN and Infinity already become null.
  return JSON.stringify(value) ?? 'null';
}

export function toJsonLine(value: unknown): string {
  return writeJson(value, null);
}

/**
 * One records.jsonl line: the record with every optional key present (null when absent), its ratings
 * embedded (without the redundant recordId and schema), each image's path in the zip, and two convenience
 * columns (question, imagePaths). import.ts reads these lines back.
 */
function exportLine(record: AnswerRecord, ratings: readonly Rating[], pathOf: (image: RecordImage) => string | null) {
  const r = record;
  const imagePaths: string[] = [];
  const messages = r.messages.map((m) => ({
    role: m.role,
    text: m.text,
    images: m.images.map((i) => {
      const path = pathOf(i);
      if (path !== null && !imagePaths.includes(path)) imagePaths.push(path);
      return { sha256: i.sha256, mime: i.mime, width: i.width, height: i.height, bytes: i.bytes, path };
    }),
  }));
  return {
    schema: r.schema,
    id: r.id,
    createdAt: r.createdAt,
    endedAt: r.endedAt,
    source: r.source,
    conversationId: r.conversationId ?? null,
    messageId: r.messageId ?? null,
    groupId: r.groupId ?? null,
    endpoint: {
      id: r.endpoint.id,
      label: r.endpoint.label,
      url: sanitizeUrl(r.endpoint.url),
      model: r.endpoint.model,
      protocol: r.endpoint.protocol,
    },
    params: {
      maxTokens: r.params.maxTokens,
      temperature: r.params.temperature,
      topP: r.params.topP,
      repetitionPenalty: r.params.repetitionPenalty,
      noRepeatNgramSize: r.params.noRepeatNgramSize,
      seed: r.params.seed ?? null,
    },
    systemPrompt: r.systemPrompt,
    messages,
    output: r.output,
    finishReason: r.finishReason,
    status: r.status,
    // Cleaned again on the way out: records stored by an older version may hold what is cleaned now.
    error: r.error ? { code: r.error.code, message: redactText(r.error.message) } : null,
    timings: {
      ttftMs: r.timings.ttftMs,
      totalMs: r.timings.totalMs,
      outputTokens: r.timings.outputTokens,
      tokensPerSecond: r.timings.tokensPerSecond,
    },
    usage: r.usage
      ? {
          promptTokens: r.usage.promptTokens ?? null,
          completionTokens: r.usage.completionTokens ?? null,
          totalTokens: r.usage.totalTokens ?? null,
        }
      : null,
    appVersion: r.appVersion,
    batch: r.batch ?? null,
    question: questionOf(r),
    imagePaths,
    ratings: ratings.map((x) => ({
      id: x.id,
      annotator: x.annotator,
      score: x.score,
      thumb: x.thumb,
      tags: x.tags,
      note: x.note,
      createdAt: x.createdAt,
      updatedAt: x.updatedAt,
      judge: x.judge ?? null,
    })),
  };
}

function voteLine(v: Vote) {
  return {
    schema: v.schema,
    id: v.id,
    groupId: v.groupId,
    recordIds: v.recordIds,
    endpointIds: v.endpointIds,
    models: v.models,
    choice: v.choice,
    annotator: v.annotator,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    blind: v.blind,
    reasons: v.reasons,
    note: v.note,
    flagged: v.flagged,
    identityWords: v.identityWords,
  };
}

function ratingsByRecord(ratings: readonly Rating[]): Map<string, Rating[]> {
  const map = new Map<string, Rating[]>();
  for (const r of ratings) {
    const list = map.get(r.recordId);
    if (list) list.push(r);
    else map.set(r.recordId, [r]);
  }
  for (const list of map.values()) list.sort((a, b) => a.annotator.localeCompare(b.annotator) || a.id.localeCompare(b.id));
  return map;
}

// ---------------------------------------------------------------------------------------------------------
// Zip

export interface ExportInput {
  records: readonly AnswerRecord[];
  ratings: readonly Rating[];
  votes?: readonly Vote[];
  /** Usually the repository's getImageBytes; an image it cannot find is left out and its path is null. */
  getImageBytes: (sha256: string) => Promise<Uint8Array | undefined>;
  onProgress?: (done: number, total: number) => void;
  /** The export time written in the README (a parameter so tests are reproducible). */
  now?: Date;
  /** The largest zip written (MAX_ZIP_BYTES; smaller in tests, which cannot write 4 GiB). */
  maxBytes?: number;
}

/** Lines are encoded and compressed in batches, so no single string holds the whole file. */
const LINES_PER_CHUNK = 500;

/**
 * The largest zip written here: fflate writes each entry's offset in 32 bits (no ZIP64 fields), so an entry
 * that starts beyond 4 GiB would be unreadable. Images are stored once, a few hundred KB each after
 * preparation, so it takes some fifteen thousand distinct images (or imported originals) to get there: the
 * export refuses before it reads any of them, and again if the lines would carry it past the limit.
 */
const MAX_ZIP_BYTES = 2 ** 32 - 1;

/** Per entry: its local header and its directory entry, each with the name (at most ~90 bytes here). */
const ENTRY_OVERHEAD = 30 + 46 + 2 * 90;

function tooLarge(sizeBytes: number, limitBytes: number): RecordsError {
  return new RecordsError('export-too-large', `the export would be over ${sizeBytes} bytes (limit ${limitBytes})`, undefined, {
    sizeBytes,
    limitBytes,
  });
}

/**
 * The zip of these records with these ratings, and of every stored comparison vote all of whose sides are
 * among them (a vote without one of its answers could not be read).
 */
export async function exportZipOf(
  repo: Pick<RecordsRepo, 'listVotes' | 'getImageBytes'>,
  records: readonly AnswerRecord[],
  ratings: readonly Rating[],
  onProgress?: (done: number, total: number) => void,
): Promise<Blob> {
  const ids = new Set(records.map((r) => r.id));
  const votes = (await repo.listVotes()).items.filter((v) => v.recordIds.every((id) => ids.has(id)));
  return exportZip({ records, ratings, votes, getImageBytes: (sha) => repo.getImageBytes(sha), onProgress });
}

export async function exportZip(input: ExportInput): Promise<Blob> {
  const { records, ratings, votes = [], getImageBytes, onProgress, maxBytes = MAX_ZIP_BYTES } = input;
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  let written = 0;
  const zip = new Zip((err, data, final) => {
    if (err) {
      failure = err;
      return;
    }
    if (written + data.length > maxBytes) failure ??= tooLarge(written + data.length, maxBytes);
    chunks.push(final ? withZip64End(data, written) : data);
    written += data.length;
  });
  const mtime = input.now ?? new Date();

  // Images first: a line's image paths depend on which images could be found.
  const images = new Map<string, RecordImage>();
  for (const r of records) for (const m of r.messages) for (const i of m.images) if (!images.has(i.sha256)) images.set(i.sha256, i);
  let imageBytes = 0;
  for (const i of images.values()) imageBytes += i.bytes + ENTRY_OVERHEAD;
  if (imageBytes > maxBytes) throw tooLarge(imageBytes, maxBytes);
  const total = images.size + records.length;
  let done = 0;
  const present = new Map<string, string>();
  for (const [sha256, meta] of images) {
    const bytes = await getImageBytes(sha256);
    if (bytes) {
      const path = imagePath(meta);
      // Images are already compressed (JPEG, PNG, WebP): deflating them again costs time and saves nothing.
      const entry = new ZipPassThrough(path);
      entry.mtime = mtime;
      zip.add(entry);
      entry.push(bytes, true);
      present.set(sha256, path);
      if (failure) throw failure;
    }
    onProgress?.(++done, total);
  }

  const byRecord = ratingsByRecord(ratings);
  const pathOf = (i: RecordImage) => present.get(i.sha256) ?? null;
  const jsonl = new ZipDeflate('records.jsonl', { level: 6 });
  jsonl.mtime = mtime;
  zip.add(jsonl);
  for (let start = 0; start < records.length; start += LINES_PER_CHUNK) {
    const lines = records
      .slice(start, start + LINES_PER_CHUNK)
      .map((r) => toJsonLine(exportLine(r, byRecord.get(r.id) ?? [], pathOf)) + '\n');
    jsonl.push(strToU8(lines.join('')));
    if (failure) throw failure;
    done += lines.length;
    onProgress?.(done, total);
  }
  jsonl.push(new Uint8Array(0), true);

  if (votes.length > 0) {
    const entry = new ZipDeflate('votes.jsonl', { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(strToU8(votes.map((v) => toJsonLine(voteLine(v)) + '\n').join('')), true);
  }

  const readme = new ZipDeflate('README.md', { level: 6 });
  readme.mtime = mtime;
  zip.add(readme);
  readme.push(
    strToU8(
      exportReadme({
        exportedAt: mtime.toISOString(),
        records: records.length,
        ratings: ratings.length,
        votes: votes.length,
        images: present.size,
        missingImages: images.size - present.size,
      }),
    ),
    true,
  );
  zip.end();
  if (failure) throw failure;
  return new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' });
}

// ---------------------------------------------------------------------------------------------------------
// CSV

export const CSV_COLUMNS = [
  'record_id',
  'created_at',
  'source',
  'endpoint_label',
  'model',
  'protocol',
  'status',
  'finish_reason',
  'question',
  'output',
  'image_sha256s',
  'ttft_ms',
  'total_ms',
  'tokens_per_second',
  'annotator',
  'score',
  'thumb',
  'tags',
  'note',
  'rated_at',
] as const;

// A spreadsheet runs a cell that starts with one of these as a formula (full-width forms included, which
// Japanese input produces); a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per rating (a record without ratings gets one row with empty rating columns), RFC 4180 quoting,
 * CRLF line ends, and a UTF-8 BOM so Excel reads Japanese as UTF-8.
 */
export function exportCsv(records: readonly AnswerRecord[], ratings: readonly Rating[]): string {
  const byRecord = ratingsByRecord(ratings);
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    const base = [
      r.id,
      r.createdAt,
      r.source,
      r.endpoint.label,
      r.endpoint.model,
      r.endpoint.protocol,
      r.status,
      r.finishReason,
      questionOf(r),
      r.output,
      imageHashesOf(r).join(';'),
      r.timings.ttftMs,
      r.timings.totalMs,
      r.timings.tokensPerSecond,
    ].map(csvCell);
    const list = byRecord.get(r.id);
    if (!list || list.length === 0) {
      rows.push([...base, '', '', '', '', '', ''].join(','));
      continue;
    }
    for (const x of list) {
      rows.push([...base, ...[x.annotator, x.score, x.thumb, x.tags.join(';'), x.note, x.updatedAt].map(csvCell)].join(','));
    }
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

/** The CSV as a file: UTF-8, marked as such for spreadsheets. */
export function exportCsvFile(records: readonly AnswerRecord[], ratings: readonly Rating[]): Blob {
  return new Blob([exportCsv(records, ratings)], { type: 'text/csv;charset=utf-8' });
}
