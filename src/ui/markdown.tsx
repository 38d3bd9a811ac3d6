// Model output is untrusted. react-markdown builds React elements (no innerHTML); raw HTML is skipped,
// URLs pass react-markdown's safe-protocol filter (no javascript:), and images are never fetched:
// they become a plain link the user may open. Loaded lazily: it is not needed for the first paint.
// Long text stays quick: long unbroken runs are laid out in pieces (see long-text.tsx), and a block too
// long to parse within a frame is shown as plain text.
import { memo, useRef } from 'react';
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

interface SplitState {
  blocks: string[];
  current: string[];
  inFence: boolean;
}

/** One line more of a left-to-right split: a finished block is pushed when the line starts the next one. */
function feed(state: SplitState, line: string): void {
  const fence = /^\s*(```|~~~)/.test(line);
  if (!state.inFence && state.current.length && (line.trim() === '' || (LIST_ITEM.test(line) && !fence))) {
    state.blocks.push(state.current.join('\n'));
    state.current = [];
  }
  if (fence) state.inFence = !state.inFence;
  if (line.trim() !== '' || state.inFence || state.current.length) state.current.push(line);
}

function finish(state: SplitState): string[] {
  return state.current.length ? [...state.blocks, state.current.join('\n')] : state.blocks;
}

/**
 * Splits at blank lines and before top-level list items, outside code fences, so that while an answer
 * streams, finished blocks are parsed once and only the last one is parsed again on each frame.
 * (A list split into items renders as consecutive lists; an ordered one keeps its numbers via `start`.)
 */
export function splitBlocks(text: string): string[] {
  const state: SplitState = { blocks: [], current: [], inFence: false };
  for (const line of text.split('\n')) feed(state, line);
  return finish(state);
}

/**
 * The same split for a text that grows at its end (a streamed answer), at a cost that does not grow with it:
 * complete lines are split once and remembered, and each new version only splits what follows the last
 * finished block. `finished` keeps its identity until a block is added to it. Any other change starts over.
 * `[...finished, ...tail]` is always `splitBlocks(text)`.
 */
export class GrowingSplit {
  private state: SplitState = { blocks: [], current: [], inFence: false };
  /** The complete lines split so far (the text up to and with its last line break). */
  private consumed = '';
  private finished: readonly string[] = [];

  split(text: string): { finished: readonly string[]; tail: string[] } {
    if (!text.startsWith(this.consumed)) {
      this.state = { blocks: [], current: [], inFence: false };
      this.consumed = '';
      this.finished = [];
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end > this.consumed.length) {
      for (const line of text.slice(this.consumed.length, end - 1).split('\n')) feed(this.state, line);
      this.consumed = text.slice(0, end);
      if (this.state.blocks.length !== this.finished.length) this.finished = [...this.state.blocks];
    }
    // The unfinished line is split on a copy: it may still become something else.
    const rest: SplitState = { blocks: [], current: [...this.state.current], inFence: this.state.inFence };
    feed(rest, text.slice(end));
    return { finished: this.finished, tail: finish(rest) };
  }
}

function AnyBlock({ text }: { text: string }) {
  return text.length > MAX_PARSED_BLOCK ? (
    <p className="plain">
      <LongText text={text} />
    </p>
  ) : (
    <Block text={text} />
  );
}

/** Re-rendered only when a block is finished: while an answer streams, a frame's work is its last block's. */
const Finished = memo(function Finished({ blocks }: { blocks: readonly string[] }) {
  return blocks.map((block, i) => <AnyBlock key={i} text={block} />);
});

export default function Markdown({ text }: { text: string }) {
  const splitter = useRef<GrowingSplit>(null);
  splitter.current ??= new GrowingSplit();
  const { finished, tail } = splitter.current.split(text);
  return (
    <>
      <Finished blocks={finished} />
      {tail.map((block, i) => (
        <AnyBlock key={finished.length + i} text={block} />
      ))}
    </>
  );
}
