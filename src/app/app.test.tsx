// @vitest-environment jsdom
// The Chat route is part of the first load (not a lazy screen whose chunk can fail): a render error in it is
// made here by a Chat screen that throws. Its own panel shows; the header and the other routes keep working.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../i18n';
import { useAppStore } from '../store';
import { App } from './app';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

vi.mock('../chat/chat-screen', () => ({
  ChatScreen: () => {
    throw new Error('the chat screen broke while rendering');
  },
}));

afterEach(() => {
  document.body.innerHTML = '';
  location.hash = '';
});

describe('the app shell', () => {
  it(
    'shows a Chat that throws as its own panel; the header, the language switch and the other routes keep working',
    { timeout: 30_000 },
    async () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      useAppStore.getState().setLang('ja');
      useAppStore.getState().setHydrated();
      const host = document.createElement('div');
      document.body.append(host);
      const root = createRoot(host);
      act(() => root.render(<App />));
      const panel = () => host.querySelector('[data-testid="route-error"]');
      expect(panel()?.textContent).toContain(translator('ja')('app.routeFailed'));
      expect(panel()?.querySelector('[data-testid="error-detail"]')?.textContent).toContain('the chat screen broke while rendering');

      act(() => host.querySelector<HTMLButtonElement>('[data-testid="lang-toggle"]')!.click());
      expect(panel()?.textContent).toContain(translator('en')('app.routeFailed'));
      expect(host.querySelector('[data-testid="nav-chat"]')?.textContent).toBe(translator('en')('nav.chat'));

      act(() => host.querySelector<HTMLAnchorElement>('[data-testid="nav-settings"]')!.click());
      // The settings screen's code loads (a lazy view): each look lets React apply what arrived meanwhile.
      await vi.waitFor(
        async () => {
          await act(async () => undefined);
          expect(host.querySelector('[data-testid="endpoint-row"]')).not.toBeNull();
        },
        { timeout: 20_000 },
      );
      expect(panel()).toBeNull();
      // Settings' storage figures load start-up code (bootstrap.ts and what it imports): let that finish
      // before the test ends, or its imports outlive the test environment.
      await import('./bootstrap');
      act(() => root.unmount());
    },
  );
});
