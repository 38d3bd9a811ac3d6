// A canvas that draws a chart.js chart. The library (about 60 KB gzip) is loaded on first use, so nobody
// pays for it before opening the statistics.
import { useEffect, useRef } from 'react';
import type { ChartConfiguration } from 'chart.js';

type Config = ChartConfiguration<'bar' | 'line', unknown[], string | string[]>;

let setup: Promise<typeof import('./chart-setup')> | null = null;

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return { text: css.getPropertyValue('--muted').trim() || '#666', grid: css.getPropertyValue('--border').trim() || '#ddd' };
}

export function ChartCanvas({ config, label, height = 260, testId }: { config: Config; label: string; height?: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let live = true;
    setup ??= import('./chart-setup');
    void setup.then(({ Chart }) => {
      if (!live || !canvas.current) return;
      const { text, grid } = themeColors();
      Chart.defaults.color = text;
      Chart.defaults.borderColor = grid;
      Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
      chart = new Chart(canvas.current, config as ChartConfiguration);
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [config]);
  return (
    <div className="chart-box" style={{ height }} data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
