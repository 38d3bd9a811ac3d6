// The zip format where fflate falls short. fflate writes no ZIP64 records: past 65,535 entries its end
// record keeps the count modulo 65,536, and a reader that trusts the count (fflate's own unzipSync among
// them) sees only a part of the archive. And fflate's streaming Unzip slows down with every entry it has
// met (quadratic: minutes for 100,000 images). So the export ends its archives with the ZIP64 records when
// they are needed, and imports read the central directory here, by the size the end record gives (as
// Python's zipfile does: an archive whose count wrapped is read whole), check the sizes it declares, then
// inflate each wanted entry from where the directory says it is, counting what it really expands to.
// fflate still does the inflating. Used by the records import and by Batch's question sets.
import { Inflate, strFromU8 } from 'fflate';
import { RecordsError } from './errors';

/** One entry as the central directory declares it. */
export interface ZipEntry {
  name: string;
  /** Compressed size. */
  size: number;
  originalSize: number;
  compression: number;
  /** Where its local header starts. */
  offset: number;
}

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the uncompressed sizes of the entries that would be read: declared, then as really inflated. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Declared uncompressed / compressed size above which an entry is taken for a bomb... */
  maxRatio: number;
  /** ...when it is larger than this (tiny files compress absurdly well and harm no one). */
  ratioFloorBytes: number;
}

const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_BYTES = 22;
/** An end record sits at most its comment's length (16 bits) before the end of the archive. */
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

function corrupt(why: string): RecordsError {
  return new RecordsError('corrupt-archive', `not a readable zip: ${why}`);
}

/**
 * Every entry of the central directory, with the sizes and method it declares (ZIP64 fields read where they
 * are used). Refuses more than `maxEntries` entries as soon as it meets one more.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - END_BYTES;
  const lowest = Math.max(0, end - MAX_COMMENT);
  while (end >= lowest && view.getUint32(end, true) !== END) end -= 1;
  if (end < lowest) throw corrupt('no end of central directory');

  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === END64_LOCATOR) {
    const end64 = u64(view, locator + 8);
    if (end64 + 56 > locator || view.getUint32(end64, true) !== END64) throw corrupt('a ZIP64 locator that points nowhere');
    size = u64(view, end64 + 40);
    offset = u64(view, end64 + 48);
  }
  const stop = offset + size;
  if (stop > bytes.length) throw corrupt('the central directory lies outside the file');

  const entries: ZipEntry[] = [];
  for (let at = offset; at < stop; ) {
    if (at + 46 > stop || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw corrupt(`a broken central directory entry at byte ${at}`);
    if (entries.length === maxEntries) {
      throw new RecordsError('too-many-entries', `more than ${maxEntries} entries in the zip`, undefined, { limit: maxEntries });
    }
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > stop) throw corrupt(`a central directory entry at byte ${at} runs past the directory`);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) === 0);
    let compressed = view.getUint32(at + 20, true);
    let original = view.getUint32(at + 24, true);
    let local = view.getUint32(at + 42, true);
    // The ZIP64 extra field holds, in this order, only the fields whose 32-bit values are all ones.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + view.getUint16(x + 2, true)) {
      if (view.getUint16(x, true) !== 1) continue;
      let field = x + 4;
      if (original === U32_MAX) {
        original = u64(view, field);
        field += 8;
      }
      if (compressed === U32_MAX) {
        compressed = u64(view, field);
        field += 8;
      }
      if (local === U32_MAX) local = u64(view, field);
      break;
    }
    entries.push({ name, size: compressed, originalSize: original, compression: view.getUint16(at + 10, true), offset: local });
    at = next;
  }
  return entries;
}

/**
 * Refuses, from the directory alone, entries that would expand beyond the limits: one entry too large, one
 * that expands too many times, all of them together too large, or the whole archive expanding too many
 * times (directory entries can lie about compressed sizes as well as uncompressed ones).
 */
export function checkDeclaredSizes(entries: readonly ZipEntry[], archiveBytes: number, limits: ZipLimits): void {
  let declared = 0;
  for (const e of entries) {
    const entry = e.name.slice(0, 200);
    if (e.originalSize > limits.maxEntryBytes) {
      throw new RecordsError(
        'entry-too-large',
        `${e.name} would expand to ${e.originalSize} bytes (limit ${limits.maxEntryBytes})`,
        undefined,
        {
          entry,
          sizeBytes: e.originalSize,
          limitBytes: limits.maxEntryBytes,
        },
      );
    }
    if (e.originalSize > limits.ratioFloorBytes && e.originalSize > limits.maxRatio * Math.max(e.size, 1)) {
      const ratio = Math.round(e.originalSize / Math.max(e.size, 1));
      throw new RecordsError('zip-bomb', `${e.name} would expand ${ratio}-fold`, undefined, { entry, ratio, limit: limits.maxRatio });
    }
    declared += e.originalSize;
    if (declared > limits.maxTotalBytes) {
      throw new RecordsError('unpacks-too-large', `the zip would expand to more than ${limits.maxTotalBytes} bytes`, undefined, {
        limitBytes: limits.maxTotalBytes,
      });
    }
  }
  if (declared > limits.ratioFloorBytes && declared > limits.maxRatio * archiveBytes) {
    const ratio = Math.round(declared / archiveBytes);
    throw new RecordsError('zip-bomb', `the zip would expand ${ratio}-fold`, undefined, { entry: '', ratio, limit: limits.maxRatio });
  }
}

