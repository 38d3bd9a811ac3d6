// A model's answer as Markdown (loaded lazily; raw HTML never rendered), shown as plain text meanwhile.
import { lazy, Suspense } from 'react';
import { LongText } from './long-text';

const loadMarkdown = () => import('./markdown');
const Markdown = lazy(loadMarkdown);

/**
 * Loads the Markdown renderer before an answer needs it: its code takes tens of ms to run once (40 ms, traced
 * in the middle of a batch run, when its results first showed answers).
 */
export function preloadRichText(): Promise<unknown> {
  return loadMarkdown();
}

export function RichText({ text }: { text: string }) {
  return (
    <Suspense
      fallback={
        <div className="plain">
          <LongText text={text} />
        </div>
      }
    >
      <Markdown text={text} />
    </Suspense>
  );
}
