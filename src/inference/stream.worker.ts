// Reads answers' streams off the page's main thread (stream-wire.ts). Loads the library as it starts: the page
// starts this worker before the first Send (chat/warm-up.ts), so the first request does not wait for it.
import { streamChat } from './client';
import { serveStreams } from './stream-wire';
import { loadLibrary } from './transport';

serveStreams(self as unknown as Parameters<typeof serveStreams>[0], streamChat);
loadLibrary().catch(() => undefined);
