import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import Markdown, { MAX_PARSED_BLOCK } from './markdown';

describe('Markdown with long text', () => {
  it('lays a long unbroken run out in pieces, and the text stays exactly the same', () => {
    const run = 'aあ1-'.repeat(1000);
    const html = renderToStaticMarkup(<Markdown text={`**bold** ${run}`} />);
    expect(html).toContain('<strong>bold</strong>');
    expect(html.match(/class="run-piece"/g)).toHaveLength(4);
    expect(html.replace(/<[^>]+>/g, '')).toBe(`bold ${run}`);
  });

  it('shows a block too long to parse within a frame as plain text, not as Markdown', () => {
    const block = '*x* '.repeat(MAX_PARSED_BLOCK / 4 + 1);
    const html = renderToStaticMarkup(<Markdown text={`# Title\n\n${block}`} />);
    expect(html).toContain('<h1>Title</h1>');
    expect(html).not.toContain('<em>');
    expect(html).toContain('<p class="plain">*x* *x*');
  });
});
