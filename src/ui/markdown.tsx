// Model output is untrusted. react-markdown builds React elements (no innerHTML); raw HTML is skipped,
// URLs pass react-markdown's safe-protocol filter (no javascript:), and images are never fetched:
// they become a plain link the user may open. Loaded lazily: it is not needed for the first paint.
// Long text stays quick: long unbroken runs are laid out in pieces (see long-text.tsx), and a block too
// long to parse within a frame is shown as plain text.
import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import { LongText, splitLongRuns } from './long-text';

/**
 * Above this many characters a block is shown as plain text, not parsed: micromark takes hundreds of
 * milliseconds to seconds for a block of tens of thousands of characters dense with `*`, `_` or `[`, and
 * a streamed block is parsed again on every frame. Paragraphs and lists are split into blocks first, so
 * only a giant single block (a wall of text, a huge code listing) is affected.
 */
export const MAX_PARSED_BLOCK = 20_000;

// The few hast shapes the plugin below touches (react-markdown's tree, without importing its types).
interface HastText {
  type: 'text';
  value: string;
}
interface HastElement {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: string; children?: HastNode[] };

/** A rehype plugin: long unbroken runs in text become pieces (not inside <pre>, which never wraps). */
function rehypeLongRuns() {
  const walk = (node: { children?: HastNode[] }) => {
    if (!node.children) return;
    node.children = node.children.flatMap((child): HastNode[] => {
      if (child.type === 'text') {
        const segments = splitLongRuns((child as HastText).value);
        if (segments.length === 1 && !segments[0]!.piece) return [child];
        return segments.map((s) =>
          s.piece
            ? { type: 'element', tagName: 'span', properties: { className: ['run-piece'] }, children: [{ type: 'text', value: s.text }] }
            : { type: 'text', value: s.text },
        );
      }
      if (child.type === 'element' && (child as HastElement).tagName === 'pre') return [child];
      walk(child as { children?: HastNode[] });
      return [child];
    });
  };
  return (tree: { children?: HastNode[] }) => walk(tree);
}

const rehypePlugins = [rehypeLongRuns];

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
    <ReactMarkdown skipHtml urlTransform={defaultUrlTransform} components={components} rehypePlugins={rehypePlugins}>
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
      {splitBlocks(text).map((block, i) =>
        block.length > MAX_PARSED_BLOCK ? (
          <p key={i} className="plain">
            <LongText text={block} />
          </p>
        ) : (
          <Block key={i} text={block} />
        ),
      )}
    </>
  );
}
