/*
 * Measures what an honest non-model can say about pixels: brightness, dominant named colours and
 * whether the image looks like text. Everything is integer arithmetic over a fixed sampling grid,
 * so the same bytes always give the same words.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { probeImage, type ImageProbe } from './image-probe.ts';

export const COLOUR_NAMES = [
  'red',
  'orange',
  'yellow',
  'green',
  'cyan',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'grey',
  'white',
] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];
export type Brightness = 'dark' | 'medium' | 'bright';

export interface ColourShare {
  name: ColourName;
  percent: number;
}

export interface PixelStats {
  /** Mean luma (Rec. 601) over the sampled pixels, 0-255. */
  meanBrightness: number;
  brightness: Brightness;
  /** Up to three colours, most frequent first. */
  colours: ColourShare[];
  looksLikeText: boolean;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8Array;
}

export type SkipReason = 'format' | 'too-large' | 'undecodable';

export interface ImageReport {
  probe: ImageProbe;
  /** Set when pixels were decoded; otherwise `skipped` says why not. */
  pixels: PixelStats | null;
  skipped: SkipReason | null;
}

/** Beyond this a request could make the server allocate gigabytes; the app sends far less. */
export const MAX_DECODE_PIXELS = 24_000_000;
const MAX_DECODE_MEMORY_MB = 512;
/** The long side of the sampling grid: enough for thin strokes, cheap for a 12 MP photo. */
const GRID_LONG_SIDE = 512;

/** An image as the endpoint received it: what its header says (the request log) and what its pixels measure. */
export interface SentImage {
  probe: ImageProbe;
  report: ImageReport;
}

// Decoding a photo in plain JavaScript takes tens of milliseconds, and even turning a 130 KB photo's base64
// back into bytes, or hashing it, costs a few tenths of a millisecond; a batch run sends the same few images
// hundreds of times. The same base64 text is the same bytes, which always measure the same: the images last
// sent are kept by their text (a Map compares it exactly, faster than a hash could be computed), at most
// KEPT_IMAGES of them and KEPT_CHARS of text in all.
const KEPT_IMAGES = 64;
const KEPT_CHARS = 64 * 1024 * 1024;
const kept = new Map<string, SentImage>();
let keptChars = 0;

/** The image in a data URL or bare base64 payload, measured at its first arrival and remembered by its text. */
export function sentImage(payload: string): SentImage {
  const known = kept.get(payload);
  if (known) return known;
  const bytes = decodeImagePayload(payload);
  const image = { probe: probeImage(bytes), report: analyseImage(bytes) };
  kept.set(payload, image);
  keptChars += payload.length;
  for (const [text] of kept) {
    if (kept.size <= KEPT_IMAGES && keptChars <= KEPT_CHARS) break;
    kept.delete(text);
    keptChars -= text.length;
  }
  return image;
}

/** Bytes of a data URL, or of bare base64 (the task endpoint shape). */
function decodeImagePayload(payload: string): Uint8Array {
  const comma = payload.startsWith('data:') ? payload.indexOf(',') : -1;
  return new Uint8Array(Buffer.from(payload.slice(comma + 1), 'base64'));
}

export function analyseImage(data: Uint8Array): ImageReport {
  const probe = probeImage(data);
  if (probe.format !== 'png' && probe.format !== 'jpeg') return { probe, pixels: null, skipped: 'format' };
  if (probe.width !== null && probe.height !== null && probe.width * probe.height > MAX_DECODE_PIXELS) {
    return { probe, pixels: null, skipped: 'too-large' };
  }
  const image = decode(probe.format, data);
  if (image === null) return { probe, pixels: null, skipped: 'undecodable' };
  return {
    probe: { ...probe, width: image.width, height: image.height },
    pixels: measurePixels(image),
    skipped: null,
  };
}

function decode(format: 'png' | 'jpeg', data: Uint8Array): RgbaImage | null {
  try {
    if (format === 'jpeg') {
      const image = jpeg.decode(data, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_DECODE_PIXELS / 1_000_000,
        maxMemoryUsageInMB: MAX_DECODE_MEMORY_MB,
      });
      return { width: image.width, height: image.height, data: image.data };
    }
    const png = PNG.sync.read(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return { width: png.width, height: png.height, data: png.data };
  } catch {
    return null;
  }
}

export function measurePixels(image: RgbaImage): PixelStats {
  const grid = sampleGrid(image);
  const colourCounts = new Map<ColourName, number>();
  let lumaSum = 0;
  for (let i = 0; i < grid.luma.length; i++) {
    lumaSum += grid.luma[i] ?? 0;
    const name = grid.colour[i] ?? 'black';
    colourCounts.set(name, (colourCounts.get(name) ?? 0) + 1);
  }
  const total = Math.max(1, grid.luma.length);
  const meanBrightness = Math.round(lumaSum / total);
  const colours = [...colourCounts.entries()]
    .sort((a, b) => b[1] - a[1] || COLOUR_NAMES.indexOf(a[0]) - COLOUR_NAMES.indexOf(b[0]))
    .slice(0, 3)
    .map(([name, count]) => ({ name, percent: Math.round((count * 100) / total) }));
  return {
    meanBrightness,
    brightness: meanBrightness < 85 ? 'dark' : meanBrightness < 170 ? 'medium' : 'bright',
    colours,
    looksLikeText: looksLikeText(grid),
  };
}

