// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { useStoredImageUrl } from './use-stored-image-url';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const recordsDatabase = vi.fn();
vi.mock('../records/instance', () => ({ recordsDatabase: () => recordsDatabase() }));
vi.mock('./raster', () => ({ rasterBlob: async (b: Blob) => b }));

function Shown({ sha }: { sha: string }) {
  const url = useStoredImageUrl(sha);
  return <span>{url === undefined ? 'loading' : String(url)}</span>;
}

describe('useStoredImageUrl', () => {
  it('does not keep a failed read: the next use tries again and gets the image', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:one');
    URL.revokeObjectURL = vi.fn();
    const image = { blob: new Blob(['x'], { type: 'image/png' }) };
    recordsDatabase.mockRejectedValueOnce(new Error('blocked')).mockResolvedValue({ connection: () => ({ get: async () => image }) });
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
