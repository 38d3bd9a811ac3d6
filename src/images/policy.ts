import type { ImagePolicy } from '../config/schema';

export interface Size {
  width: number;
  height: number;
}

/**
 * The size an image is sent at. The constrained side lands exactly on the policy's number, the other keeps the
 * aspect ratio, and nothing is ever upscaled: extra pixels the endpoint cannot use only cost bandwidth.
 */
export function targetSize(width: number, height: number, policy: ImagePolicy): Size {
  const w = toDimension(width);
  const h = toDimension(height);
  if ('passThrough' in policy) return { width: w, height: h };

  const limit = 'shortSide' in policy ? policy.shortSide : policy.longSide;
  const constrained = 'shortSide' in policy ? Math.min(w, h) : Math.max(w, h);
  if (constrained <= limit) return { width: w, height: h };

  const scale = limit / constrained;
  const scaled = (side: number) => (side === constrained ? limit : Math.min(side, Math.max(1, Math.round(side * scale))));
  // A square has both sides "constrained"; the comparison above then sets both to the limit, which is right.
  return { width: scaled(w), height: scaled(h) };
}

function toDimension(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.round(n) : 1;
}
