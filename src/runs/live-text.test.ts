import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendLive, endLive, OUT_OF_VIEW_INTERVAL_MS, RENDER_INTERVAL_MS, setEndInView, startLive, useLiveText } from './live-text';

// A fake clock: what is asserted is the order of renders against the stream, not the machine's speed.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  endLive('a');
  vi.useRealTimers();
});

function countRenders() {
  const shown: string[] = [];
  const unsubscribe = useLiveText.subscribe((s) => shown.push(s.answers.a?.text ?? '(ended)'));
  return { shown, unsubscribe };
}

/** 200 chunks a second for one second, into each of these answers. */
function streamOneSecond(...ids: string[]) {
  for (let i = 0; i < 200; i++) {
    for (const id of ids) appendLive(id, `${i} `);
    vi.advanceTimersByTime(5);
  }
}
const ONE_SECOND_TEXT = Array.from({ length: 200 }, (_, i) => `${i} `).join('');

describe('live text', () => {
  it('shows an answer’s first text at the next frame', () => {
    startLive('a');
    vi.advanceTimersByTime(RENDER_INTERVAL_MS * 2);
    appendLive('a', 'Hello');
    vi.advanceTimersByTime(17);
    expect(useLiveText.getState().answers.a?.text).toBe('Hello');
  });

  it('renders a fast stream a bounded number of times, and all of it by the end', () => {
    startLive('a');
    vi.advanceTimersByTime(17);
    const { shown, unsubscribe } = countRenders();
    streamOneSecond('a');
    const duringStream = shown.length;
    // About one render per interval plus a frame: text keeps appearing, far fewer times than chunks arrive.
    expect(duringStream).toBeGreaterThanOrEqual(Math.floor(1000 / (RENDER_INTERVAL_MS + 17)));
    expect(duringStream).toBeLessThanOrEqual(1000 / RENDER_INTERVAL_MS + 1);
    // Each render shows everything that had arrived, never text out of order.
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.startsWith(shown[i - 1]!)).toBe(true);
    vi.advanceTimersByTime(RENDER_INTERVAL_MS + 17);
    expect(shown.at(-1)).toBe(ONE_SECOND_TEXT);
    unsubscribe();
  });

  it('shows the growth of an answer whose end is out of view less often, and all of it once the end comes into view', () => {
    startLive('a');
    vi.advanceTimersByTime(17);
    setEndInView('a', false);
    const { shown, unsubscribe } = countRenders();
    streamOneSecond('a');
    expect(shown.length).toBeGreaterThanOrEqual(Math.floor(1000 / (OUT_OF_VIEW_INTERVAL_MS + 17)));
    expect(shown.length).toBeLessThanOrEqual(1000 / OUT_OF_VIEW_INTERVAL_MS + 1);
    appendLive('a', 'end');
    setEndInView('a', true);
    vi.advanceTimersByTime(17);
    expect(shown.at(-1)).toBe(`${ONE_SECOND_TEXT}end`);
    unsubscribe();
  });

  it('keeps the usual pace while another streaming answer has its end in view', () => {
    startLive('a');
    startLive('b');
    vi.advanceTimersByTime(17);
    setEndInView('a', false);
    const { shown, unsubscribe } = countRenders();
    streamOneSecond('a', 'b');
    expect(shown.length).toBeGreaterThanOrEqual(Math.floor(1000 / (RENDER_INTERVAL_MS + 17)));
    unsubscribe();
    endLive('b');
  });

  it('drops the text at the end at once', () => {
    startLive('a');
    appendLive('a', 'x');
    endLive('a');
    expect(useLiveText.getState().answers.a).toBeUndefined();
  });
});
