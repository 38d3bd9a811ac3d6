// Identifies an image by its magic bytes and reads its pixel size from the header alone, so that files which
// would decode to gigapixels (decompression bombs) are refused before anything decodes them. Every read is
// bounds-checked: the input is whatever the user dropped, possibly garbage or cut short.

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'heic' | 'heif' | 'svg' | 'tiff' | 'unknown';

export interface SniffResult {
  format: ImageFormat;
  /** The MIME type of the detected format (not the one the file claims); null when unknown. */
  mime: string | null;
  /** Stored pixel size, as the header says; null when the header does not say or could not be read. */
  width: number | null;
  height: number | null;
  /** JPEG EXIF Orientation (1-8) when present. */
  exifOrientation: number | null;
  /** The size as displayed: width and height swapped for EXIF orientations 5-8. */
  displayWidth: number | null;
  displayHeight: number | null;
  /** The bytes ended inside the header before the size was found: sniff a longer head of the file. */
  truncated: boolean;
}

/** Enough for nearly every header; callers retry with more when `truncated` says so. */
export const SNIFF_HEAD_BYTES = 64 * 1024;

const MIME: Record<ImageFormat, string | null> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  heic: 'image/heic',
  heif: 'image/heif',
  svg: 'image/svg+xml',
  tiff: 'image/tiff',
  unknown: null,
};

interface Header {
  width: number | null;
  height: number | null;
  exifOrientation?: number | null;
  truncated: boolean;
}

const NO_HEADER: Header = { width: null, height: null, truncated: false };
const CUT_SHORT: Header = { width: null, height: null, truncated: true };

export function sniffImage(bytes: Uint8Array): SniffResult {
  try {
    return sniffUnsafe(new Reader(bytes));
  } catch {
    // The readers check bounds; this only keeps the "never throws" promise if one of them missed a case.
    return result('unknown', NO_HEADER);
  }
}

