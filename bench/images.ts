// A phone-sized photo for the preparation benchmark, made here so that no binary lives in the repo.
// Smooth gradients alone would compress to almost nothing; per-pixel noise (sensor grain, texture)
// is what makes a real 12 MP JPEG weigh several MB, so both are present. Deterministic, cached.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { withExifOrientation } from '../demo-endpoint/test-images.ts';

const cacheDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');

/** Small seeded PRNG (mulberry32): the same file on every machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function landscape(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  const rnd = random(12);
  for (let y = 0; y < height; y++) {
    const v = y / height;
    for (let x = 0; x < width; x++) {
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
      const i = (y * width + x) * 4;
      data[i] = Math.max(0, Math.min(255, r + grain));
      data[i + 1] = Math.max(0, Math.min(255, g + grain * 0.9));
      data[i + 2] = Math.max(0, Math.min(255, b + grain * 1.1));
      data[i + 3] = 255;
    }
  }
  return data;
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
    const encoded = jpeg.encode({ data: landscape(width, height), width, height }, quality);
    writeFileSync(file, withExifOrientation(Buffer.from(encoded.data), orientation));
  }
  return { path: file, bytes: readFileSync(file).length, width, height, orientation };
}
