// Import of an export zip or a bare JSON Lines file. The file is untrusted: sizes are checked from the zip's
// directory before anything is inflated, and again while inflating (what each entry really expands to, as
// it streams: a zip whose headers lie about sizes is refused as such); every line is validated (and
// migrated), images must hash to their names, and nothing is written until everything has been read; then
// one transaction merges it all, so a failure leaves what was stored untouched. The Review screen runs all
// of this in a Web Worker (review/import.worker.ts), with progress and Cancel.
import { isRasterMime, rasterOf } from '../images/raster';
import { RecordsError } from './errors';
import { IMAGE_EXTS } from './image-ext';
import type { ImportBatch, MergeCounts, RecordsRepo } from './repository';
import type { Progress } from './progress';
import { checkRating, checkRecord, checkVote, type AnswerRecord, type Rating, type RecordImage, type Vote } from './schema';
import { checkDeclaredSizes, inflateEntries, readZipDirectory, type ZipEntry, type ZipLimits } from './zip';

export interface ImportLimits extends ZipLimits {
  /** The file as given (compressed). */
  maxFileBytes: number;
  maxLineBytes: number;
  maxLines: number;
  maxRatingsPerRecord: number;
  /** How many skipped items the report lists (all are counted). */
  maxListedSkips: number;
}

const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 ** 2,
  maxEntries: 200_000,
  maxLineBytes: 5 * 1024 ** 2,
  maxLines: 1_000_000,
  maxRatingsPerRecord: 1000,
  maxListedSkips: 200,
};

/** Why a line or an entry was skipped: a code, turned into words (both languages) by the Review screen. */
export type SkipCode =
  | 'line-too-long'
  | 'too-many-lines'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'invalid-record'
  | 'duplicate-record'
  | 'ratings-not-list'
  | 'too-many-ratings'
  | 'invalid-rating'
  | 'duplicate-rating'
  | 'second-rating'
  | 'orphan-rating'
  | 'invalid-vote'
  | 'duplicate-vote'
  | 'name-backslash'
  | 'name-absolute'
  | 'name-dotdot'
  | 'name-control'
  | 'not-export-entry'
  | 'duplicate-entry'
  | 'unsupported-compression'
  | 'image-unreferenced'
  | 'image-duplicate'
  | 'image-hash-mismatch'
  | 'image-declared-not-raster'
  | 'image-not-raster';

export interface SkippedItem {
  /** 1-based line in `entry`; 0 when the whole entry was skipped. */
  line: number;
  /** The zip entry (or the file's name for a bare .jsonl). */
  entry: string;
  code: SkipCode;
  /** What the words for the code fill in (limits, ids, line numbers). */
  params: Record<string, string | number>;
  /** A schema's technical text (English): shown apart, as a detail under the words. */
  detail?: string;
}

export interface ImportReport {
  /** Records (ratings and votes are counted on their own below). */
  added: number;
  updated: number;
  unchanged: number;
  ratings: MergeCounts;
  votes: MergeCounts;
  images: {
    added: number;
    /** Already stored. */
    unchanged: number;
    /** Entries refused (wrong hash, not referenced, unsafe name, ...). */
    skipped: number;
    /** Referenced by an imported record but neither in the file nor stored. */
    missing: number;
  };
  skipped: SkippedItem[];
  skippedTotal: number;
}

type ImportRepo = Pick<RecordsRepo, 'mergeImport' | 'hasImage'>;

/** Where an import is: unpacking the zip, reading lines, checking images, saving (one transaction). */
export type ImportPhase = 'unpacking' | 'reading' | 'images' | 'saving';

/** Bytes (unpacking, reading) or images (images) done out of total; 0 of 0 while saving. */
export type ImportProgress = Progress<ImportPhase>;

type OnProgress = (progress: ImportProgress) => void;

/** Bytes or lines between two progress calls while reading lines. */
const PROGRESS_EVERY_BYTES = 1024 ** 2;

class Skips {
  readonly items: SkippedItem[] = [];
  total = 0;
  constructor(private readonly cap: number) {}
  add(entry: string, line: number, code: SkipCode, params: Record<string, string | number> = {}, detail?: string): void {
    this.total += 1;
    if (this.items.length < this.cap)
      this.items.push({ line, entry: entry.slice(0, 200), code, params, ...(detail === undefined ? {} : { detail }) });
  }
}

