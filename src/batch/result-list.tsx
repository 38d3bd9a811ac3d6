// What both results pages (an answer run's, a judge run's) need to show a long, growing list: reading again
// while a run goes on without slowing it, and a page of it at a time.
import { startTransition, useEffect, useRef, useState } from 'react';
import { useT } from '../store/use-t';

/** While a run goes on, what the results show is read again at most this often. */
const REFRESH_MS = 3000;
const PAGE = 20;

/**
 * Read again after `key` changes, at most every REFRESH_MS (at once the first time). A throttle, not a
 * debounce: while `key` keeps changing (a run reports progress every quarter of a second), the next read still
 * comes REFRESH_MS after the last one.
 */
export function useThrottled<T>(key: number, load: () => Promise<T>, deps: readonly unknown[]): T | null {
  const [value, setValue] = useState<T | null>(null);
  const [tick, setTick] = useState(key);
  const lastRead = useRef(0);
  useEffect(() => {
    if (key === tick) return;
    const timer = setTimeout(() => setTick(key), Math.max(0, lastRead.current + REFRESH_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [key, tick]);
  useEffect(() => {
    let live = true;
    lastRead.current = Date.now();
    // A transition: rendering what was read (a page of answers' Markdown, first parsed when they arrive) is
    // done in slices between the run's progress updates, never as one long task.
    void load().then((v) => live && startTransition(() => setValue(v)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is rebuilt every render; `deps` say when it changes
  }, [tick, ...deps]);
  return value;
}

/** One page of `list` (a page past the end, after a filter shrank the list, shows the last one). */
export function usePage<T>(list: readonly T[]) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(list.length / PAGE));
  const current = Math.min(page, pages - 1);
  return { items: list.slice(current * PAGE, (current + 1) * PAGE), current, pages, setPage };
}

export function Pager({ page, testIdPrefix }: { page: ReturnType<typeof usePage>; testIdPrefix?: string }) {
  const t = useT();
  if (page.pages <= 1) return null;
  return (
    <div className="row pager">
      <button
        type="button"
        disabled={page.current === 0}
        onClick={() => page.setPage(page.current - 1)}
        data-testid={testIdPrefix && `${testIdPrefix}-prev`}
      >
        {t('batch.results.prev')}
      </button>
      <span className="muted small">{t('batch.results.page', { page: page.current + 1, pages: page.pages })}</span>
      <button
        type="button"
        disabled={page.current >= page.pages - 1}
        onClick={() => page.setPage(page.current + 1)}
        data-testid={testIdPrefix && `${testIdPrefix}-next`}
      >
        {t('batch.results.next')}
      </button>
    </div>
  );
}
