import { describe, expect, it } from 'vitest';
import { streamChat } from './client';
import { collect, fakeFetch, sse, testImage, testRequest, vllmChunks } from '../../test-support/fetch';
import type { ChatImage } from './types';

const ask = (image: ChatImage, text: string) =>
  testRequest({
    messages: [
      {
        role: 'user',
        parts: [
          { type: 'image', image },
          { type: 'text', text },
        ],
      },
    ],
  });

/** The image is kept for its next request once the task that sent it has ended. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('an image sent again', () => {
  it('goes as a Blob body that says exactly what the first request said', async () => {
    const image = { ...testImage(), dataUrl: 'data:image/jpeg;base64,/9j/4AAQ' };
    const fetch = fakeFetch(sse(vllmChunks(['a'])), sse(vllmChunks(['b'])));
    await collect(streamChat(ask(image, 'first'), { fetch }));
    await nextTask();
    await collect(streamChat(ask(image, 'tanuki-image-0 second'), { fetch }));
    const [first, second] = fetch.calls;
    expect(typeof first!.init.body).toBe('string');
    expect(second!.init.body).toBeInstanceOf(Blob);
    expect(second!.headers['content-type']).toBe('application/json');
    // The same JSON, the image's data URL in its place; a question that looks like a marker stays as it is.
    expect(second!.body).toEqual({
      ...(first!.body as object),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: image.dataUrl } },
            { type: 'text', text: 'tanuki-image-0 second' },
          ],
        },
      ],
    });
  });

  it('goes as a Blob body from the second of several requests sent together', async () => {
    const image = { ...testImage(), dataUrl: 'data:image/jpeg;base64,/9j/4AAQ' };
    const fetch = fakeFetch(sse(vllmChunks(['a'])), sse(vllmChunks(['b'])), sse(vllmChunks(['c'])));
    await Promise.all(['one', 'two', 'three'].map((text) => collect(streamChat(ask(image, text), { fetch }))));
    expect(fetch.calls.map((c) => typeof c.init.body)).toEqual(['string', 'object', 'object']);
    expect(fetch.calls[2]!.init.body).toBeInstanceOf(Blob);
    const urls = fetch.calls.map(
      (c) => (c.body as { messages: { content: { image_url?: { url: string } }[] }[] }).messages[0]!.content[0]!.image_url?.url,
    );
    expect(urls).toEqual([image.dataUrl, image.dataUrl, image.dataUrl]);
  });

  it('keeps every image of a request in its own place', async () => {
    const one = { ...testImage(), dataUrl: 'data:image/jpeg;base64,AAAA' };
    const two = { ...testImage(), dataUrl: 'data:image/png;base64,BBBB' };
    const req = () =>
      testRequest({
        messages: [
          {
            role: 'user',
            parts: [
              { type: 'image', image: one },
              { type: 'image', image: two },
              { type: 'text', text: 'q' },
            ],
          },
        ],
      });
    const fetch = fakeFetch(sse(vllmChunks(['a'])), sse(vllmChunks(['b'])));
    await collect(streamChat(req(), { fetch }));
    await nextTask();
    await collect(streamChat(req(), { fetch }));
    expect(fetch.calls[1]!.init.body).toBeInstanceOf(Blob);
    expect(fetch.calls[1]!.body).toEqual(fetch.calls[0]!.body);
  });
});