/** What a file holds once read and validated, before anything is written. */
class Parsed {
  readonly records: AnswerRecord[] = [];
  readonly ratings: { rating: Rating; line: number }[] = [];
  readonly votes: Vote[] = [];
  readonly images: ImportBatch['images'] = [];
  readonly referenced = new Map<string, RecordImage>();
  readonly recordLines = new Map<string, number>();
  readonly ratingIds = new Map<string, number>();
  readonly ratingPairs = new Map<string, number>();
  readonly voteLines = new Map<string, number>();
  /** Where ratings came from (they are embedded in record lines), for the report. */
  recordsEntry = '';
  imageSkips = 0;
  constructor(
    readonly skips: Skips,
    readonly limits: ImportLimits,
    readonly onProgress: OnProgress,
  ) {}
}

// ---------------------------------------------------------------------------------------------------------
// Lines

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Calls `each` with every non-empty line, decoded; lines over the limit are skipped undecoded, and so are
 * lines that are not valid UTF-8 (decoding them leniently would store U+FFFD in their place, silently).
 */
function forEachLine(bytes: Uint8Array, entry: string, parsed: Parsed, each: (text: string, line: number) => void): void {
  const { maxLineBytes, maxLines } = parsed.limits;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 0;
  let counted = 0;
  let reported = 0;
  parsed.onProgress({ phase: 'reading', done: 0, total: bytes.length });
  while (start < bytes.length) {
    if (start - reported >= PROGRESS_EVERY_BYTES) {
      reported = start;
      parsed.onProgress({ phase: 'reading', done: start, total: bytes.length });
    }
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    line += 1;
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    if (stop - start > maxLineBytes) {
      parsed.skips.add(entry, line, 'line-too-long', { limit: maxLineBytes });
    } else if (stop > start) {
      let text: string;
      try {
        text = decoder.decode(bytes.subarray(start, stop));
      } catch {
        parsed.skips.add(entry, line, 'not-utf8');
        start = end + 1;
        continue;
      }
      if (text.trim() !== '') {
        counted += 1;
        if (counted > maxLines) {
          parsed.skips.add(entry, line, 'too-many-lines', { limit: maxLines });
          return;
        }
        each(text, line);
      }
    }
    start = end + 1;
  }
}

function parseJson(text: string, entry: string, line: number, parsed: Parsed): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    parsed.skips.add(entry, line, 'not-json');
    return null;
  }
  if (!isObject(value)) {
    parsed.skips.add(entry, line, 'not-object');
    return null;
  }
  return value;
}

/** Undoes what export.ts adds to a record line: nulls for absent keys, and the convenience columns. */
function fromExportLine(obj: Record<string, unknown>): Record<string, unknown> {
  const { ratings: _ratings, question: _question, imagePaths: _imagePaths, ...rest } = obj;
  for (const key of ['conversationId', 'messageId', 'groupId', 'batch']) if (rest[key] === null) delete rest[key];
  if (isObject(rest.params) && rest.params.seed === null) {
    const { seed: _seed, ...params } = rest.params;
    rest.params = params;
  }
  if (isObject(rest.usage)) rest.usage = Object.fromEntries(Object.entries(rest.usage).filter(([, v]) => v !== null));
  return rest;
}

/** Export lines write \`judge: null\` on people's ratings; the schema knows it as absent. */
function withoutNullJudge(rating: Record<string, unknown>): Record<string, unknown> {
  if (rating.judge !== null) return rating;
  const { judge: _judge, ...rest } = rating;
  return rest;
}

function readRecordLine(obj: Record<string, unknown>, entry: string, line: number, parsed: Parsed): void {
  const checked = checkRecord(fromExportLine(obj));
  if (!checked.ok) {
    parsed.skips.add(entry, line, 'invalid-record', {}, checked.reason);
    return;
  }
  const record = checked.value;
  const first = parsed.recordLines.get(record.id);
  if (first !== undefined) {
    parsed.skips.add(entry, line, 'duplicate-record', { id: record.id, first });
    return;
  }
  parsed.recordLines.set(record.id, line);
  parsed.records.push(record);
  for (const m of record.messages) for (const i of m.images) if (!parsed.referenced.has(i.sha256)) parsed.referenced.set(i.sha256, i);

  const embedded = obj.ratings;
  if (embedded === undefined || embedded === null) return;
  if (!Array.isArray(embedded)) {
    parsed.skips.add(entry, line, 'ratings-not-list');
    return;
  }
  if (embedded.length > parsed.limits.maxRatingsPerRecord) {
    parsed.skips.add(entry, line, 'too-many-ratings', { limit: parsed.limits.maxRatingsPerRecord });
    return;
  }
  embedded.forEach((raw: unknown, k) => {
    // Embedded ratings belong to their line's record, whatever they say.
    const candidate = isObject(raw) ? withoutNullJudge({ schema: 1, ...raw, recordId: record.id }) : raw;
    const rating = checkRating(candidate);
    if (!rating.ok) {
      parsed.skips.add(entry, line, 'invalid-rating', { n: k + 1 }, rating.reason);
      return;
    }
    addRating(rating.value, entry, line, parsed);
  });
}

