// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './error-boundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Broken(): never {
  throw new Error('render failed');
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ErrorBoundary', () => {
  it('shows its fallback for a render error below it, keeps its siblings, and tries again on a new key', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const page = (key: string, broken: boolean) => (
      <>
        <p>header</p>
        <ErrorBoundary resetKey={key} fallback={(e) => <p role="alert">{(e as Error).message}</p>}>
          {broken ? <Broken /> : <p>route</p>}
        </ErrorBoundary>
      </>
    );
    act(() => root.render(page('/a', true)));
    expect(host.textContent).toBe('headerrender failed');
    act(() => root.render(page('/b', false)));
    expect(host.textContent).toBe('headerroute');
    act(() => root.unmount());
  });
});
