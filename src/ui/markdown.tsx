// Model output is untrusted. react-markdown builds React elements (no innerHTML); raw HTML is skipped,
// URLs pass react-markdown's safe-protocol filter (no javascript:), and images are never fetched:
// they become a plain link the user may open. Loaded lazily: it is not needed for the first paint.
import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) => (
    <span className="md-blocked-image" title={typeof src === 'string' ? src : undefined}>
      [{alt || 'image'}]
    </span>
  ),
  iframe: () => null,
};

function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown skipHtml urlTransform={defaultUrlTransform} components={components}>
      {text}
    </ReactMarkdown>
  );
}

const Block = memo(MarkdownBlock);

const LIST_ITEM = /^(\d{1,9}[.)]|[-*+])\s/;

/**
 * Splits at blank lines and before top-level list items, outside code fences, so that while an answer
 * streams, finished blocks are parsed once (memoised) and only the last one is parsed again on each frame.
 * (A list split into items renders as consecutive lists; an ordered one keeps its numbers via `start`.)
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    const fence = /^\s*(```|~~~)/.test(line);
    if (!inFence && current.length && (line.trim() === '' || (LIST_ITEM.test(line) && !fence))) {
      blocks.push(current.join('\n'));
      current = [];
    }
    if (fence) inFence = !inFence;
    if (line.trim() !== '' || inFence || current.length) current.push(line);
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
}

export default function Markdown({ text }: { text: string }) {
  return (
    <>
      {splitBlocks(text).map((block, i) => (
        <Block key={i} text={block} />
      ))}
    </>
  );
}
