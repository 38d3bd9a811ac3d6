// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { StartForm } from './start-form';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('StartForm', () => {
  it('says in words that a run could not start, keeps the exception as a detail, and can be submitted again', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    let attempts = 0;
    const onStart = () => {
      attempts += 1;
      return Promise.reject(new DOMException('Transaction aborted by quota', 'QuotaExceededError'));
    };
    act(() =>
      root.render(
        <StartForm testId="f" onStart={onStart} canStart startLabel="Go" startTestId="go">
          <p>fields</p>
        </StartForm>,
      ),
    );
    const button = host.querySelector<HTMLButtonElement>('[data-testid="go"]')!;
    await act(async () => button.click());
    const alert = host.querySelector('[data-testid="start-error"]')!;
    const detail = alert.querySelector('[data-testid="error-detail"]')!;
    expect(alert.textContent!.replace(detail.textContent!, '')).toBe(translator('en')('batch.form.startFailed'));
    expect(detail.textContent).toContain('QuotaExceededError: Transaction aborted by quota');
    expect(button.disabled).toBe(false);
    await act(async () => button.click());
    expect(attempts).toBe(2);
    act(() => root.unmount());
  });
});