function sniffUnsafe(r: Reader): SniffResult {
  if (r.matches(0, [0xff, 0xd8, 0xff])) return result('jpeg', readJpeg(r));
  if (r.matches(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result('png', readPng(r));
  if (r.ascii(0, 6) === 'GIF87a' || r.ascii(0, 6) === 'GIF89a') return result('gif', readGif(r));
  if (r.ascii(0, 4) === 'RIFF' && r.ascii(8, 4) === 'WEBP') return result('webp', readWebp(r));
  if (r.ascii(0, 4) === 'II*\0' || r.ascii(0, 4) === 'MM\0*') return result('tiff', NO_HEADER);
  if (r.ascii(4, 4) === 'ftyp') {
    const format = isoBrand(r);
    return format === 'unknown' ? result('unknown', NO_HEADER) : result(format, readIsoSize(r));
  }
  if (r.ascii(0, 2) === 'BM') {
    const bmp = readBmp(r);
    if (bmp) return result('bmp', bmp);
  }
  if (looksLikeSvg(r)) return result('svg', NO_HEADER);
  return result('unknown', NO_HEADER);
}

function result(format: ImageFormat, h: Header): SniffResult {
  const exifOrientation = h.exifOrientation ?? null;
  const swap = exifOrientation !== null && exifOrientation >= 5;
  return {
    format,
    mime: MIME[format],
    width: h.width,
    height: h.height,
    exifOrientation,
    displayWidth: swap ? h.height : h.width,
    displayHeight: swap ? h.width : h.height,
    truncated: h.truncated,
  };
}

/** Bounds-checked reads: out of range is reported as null, never thrown. */
class Reader {
  readonly length: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  has(offset: number, count: number): boolean {
    return offset >= 0 && offset + count <= this.length;
  }
  u8(o: number): number | null {
    return this.has(o, 1) ? this.view.getUint8(o) : null;
  }
  u16(o: number, littleEndian = false): number | null {
    return this.has(o, 2) ? this.view.getUint16(o, littleEndian) : null;
  }
  u24le(o: number): number | null {
    return this.has(o, 3) ? this.view.getUint16(o, true) + (this.view.getUint8(o + 2) << 16) : null;
  }
  u32(o: number, littleEndian = false): number | null {
    return this.has(o, 4) ? this.view.getUint32(o, littleEndian) : null;
  }
  i32le(o: number): number | null {
    return this.has(o, 4) ? this.view.getInt32(o, true) : null;
  }
  ascii(o: number, count: number): string {
    if (!this.has(o, count)) return '';
    let s = '';
    for (let i = o; i < o + count; i++) s += String.fromCharCode(this.view.getUint8(i));
    return s;
  }
  matches(o: number, expected: readonly number[]): boolean {
    return this.has(o, expected.length) && expected.every((b, i) => this.view.getUint8(o + i) === b);
  }
}

function size(width: number | null, height: number | null): Header {
  if (width === null || height === null) return CUT_SHORT;
  // Zero is what a broken or "defined later" header says; it is no size to check against.
  return width > 0 && height > 0 ? { width, height, truncated: false } : NO_HEADER;
}

function readPng(r: Reader): Header {
  if (!r.has(0, 24)) return CUT_SHORT;
  if (r.ascii(12, 4) !== 'IHDR') return NO_HEADER;
  return size(r.u32(16), r.u32(20));
}

function readGif(r: Reader): Header {
  return size(r.u16(6, true), r.u16(8, true));
}

function readWebp(r: Reader): Header {
  const chunk = r.ascii(12, 4);
  if (chunk === 'VP8 ') {
    if (!r.has(20, 10)) return CUT_SHORT;
    if (!r.matches(23, [0x9d, 0x01, 0x2a])) return NO_HEADER;
    return size((r.u16(26, true) ?? 0) & 0x3fff, (r.u16(28, true) ?? 0) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    const bits = r.u32(21, true);
    if (r.u8(20) === null || bits === null) return CUT_SHORT;
    if (r.u8(20) !== 0x2f) return NO_HEADER;
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const w = r.u24le(24);
    const h = r.u24le(27);
    return w === null || h === null ? CUT_SHORT : size(w + 1, h + 1);
  }
  return r.has(12, 4) ? NO_HEADER : CUT_SHORT;
}

const BMP_INFO_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** "BM" alone is too weak a signature (plenty of text starts with it), so the info header must also make sense. */
function readBmp(r: Reader): Header | null {
  const infoSize = r.u32(14, true);
  if (infoSize === null || !BMP_INFO_SIZES.has(infoSize)) return null;
  if (infoSize === 12) return size(r.u16(18, true), r.u16(20, true));
  const w = r.i32le(18);
  const h = r.i32le(22);
  // A negative height marks a top-down bitmap.
  return size(w, h === null ? null : Math.abs(h));
}

function looksLikeSvg(r: Reader): boolean {
  const head = new TextDecoder('utf-8').decode(r.bytes.subarray(0, SNIFF_HEAD_BYTES));
  const text = head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<svg')) return true;
  // Any XML starts like this; only call it SVG when an <svg> element follows.
  return (text.startsWith('<?xml') || text.startsWith('<!doctype svg') || text.startsWith('<!--')) && text.includes('<svg');
}

// --- JPEG -------------------------------------------------------------------------------------------------

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(r: Reader): Header {
  let exifOrientation: number | null = null;
  let i = 2;
  for (;;) {
    const first = r.u8(i);
    if (first === null) return { ...CUT_SHORT, exifOrientation };
    if (first !== 0xff) return { ...NO_HEADER, exifOrientation };
    while (r.u8(i) === 0xff) i++; // fill bytes may pad any marker
    const marker = r.u8(i);
    if (marker === null) return { ...CUT_SHORT, exifOrientation };
    i++;
    const standalone = marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
    if (standalone) continue;
    // End of image or start of scan before any frame header: the file has no size to give.
    if (marker === 0xd9 || marker === 0xda || marker === 0x00) return { ...NO_HEADER, exifOrientation };
    const length = r.u16(i);
    if (length === null) return { ...CUT_SHORT, exifOrientation };
    if (length < 2) return { ...NO_HEADER, exifOrientation };
    const body = i + 2;
    const end = i + length;
    if (SOF_MARKERS.has(marker)) return { ...size(r.u16(body + 3), r.u16(body + 1)), exifOrientation };
    if (marker === 0xe1 && exifOrientation === null) exifOrientation = readExifOrientation(r, body, Math.min(end, r.length));
    i = end;
  }
}

function readExifOrientation(r: Reader, start: number, end: number): number | null {
  if (r.ascii(start, 6) !== 'Exif\0\0') return null;
  const tiff = start + 6;
  const order = r.ascii(tiff, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  if (r.u16(tiff + 2, le) !== 42) return null;
  const ifdOffset = r.u32(tiff + 4, le);
  if (ifdOffset === null) return null;
  const ifd = tiff + ifdOffset;
  const count = r.u16(ifd, le);
  if (count === null) return null;
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) return null;
    if (r.u16(entry, le) !== 0x0112) continue;
    if (r.u16(entry + 2, le) !== 3) return null; // Orientation is a SHORT
    const value = r.u16(entry + 8, le);
    return value !== null && value >= 1 && value <= 8 ? value : null;
  }
  return null;
}

// --- ISO-BMFF (AVIF, HEIC/HEIF) ---------------------------------------------------------------------------

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);

function isoBrand(r: Reader): ImageFormat {
  const boxSize = r.u32(0) ?? 0;
  const brands = [r.ascii(8, 4)];
  for (let o = 16; o + 4 <= Math.min(boxSize, r.length); o += 4) brands.push(r.ascii(o, 4));
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heif';
  return 'unknown'; // mp4, mov, camera raw and others share the ftyp box
}

interface Box {
  type: string;
  body: number;
  /** Declared end; may lie past the bytes we have. */
  end: number;
}

/** The boxes between `from` and `to`; `truncated` when a box header lies past the bytes we have. */
function childBoxes(r: Reader, from: number, to: number): { boxes: Box[]; truncated: boolean } {
  const boxes: Box[] = [];
  let o = from;
  while (o < to) {
    const size32 = r.u32(o);
    const type = r.ascii(o + 4, 4);
    if (size32 === null || type === '') return { boxes, truncated: true };
    let body = o + 8;
    let end = size32 === 0 ? Number.MAX_SAFE_INTEGER : o + size32;
    if (size32 === 1) {
      const high = r.u32(o + 8);
      const low = r.u32(o + 12);
      if (high === null || low === null) return { boxes, truncated: true };
      body = o + 16;
      end = o + high * 2 ** 32 + low;
    }
    if (end < body) return { boxes, truncated: false }; // nonsense size: stop, nothing more to trust
    boxes.push({ type, body, end });
    o = end;
  }
  return { boxes, truncated: false };
}

/**
 * The `ispe` (image spatial extent) properties in meta/iprp/ipco. Grid images carry one per tile and one for the
 * whole; the largest is the size a decoder would allocate, which is what the bomb check needs.
 */
function readIsoSize(r: Reader): Header {
  const top = childBoxes(r, 0, r.length);
  const meta = top.boxes.find((b) => b.type === 'meta');
  if (!meta) return top.truncated || top.boxes.some((b) => b.end > r.length) ? CUT_SHORT : NO_HEADER;
  const metaEnd = Math.min(meta.end, r.length);
  // meta is a FullBox: version and flags come before its children.
  const iprp = childBoxes(r, meta.body + 4, metaEnd).boxes.find((b) => b.type === 'iprp');
  const ipco = iprp && childBoxes(r, iprp.body, Math.min(iprp.end, r.length)).boxes.find((b) => b.type === 'ipco');
  let best: Header | null = null;
  if (ipco) {
    for (const box of childBoxes(r, ipco.body, Math.min(ipco.end, r.length)).boxes) {
      if (box.type !== 'ispe') continue;
      const found = size(r.u32(box.body + 4), r.u32(box.body + 8));
      if (found.width !== null && found.height !== null && (best?.width ?? 0) * (best?.height ?? 0) < found.width * found.height)
        best = found;
    }
  }
  if (best) return best;
  return meta.end > r.length ? CUT_SHORT : NO_HEADER;
}
