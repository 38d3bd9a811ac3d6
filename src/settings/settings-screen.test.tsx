// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes } from '../i18n';
import { unhandledRejectionsDuring } from '../../test-support/unhandled-rejections';
import { SettingsScreen, type SettingsServices } from './settings-screen';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

async function show(estimateStorage: SettingsServices['estimateStorage']): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  await act(async () => root.render(<SettingsScreen services={{ estimateStorage, clearAll: () => Promise.resolve() }} />));
  return host;
}

describe('the settings screen', () => {
  it('shows the storage in use when the browser can tell', async () => {
    const host = await show(() => Promise.resolve({ usage: 2_500_000, quota: 1_000_000_000 }));
    await vi.waitFor(() => expect(host.querySelector('[data-testid="storage-use"]')?.textContent).toContain(formatBytes(2_500_000)));
  });

  it('leaves the storage figures out when their estimate fails, and nothing reaches the console', async () => {
    let host: HTMLElement | null = null;
    const unhandled = await unhandledRejectionsDuring(async () => {
      host = await show(() => Promise.reject(new Error('the estimate code did not arrive')));
    });
    expect(unhandled).toEqual([]);
    expect(host!.querySelector('[data-testid="storage-use"]')).toBeNull();
    expect(host!.querySelector('[data-testid="clear-all"]')).not.toBeNull();
  });
});
