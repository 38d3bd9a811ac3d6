// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAt } from '../../test-support/render-at';
import { TabLink } from './tab-link';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.innerHTML = '';
});

/** Which tabs say they are the page showing at `path`. */
function currentAt(path: string): string[] {
  const { host, root } = renderAt(
    path,
    <>
      <TabLink href="/" also={['/record/']} testId="list">
        list
      </TabLink>
      <TabLink href="/queue" testId="queue">
        queue
      </TabLink>
      <TabLink href="/stats" testId="stats">
        stats
      </TabLink>
    </>,
  );
  const current = [...host.querySelectorAll('[aria-current="page"]')].map((a) => a.getAttribute('data-testid') ?? '');
  act(() => root.unmount());
  return current;
}

describe('TabLink', () => {
  it('marks the tab of the page showing, of a page below it, and of the pages it claims, and no other', () => {
    expect(currentAt('/')).toEqual(['list']);
    expect(currentAt('/record/rec-1')).toEqual(['list']);
    expect(currentAt('/queue')).toEqual(['queue']);
    expect(currentAt('/stats/by-model')).toEqual(['stats']);
    expect(currentAt('/statsx')).toEqual([]);
  });
});