/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1032-fold, so one step's output stays bounded. */
const INFLATE_STEP = 16 * 1024;
const LOCAL_HEADER = 0x04034b50;

/** Where an import is while it inflates: bytes of the archive passed, out of its size. */
export type OnUnpacked = (done: number, total: number) => void;

/**
 * Inflates the given entries (stored or deflated; the caller has refused other methods and checked the
 * declared sizes). What each entry really expands to is counted as it comes: one that expands beyond the
 * size the directory declared is refused at once (its headers lie: the mark of a bomb that hides from size
 * checks), and so is a total beyond the limit; so memory stays bounded whatever the headers say.
 */
export function inflateEntries(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  limits: Pick<ZipLimits, 'maxTotalBytes'>,
  onUnpacked: OnUnpacked = () => {},
): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let reported = 0;
  onUnpacked(0, bytes.length);
  for (const e of entries) {
    if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== LOCAL_HEADER) throw corrupt(`no local header for ${e.name}`);
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const end = start + e.size;
    if (end > bytes.length) throw corrupt(`${e.name} runs past the end of the file`);
    const lying = () =>
      new RecordsError('lying-sizes', `${e.name} expands to more than the ${e.originalSize} bytes it declares`, undefined, {
        entry: e.name.slice(0, 200),
        declaredBytes: e.originalSize,
      });
    const tooLarge = () =>
      new RecordsError('unpacks-too-large', `the zip expands to more than ${limits.maxTotalBytes} bytes`, undefined, {
        limitBytes: limits.maxTotalBytes,
      });
    if (e.compression === 0) {
      if (e.size > e.originalSize) throw lying();
      total += e.size;
      if (total > limits.maxTotalBytes) throw tooLarge();
      files.set(e.name, bytes.subarray(start, end));
    } else {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let failure: RecordsError | null = null;
      const inflater = new Inflate((chunk) => {
        if (failure) return;
        size += chunk.length;
        total += chunk.length;
        if (size > e.originalSize) failure = lying();
        else if (total > limits.maxTotalBytes) failure = tooLarge();
        else if (chunk.length > 0) chunks.push(chunk);
      });
      try {
        for (let at = start; at < end && !failure; at += INFLATE_STEP) {
          inflater.push(bytes.subarray(at, Math.min(end, at + INFLATE_STEP)), at + INFLATE_STEP >= end);
        }
        if (start === end) inflater.push(new Uint8Array(0), true);
      } catch (error) {
        if (!failure)
          throw new RecordsError(
            'corrupt-archive',
            `cannot inflate ${e.name}: ${error instanceof Error ? error.message : String(error)}`,
            error,
          );
      }
      if (failure) throw failure;
      files.set(e.name, concat(chunks, size));
    }
    if (end - reported >= INFLATE_STEP * 64) {
      reported = end;
      onUnpacked(end, bytes.length);
    }
  }
  onUnpacked(bytes.length, bytes.length);
  return files;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The end of an archive that fflate's Zip has just finished: `tail` is its last chunk (the central directory
 * and the 22-byte end record, no comment), `directoryOffset` where that chunk starts in the archive. When the
 * archive has 65,535 entries or more, or its directory lies beyond 4 GiB, the end record's fields are set to
 * "see ZIP64" and a ZIP64 end record and its locator go before it; otherwise the tail is returned as it is.
 * (An entry that starts beyond 4 GiB would also need a ZIP64 field in its directory entry, which fflate does
 * not write; an export that large could not be imported again anyway: the import reads at most 2 GiB.)
 */
export function withZip64End(tail: Uint8Array, directoryOffset: number): Uint8Array {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const size = tail.length - END_BYTES;
  let count = 0;
  for (let at = 0; at < size; at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)) {
    count += 1;
  }
  if (count < U16_MAX && directoryOffset < U32_MAX && size < U32_MAX) return tail;

  const out = new Uint8Array(tail.length + 56 + 20);
  out.set(tail.subarray(0, size));
  const o = new DataView(out.buffer);
  const put64 = (at: number, value: number) => {
    o.setUint32(at, value % 2 ** 32, true);
    o.setUint32(at + 4, Math.floor(value / 2 ** 32), true);
  };
  let at = size;
  o.setUint32(at, END64, true);
  put64(at + 4, 44); // the size of what follows this field
  o.setUint16(at + 12, 45, true); // made by: version 4.5 (ZIP64)
  o.setUint16(at + 14, 45, true); // needed to extract: 4.5
  put64(at + 24, count); // entries on this disk (the only one)
  put64(at + 32, count);
  put64(at + 40, size);
  put64(at + 48, directoryOffset);
  const end64 = directoryOffset + size;
  at += 56;
  o.setUint32(at, END64_LOCATOR, true);
  put64(at + 8, end64);
  o.setUint32(at + 16, 1, true); // one disk
  at += 20;
  o.setUint32(at, END, true);
  o.setUint16(at + 8, Math.min(count, U16_MAX), true);
  o.setUint16(at + 10, Math.min(count, U16_MAX), true);
  o.setUint32(at + 12, Math.min(size, U32_MAX), true);
  o.setUint32(at + 16, Math.min(directoryOffset, U32_MAX), true);
  return out;
}
