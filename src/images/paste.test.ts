import { describe, expect, it } from 'vitest';
import { filesFromClipboard } from './paste';

const item = (kind: string, file: File | null) => ({ kind, getAsFile: () => file });
const clipboard = (items: ReturnType<typeof item>[], files: File[] = []) => ({ items, files }) as unknown as DataTransfer;

describe('filesFromClipboard', () => {
  it('takes file items and skips text', () => {
    const a = new File(['a'], 'image.png', { type: 'image/png' });
    const b = new File(['b'], 'image.png', { type: 'image/png' });
    expect(filesFromClipboard(clipboard([item('string', null), item('file', a), item('file', null), item('file', b)]))).toEqual([a, b]);
  });

  it('falls back to files and copes with nothing', () => {
    const a = new File(['a'], 'x.jpg');
    expect(filesFromClipboard(clipboard([], [a]))).toEqual([a]);
    expect(filesFromClipboard(clipboard([item('string', null)]))).toEqual([]);
    expect(filesFromClipboard(null)).toEqual([]);
  });
});