function addRating(rating: Rating, entry: string, line: number, parsed: Parsed): void {
  const byId = parsed.ratingIds.get(rating.id);
  if (byId !== undefined) {
    parsed.skips.add(entry, line, 'duplicate-rating', { id: rating.id, first: byId });
    return;
  }
  const pair = `${rating.recordId}\u0000${rating.annotator}`;
  const byPair = parsed.ratingPairs.get(pair);
  if (byPair !== undefined) {
    parsed.skips.add(entry, line, 'second-rating', { annotator: rating.annotator, id: rating.recordId, first: byPair });
    return;
  }
  parsed.ratingIds.set(rating.id, line);
  parsed.ratingPairs.set(pair, line);
  parsed.ratings.push({ rating, line });
}

function readVoteLine(obj: Record<string, unknown>, entry: string, line: number, parsed: Parsed): void {
  const checked = checkVote(obj);
  if (!checked.ok) {
    parsed.skips.add(entry, line, 'invalid-vote', {}, checked.reason);
    return;
  }
  const first = parsed.voteLines.get(checked.value.id);
  if (first !== undefined) {
    parsed.skips.add(entry, line, 'duplicate-vote', { id: checked.value.id, first });
    return;
  }
  parsed.voteLines.set(checked.value.id, line);
  parsed.votes.push(checked.value);
}

