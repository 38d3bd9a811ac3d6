// A model's answer as Markdown (loaded lazily; raw HTML never rendered), shown as plain text meanwhile.
import { lazy, Suspense } from 'react';
import { LongText } from './long-text';

const Markdown = lazy(() => import('./markdown'));

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
