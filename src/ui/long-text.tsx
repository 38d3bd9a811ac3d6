// Text of any length stays quick to lay out. Chromium lays out one long unbroken run of text (no space or
// other break opportunity between its characters) in time that grows much faster than its length for many
// scripts: 300,000 characters mixing Latin and kana took 13 s, Arabic over a minute, whatever
// `overflow-wrap`/`word-break` said (measured in Chromium 156; a line break inside a run that cannot be cut
// safely for shaping reshapes the rest of the run). So a run longer than RUN_PIECE is shown in pieces:
// each an inline-block of its own (a small layout of its own) with `content-visibility: auto` (laid out only
// near the viewport). The pieces are elements, not characters: what is selected and copied is the text as
// it was. Short text comes back as it is.
import { memo } from 'react';

/** The longest piece of an unbroken run that is laid out as one. */
export const RUN_PIECE = 1000;

export type Segment = { text: string; piece: boolean };

// A cut must not separate a character from what combines with it: a combining mark, a joiner, a
// variation selector, an emoji modifier or tag, or the second half of a surrogate pair.
const JOINS_PREVIOUS = /^(?:\p{M}|\p{Emoji_Modifier}|\u200c|\u200d|[\ufe00-\ufe0f]|[\u{e0020}-\u{e007f}])/u;

function joinsPrevious(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit >= 0xdc00 && unit <= 0xdfff) return true;
  if (text.charCodeAt(i - 1) === 0x200d) return true;
  return JOINS_PREVIOUS.test(text.slice(i, i + 2));
}

/** Past this, a "character" is a pile of marks (Zalgo text) and is cut anyway. */
const MAX_CLUSTER = 32;

function cutAt(text: string, at: number, end: number): number {
  let cut = at;
  const limit = Math.min(end, at + MAX_CLUSTER);
  while (cut < limit && joinsPrevious(text, cut)) cut += 1;
  return cut;
}

/**
 * The text as plain segments and pieces of long unbroken runs (runs of non-space characters longer than
 * `piece`), in order: joined, they are the text exactly.
 */
export function splitLongRuns(text: string, piece = RUN_PIECE): Segment[] {
  if (text.length <= piece) return [{ text, piece: false }];
  const segments: Segment[] = [];
  const longRun = new RegExp(`\\S{${piece + 1},}`, 'g');
  let from = 0;
  for (const match of text.matchAll(longRun)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start > from) segments.push({ text: text.slice(from, start), piece: false });
    for (let at = start; at < end; ) {
      const next = at + piece >= end ? end : cutAt(text, at + piece, end);
      segments.push({ text: text.slice(at, next), piece: true });
      at = next;
    }
    from = end;
  }
  if (from < text.length) segments.push({ text: text.slice(from), piece: false });
  return segments;
}

const Piece = memo(function Piece({ text }: { text: string }) {
  return <span className="run-piece">{text}</span>;
});

/** Text shown as it is, with long unbroken runs in pieces (see above). */
export const LongText = memo(function LongText({ text }: { text: string }) {
  const segments = splitLongRuns(text);
  if (segments.length === 1 && !segments[0]!.piece) return <>{text}</>;
  return <>{segments.map((s, i) => (s.piece ? <Piece key={i} text={s.text} /> : s.text))}</>;
});

/** At most `max` characters of a text, for a one-line preview: a row never lays out what it cannot show. */
export function preview(text: string, max = 300): string {
  return text.length <= max ? text : text.slice(0, cutAt(text, max, text.length));
}

/** Right-to-left letters (Hebrew to Syriac-era blocks, presentation forms, RTL planes) and bidi controls. */
const BIDI_SENSITIVE =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * Text from a model, an import or config, isolated for use inside a plain string (an <option>, a chart
 * label, a title): first-strong isolate ... pop directional isolate, so that a right-to-left override in a
 * label cannot reverse what follows it. Text without right-to-left letters or bidi controls cannot reorder
 * anything in these left-to-right screens, so it is returned as it is (what a person copies, what a screen
 * reader reads and what a test selects by stays the plain label). In markup, use <bdi> instead.
 */
export function isolate(text: string): string {
  return BIDI_SENSITIVE.test(text) ? `\u2068${text}\u2069` : text;
}