function readJsonl(bytes: Uint8Array, entry: string, kind: 'records' | 'votes' | 'mixed', parsed: Parsed): void {
  if (kind !== 'votes') parsed.recordsEntry = entry;
  forEachLine(bytes, entry, parsed, (text, line) => {
    const obj = parseJson(text, entry, line, parsed);
    if (!obj) return;
    const isVote = kind === 'votes' || (kind === 'mixed' && 'choice' in obj && 'recordIds' in obj);
    if (isVote) readVoteLine(obj, entry, line, parsed);
    else readRecordLine(obj, entry, line, parsed);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Zip

function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-directory record of an empty archive.
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function unsafeName(name: string): SkipCode | null {
  if (name.includes('\\')) return 'name-backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'name-absolute';
  if (name.includes('..')) return 'name-dotdot';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/.test(name)) return 'name-control';
  return null;
}

const IMAGE_ENTRY = new RegExp(`^images/([0-9a-f]{64})\\.(${IMAGE_EXTS.join('|')})$`);

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readZip(bytes: Uint8Array, parsed: Parsed): Promise<void> {
  const { limits, skips } = parsed;
  const entries = readZipDirectory(bytes, limits.maxEntries);

  // A zip of the extracted folder has everything under one directory: read through it.
  const names = new Set(entries.map((e) => e.name));
  let prefix = '';
  if (!names.has('records.jsonl')) {
    const nested = [...names].filter((n) => /^[^/]+\/records\.jsonl$/.test(n));
    if (nested.length === 1) prefix = (nested[0] as string).slice(0, -'records.jsonl'.length);
  }

  const skipEntry = (entry: string, code: SkipCode, params: Record<string, string | number> = {}) => {
    skips.add(entry, 0, code, params);
    if (/(^|\/)images\//.test(entry)) parsed.imageSkips += 1;
  };
  const wanted = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const unsafe = unsafeName(e.name);
    if (unsafe) {
      skipEntry(e.name, unsafe);
      continue;
    }
    const logical = e.name.startsWith(prefix) ? e.name.slice(prefix.length) : e.name;
    if (logical === 'README.md') continue;
    if (logical !== 'records.jsonl' && logical !== 'votes.jsonl' && !IMAGE_ENTRY.test(logical)) {
      skipEntry(e.name, 'not-export-entry');
      continue;
    }
    if (wanted.has(e.name)) {
      skipEntry(e.name, 'duplicate-entry');
      continue;
    }
    if (e.compression !== 0 && e.compression !== 8) {
      skipEntry(e.name, 'unsupported-compression', { method: e.compression });
      continue;
    }
    wanted.set(e.name, e);
  }
  checkDeclaredSizes([...wanted.values()], bytes.length, limits);

  const files = inflateEntries(bytes, [...wanted.values()], limits, (done, total) =>
    parsed.onProgress({ phase: 'unpacking', done, total }),
  );

  const recordsFile = files.get(`${prefix}records.jsonl`);
  const votesFile = files.get(`${prefix}votes.jsonl`);
  if (!recordsFile && !votesFile) throw new RecordsError('unsupported-file', 'the zip has no records.jsonl');
  if (recordsFile) readJsonl(recordsFile, `${prefix}records.jsonl`, 'records', parsed);
  if (votesFile) readJsonl(votesFile, `${prefix}votes.jsonl`, 'votes', parsed);

  const seen = new Set<string>();
  const imageEntries = [...files].filter(([name]) => IMAGE_ENTRY.test(name.slice(prefix.length)));
  let checked = 0;
  for (const [name, data] of imageEntries) {
    if (checked % 100 === 0) parsed.onProgress({ phase: 'images', done: checked, total: imageEntries.length });
    checked += 1;
    const match = IMAGE_ENTRY.exec(name.slice(prefix.length));
    if (!match) continue;
    const sha256 = match[1] as string;
    const meta = parsed.referenced.get(sha256);
    if (!meta) {
      skipEntry(name, 'image-unreferenced');
      continue;
    }
    if (seen.has(sha256)) {
      skipEntry(name, 'image-duplicate');
      continue;
    }
    const actual = hex(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
    if (actual !== sha256) {
      skipEntry(name, 'image-hash-mismatch');
      continue;
    }
    // Only raster images are stored, by what the record declares and by what the bytes are: an SVG (or a
    // page) stored here would run its scripts on the app's origin if it were ever opened.
    if (!isRasterMime(meta.mime)) {
      skipEntry(name, 'image-declared-not-raster', { mime: meta.mime.slice(0, 60) });
      continue;
    }
    if (rasterOf(data).mime === null) {
      skipEntry(name, 'image-not-raster');
      continue;
    }
    seen.add(sha256);
    // Bytes, not a Blob per image: see repository.ts (KeptImage) for why.
    parsed.images.push({
      sha256,
      data,
      mime: meta.mime,
      width: meta.width,
      height: meta.height,
      bytes: data.length,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Reads an export zip or a bare .jsonl (records, export lines or votes), validates it all, then merges it in
 * one transaction: a stored record is replaced only by a newer one (by endedAt), a rating only by a newer
 * rating of the same (record, annotator) (by updatedAt), a vote only by a newer vote of the same id or the
 * same (annotator, pair of records) (by updatedAt), images are added when absent. Importing the
 * same file twice changes nothing. Whole-file refusals (too large, zip bomb, unreadable) throw RecordsError;
 * StorageFullError when the browser refuses the write (nothing is written then).
 */
export async function importFile(
  file: Blob,
  name: string,
  repo: ImportRepo,
  limits: Partial<ImportLimits> = {},
  onProgress: OnProgress = () => {},
): Promise<ImportReport> {
  const L: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  if (file.size > L.maxFileBytes) {
    throw new RecordsError('file-too-large', `${name} is ${file.size} bytes (limit ${L.maxFileBytes})`, undefined, {
      sizeBytes: file.size,
      limitBytes: L.maxFileBytes,
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = new Parsed(new Skips(L.maxListedSkips), L, onProgress);

  if (isZip(bytes)) {
    await readZip(bytes, parsed);
  } else if (/\.zip$/i.test(name)) {
    throw new RecordsError('corrupt-archive', `${name} is not a zip`);
  } else if (/\.(jsonl|ndjson|json)$/i.test(name) || file.type.includes('json') || file.type.startsWith('text/')) {
    readJsonl(bytes, name, /votes/i.test(name) ? 'votes' : 'mixed', parsed);
  } else {
    throw new RecordsError('unsupported-file', `${name} is neither a zip nor a .jsonl file`);
  }

  const provided = new Set(parsed.images.map((i) => i.sha256));
  const absent = [...parsed.referenced.keys()].filter((h) => !provided.has(h));
  const stored = await Promise.all(absent.map((h) => repo.hasImage(h)));
  const missing = stored.filter((s) => !s).length;

  onProgress({ phase: 'saving', done: 0, total: 0 });
  const merged = await repo.mergeImport({
    records: parsed.records,
    ratings: parsed.ratings,
    votes: parsed.votes,
    images: parsed.images,
  });
  for (const line of merged.ratings.orphanLines) {
    parsed.skips.add(parsed.recordsEntry, line, 'orphan-rating');
  }

  return {
    added: merged.records.added,
    updated: merged.records.updated,
    unchanged: merged.records.unchanged,
    ratings: { added: merged.ratings.added, updated: merged.ratings.updated, unchanged: merged.ratings.unchanged },
    votes: merged.votes,
    images: { added: merged.images.added, unchanged: merged.images.unchanged, skipped: parsed.imageSkips, missing },
    skipped: parsed.skips.items,
    skippedTotal: parsed.skips.total,
  };
}
