// Reads back what an <img> shows, so a test can tell an upright photo from a sideways one by its colours.
import type { Locator } from '@playwright/test';

export type Rgb = [number, number, number];

/** The colour at (fx, fy), fractions of the displayed image's width and height. */
export function colourAt(img: Locator, fx: number, fy: number): Promise<Rgb> {
  return img.evaluate(
    async (el, [x, y]) => {
      const image = el as HTMLImageElement;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const d = ctx.getImageData(Math.floor(x * canvas.width), Math.floor(y * canvas.height), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as Rgb;
    },
    [fx, fy] as const,
  );
}

/** Which of red or blue dominates a colour (the test photos are made of those two). */
export const redOrBlue = ([r, , b]: Rgb): 'red' | 'blue' | 'neither' =>
  r > 150 && b < 100 ? 'red' : b > 150 && r < 100 ? 'blue' : 'neither';
