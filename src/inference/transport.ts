// What every adapter shares: the lazily loaded library, a fetch that remembers what the library does not
// expose (status, Retry-After, request id, bytes sent), URL resolution, and image bytes to base64.
// Isomorphic: runs in the browser and in Node 20.
import { rasterOf } from '../images/raster';
import type { ChatRequest, StreamEvent } from './types';

export type HfInferenceModule = typeof import('@huggingface/inference');

let library: Promise<HfInferenceModule> | undefined;

/** About 100 KB gzip: loaded on the first request so it never weighs on the first page load. */
export function loadLibrary(): Promise<HfInferenceModule> {
  library ??= import('@huggingface/inference').catch((e: unknown) => {
    // A failed chunk load (offline) must not poison every later attempt.
    library = undefined;
    throw e;
  });
  return library;
}

export interface AdapterContext {
  /** Absolute http(s) URL. */
  url: string;
  signal: AbortSignal;
  fetch: typeof fetch;
  /** False: ask for the whole answer in one response (no stream); it arrives as one chunk. */
  stream: boolean;
  /** Called for every chunk that arrives, even one that yields no event, so idle timers see activity. */
  onChunk: () => void;
}

/** Adapters throw whatever they meet; the client maps it, so the mapping lives in one place. */
export type Adapter = (req: ChatRequest, ctx: AdapterContext) => AsyncGenerator<StreamEvent>;

export interface ResponseMeta {
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  /** Size of the last request body. Counted only when asked (for an error's words): encoding a body with
   * an image in it just to count its bytes would delay every request. */
  sentBytes(): number | undefined;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function bodyBytes(body: unknown): number | undefined {
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  return undefined;
}

/**
 * The endpoint URL without its query (and fragment), and the query. The library appends its path to the URL
 * it is given (`…/v1` + `/chat/completions`), so a query left in would end up in the middle of the path
 * (`…/v1?key=…/v1/chat/completions`); recordingFetch puts it back at the end of the URL the library builds.
 */
export function splitQuery(url: string): { base: string; query: string } {
  if (!/[?#]/.test(url) || !URL.canParse(url)) return { base: url, query: '' };
  const u = new URL(url);
  const query = u.search;
  u.search = '';
  u.hash = '';
  return { base: u.href, query };
}

function withQuery(input: RequestInfo | URL, query: string): RequestInfo | URL {
  if (!query || input instanceof Request) return input;
  const u = new URL(String(input));
  u.search = u.search ? `${u.search}&${query.slice(1)}` : query;
  return u.href;
}

/** `query` (from splitQuery) is added to every URL fetched: the endpoint's own query, where it belongs. */
export function recordingFetch(base: typeof fetch = globalThis.fetch, query = ''): { fetch: typeof fetch; meta: ResponseMeta } {
  let body: unknown;
  const meta: ResponseMeta = { sentBytes: () => bodyBytes(body) };
  const wrapped: typeof fetch = async (rawInput, init) => {
    const input = withQuery(rawInput, query);
    body = init?.body;
    // Bound at call time so that a fetch installed later (tests, polyfills) is the one used.
    const response = await base.call(globalThis, input, init);
    meta.status = response.status;
    meta.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    meta.requestId = response.headers.get('x-request-id') ?? undefined;
    return response;
  };
  return { fetch: wrapped, meta };
}

/**
 * An absolute URL for the endpoint, or null. A path (the demo endpoint's '/demo/v1') is resolved against
 * the page's origin; in Node there is none, so a path is invalid there. The library needs http(s)://:
 * anything else it would treat as a model id on the Hugging Face router.
 */
export function resolveEndpointUrl(
  url: string,
  origin: string | undefined = (globalThis as { location?: { origin?: string } }).location?.origin,
): string | null {
  const u = url.trim();
  if (/^https?:\/\//i.test(u)) return URL.canParse(u) ? u : null;
  if (u.startsWith('/') && !u.startsWith('//') && origin && /^https?:/i.test(origin) && URL.canParse(u, origin)) {
    return new URL(u, origin).href;
  }
  return null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so that String.fromCharCode never gets more arguments than the engine allows.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // Blobs rebuilt from storage may have lost their type: the bytes say it (the app's one header reader).
  const mime = blob.type || rasterOf(bytes).mime || 'application/octet-stream';
  return `data:${mime};base64,${bytesToBase64(bytes)}`;
}
