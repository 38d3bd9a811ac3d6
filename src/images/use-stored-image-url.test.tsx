// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { useStoredImageUrl } from './use-stored-image-url';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const recordsRepo = vi.fn();
vi.mock('../records/instance', () => ({ recordsRepo: () => recordsRepo() }));
vi.mock('./raster', () => ({ rasterBlob: async (b: Blob) => b }));

function Shown({ sha }: { sha: string }) {
  const url = useStoredImageUrl(sha);
  return <span>{url === undefined ? 'loading' : String(url)}</span>;
}

describe('useStoredImageUrl', () => {
  it('does not keep a failed read: the next use tries again and gets the image', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:one');
    URL.revokeObjectURL = vi.fn();
    recordsRepo
      .mockRejectedValueOnce(new Error('blocked'))
      .mockResolvedValue({ getImage: async () => ({ blob: new Blob(['x'], { type: 'image/png' }) }) });
    const host = document.createElement('div');
    const root = createRoot(host);
    await act(async () => root.render(<Shown sha="a" />));
    expect(host.textContent).toBe('null');
    await act(async () => root.render(<Shown sha="b" />));
    await act(async () => root.render(<Shown sha="a" />));
    expect(host.textContent).toBe('blob:one');
    act(() => root.unmount());
  });
});
