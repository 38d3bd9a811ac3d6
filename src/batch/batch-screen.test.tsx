// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../i18n';
import { useAppStore } from '../store';
import { useBatchLists } from './batch-data';
import BatchScreen from './batch-screen';
import type { QuestionSet } from './model';
import { renderAt } from '../../test-support/render-at';
import { unhandledRejectionsDuring } from '../../test-support/unhandled-rejections';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
  useAppStore.getState().setStorageError(null);
});

const set: QuestionSet = {
  schema: 1,
  id: 'set-1',
  name: 'Heron',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  format: 'heron',
  files: [],
  itemCount: 1,
  imageCount: 1,
  categories: [],
};

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

  // Each view reads storage of its own (the run form a set's items, the judge form the rubrics, a run's page its
  // detail). jsdom has no IndexedDB, so every such read fails: the app's storage banner says so, and no
  // promise rejection is left for the console.
  it.each([
    ['the run form', '/new/set-1'],
    ['the judge form', '/judge'],
    ['a run', '/run/run-1'],
  ])('%s: a failed read reaches the storage banner, not the console', async (_view, path) => {
    const unhandled = await unhandledRejectionsDuring(async () => {
      // The lists' own read fails too; the set stands for one that was listed before.
      useBatchLists.setState({ sets: [set] });
      const { root } = renderAt(path, <BatchScreen />);
      await act(() => vi.waitFor(() => expect(useAppStore.getState().storageError?.kind).toBe('failed')));
      expect(useAppStore.getState().storageError?.detail).toMatch(/indexedDB|IndexedDB/);
      act(() => root.unmount());
    });
    expect(unhandled).toEqual([]);
  });
});