interface Grid {
  width: number;
  height: number;
  luma: Uint8Array;
  colour: ColourName[];
}

/** Point sampling (not averaging) keeps one-pixel strokes two-toned instead of blurring them grey. */
function sampleGrid(image: RgbaImage): Grid {
  const step = Math.max(1, Math.ceil(Math.max(image.width, image.height) / GRID_LONG_SIDE));
  const width = Math.ceil(image.width / step);
  const height = Math.ceil(image.height / step);
  const luma = new Uint8Array(width * height);
  const colour: ColourName[] = [];
  for (let gy = 0; gy < height; gy++) {
    for (let gx = 0; gx < width; gx++) {
      const at = (gy * step * image.width + gx * step) * 4;
      const alpha = image.data[at + 3] ?? 255;
      const r = overWhite(image.data[at] ?? 0, alpha);
      const g = overWhite(image.data[at + 1] ?? 0, alpha);
      const b = overWhite(image.data[at + 2] ?? 0, alpha);
      luma[gy * width + gx] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      colour.push(nameColour(r, g, b));
    }
  }
  return { width, height, luma, colour };
}

/**
 * Transparent areas are judged as shown on a white page. A function of its own, not a closure made per pixel:
 * under tsx (esbuild's keepNames) each closure made is also named, which took most of a photo's measuring time.
 */
function overWhite(value: number, alpha: number): number {
  return Math.round((value * alpha + 255 * (255 - alpha)) / 255);
}

/** Hue bands of a small palette, with brown as dark orange/yellow and pink as light red. */
export function nameColour(r: number, g: number, b: number): ColourName {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  const lightness = (max + min) / 510;
  if (chroma < 26 || (lightness < 0.1 && chroma < 40)) {
    if (lightness >= 0.85) return 'white';
    if (lightness < 0.2) return 'black';
    return 'grey';
  }
  const hue = hueDegrees(r, g, b, max, chroma);
  if (hue >= 12 && hue < 50 && lightness < 0.4) return 'brown';
  if (hue < 12 || hue >= 340) return lightness > 0.75 ? 'pink' : 'red';
  if (hue < 42) return 'orange';
  if (hue < 70) return 'yellow';
  if (hue < 160) return 'green';
  if (hue < 200) return 'cyan';
  if (hue < 255) return 'blue';
  if (hue < 290) return 'purple';
  return 'pink';
}

function hueDegrees(r: number, g: number, b: number, max: number, chroma: number): number {
  const sector = max === r ? ((g - b) / chroma + 6) % 6 : max === g ? (b - r) / chroma + 2 : (r - g) / chroma + 4;
  return sector * 60;
}

/*
 * Text and documents are two-toned (ink on paper), the ink is the minority, and its strokes are
 * thin and many. A silhouette is two-toned too but has few, thick regions; a photo is not
 * two-toned. Deliberately simple, so a reader can predict it.
 */
function looksLikeText(grid: Grid): boolean {
  const total = grid.luma.length;
  if (grid.width < 8 || grid.height < 8) return false;
  const histogram = new Array<number>(16).fill(0);
  for (const value of grid.luma) histogram[value >> 4] = (histogram[value >> 4] ?? 0) + 1;
  const first = argMax(histogram, () => true);
  const second = argMax(histogram, (bin) => Math.abs(bin - first) >= 5);
  if (second < 0) return false;
  const near = (bin: number): number => (histogram[bin - 1] ?? 0) + (histogram[bin] ?? 0) + (histogram[bin + 1] ?? 0);
  if (near(first) + near(second) < total * 0.8) return false;

  const threshold = ((first + second + 1) * 16) / 2;
  const inkIsDark = second < first;
  const isInk = (i: number): boolean => (grid.luma[i] ?? 0) < threshold === inkIsDark;
  let ink = 0;
  let transitions = 0;
  let rowRuns = 0;
  let columnRuns = 0;
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const i = y * grid.width + x;
      if (!isInk(i)) continue;
      ink++;
      if (x === 0 || !isInk(i - 1)) rowRuns++;
      if (y === 0 || !isInk(i - grid.width)) columnRuns++;
      if (x > 0 && !isInk(i - 1)) transitions++;
      if (x + 1 < grid.width && !isInk(i + 1)) transitions++;
      if (y > 0 && !isInk(i - grid.width)) transitions++;
      if (y + 1 < grid.height && !isInk(i + grid.width)) transitions++;
    }
  }
  const inkShare = ink / total;
  if (inkShare < 0.01 || inkShare > 0.5) return false;
  const pairs = (grid.width - 1) * grid.height + grid.width * (grid.height - 1);
  const edgeDensity = transitions / pairs;
  const strokeWidth = Math.min(ink / rowRuns, ink / columnRuns);
  const thinLimit = Math.max(3, 0.04 * Math.min(grid.width, grid.height));
  return edgeDensity >= 0.02 && strokeWidth <= thinLimit;
}

function argMax(values: readonly number[], allowed: (index: number) => boolean): number {
  let best = -1;
  values.forEach((value, index) => {
    if (allowed(index) && value > 0 && (best < 0 || value > (values[best] ?? 0))) best = index;
  });
  return best;
}
