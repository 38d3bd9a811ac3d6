// A phone-sized photo for the preparation benchmark, made here so that no binary lives in the repo.
// Smooth gradients alone would compress to almost nothing; per-pixel noise (sensor grain, texture)
// is what makes a real 12 MP JPEG weigh several MB, so both are present. Deterministic, cached.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/stats/random';
import { jpegImage, withExifOrientation, type Painter } from '../test-support/images';

const cacheDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');

/** A landscape with sensor grain; the grain is drawn in painting order (row by row), so the same seed paints the same file. */
function landscape(width: number, height: number): Painter {
  const rnd = seededRandom(12); // the same file on every machine
  const clamp = (n: number) => Math.max(0, Math.min(255, n));
  return (x, y) => {
    const v = y / height;
    const u = x / width;
    const horizon = 0.55 + 0.06 * Math.sin(u * 9) + 0.03 * Math.sin(u * 31 + 1);
    let r: number, g: number, b: number;
    if (v < horizon) {
      // Sky: blue at the top, paler towards the horizon, with a sun.
      r = 90 + 120 * v;
      g = 140 + 90 * v;
      b = 230 - 20 * v;
      const sun = Math.hypot(u - 0.75, (v - 0.2) * 0.75);
      if (sun < 0.06) {
        r = 255;
        g = 245;
        b = 210;
      } else if (sun < 0.2) {
        r += 80 * (0.2 - sun);
        g += 60 * (0.2 - sun);
      }
    } else {
      // Ground: green fields with furrows and a brown foreground.
      const d = (v - horizon) / (1 - horizon);
      const furrow = 18 * Math.sin(u * 200 * (0.3 + d) + d * 40);
      r = 60 + 90 * d + furrow;
      g = 120 - 30 * d + furrow;
      b = 40 + 20 * d;
    }
    const grain = (rnd() + rnd() - 1) * 28; // roughly Gaussian sensor noise
    return [clamp(r + grain), clamp(g + grain * 0.9), clamp(b + grain * 1.1), 255];
  };
}

/**
 * Path of a 4032x3024 quality-90 JPEG (what a 12 MP phone camera writes) with an EXIF orientation, as a
 * phone held upright writes it (6: the stored pixels are turned a quarter clockwise for display), generated once.
 */
export function ensurePhoto(
  width = 4032,
  height = 3024,
  quality = 90,
  orientation = 6,
): { path: string; bytes: number; width: number; height: number; orientation: number } {
  const file = path.join(cacheDir, `photo-${width}x${height}-q${quality}-exif${orientation}.jpg`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, withExifOrientation(jpegImage(width, height, landscape(width, height), quality), orientation));
  }
  return { path: file, bytes: readFileSync(file).length, width, height, orientation };
}
