// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../i18n';
import BatchScreen from './batch-screen';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the batch screen', () => {
  it('says in words that its storage could not be read; the exception is only a detail', async () => {
    // jsdom has no IndexedDB: opening the batch database fails the way a browser that refuses storage does.
    expect(globalThis.indexedDB).toBeUndefined();
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() => root.render(<BatchScreen />));
    await act(() => vi.waitFor(() => expect(host.querySelector('[data-testid="batch-load-error"]')).not.toBeNull()));
    const notice = host.querySelector('[data-testid="batch-load-error"]')!;
    const detail = notice.querySelector('[data-testid="error-detail"]')!;
    expect(notice.textContent!.replace(detail.textContent!, '')).toBe(translator('en')('batch.loadFailed'));
    expect(detail.textContent).toMatch(/indexedDB|IndexedDB/);
    act(() => root.unmount());
  });
});
