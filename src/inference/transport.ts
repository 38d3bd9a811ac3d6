// What every adapter shares: the lazily loaded library, a fetch that remembers what the library does not
// expose (status, Retry-After, request id, bytes sent), URL resolution, and image bytes to base64.
// Isomorphic: runs in the browser and in Node 20.
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
  /** Called for every chunk that arrives, even one that yields no event, so idle timers see activity. */
  onChunk: () => void;
}

/** Adapters throw whatever they meet; the client maps it, so the mapping lives in one place. */
export type Adapter = (req: ChatRequest, ctx: AdapterContext) => AsyncGenerator<StreamEvent>;

export interface ResponseMeta {
  status?: number;
  retryAfterMs?: number;
  requestId?: string;
  sentBytes?: number;
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

export function recordingFetch(base: typeof fetch = globalThis.fetch): { fetch: typeof fetch; meta: ResponseMeta } {
  const meta: ResponseMeta = {};
  const wrapped: typeof fetch = async (input, init) => {
    meta.sentBytes = bodyBytes(init?.body);
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

/** The MIME type from the bytes when the Blob has none (Blobs rebuilt from storage may lose it). */
function sniffImageMime(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'image/gif';
  if (
    b(0) === 0x52 &&
    b(1) === 0x49 &&
    b(2) === 0x46 &&
    b(3) === 0x46 &&
    b(8) === 0x57 &&
    b(9) === 0x45 &&
    b(10) === 0x42 &&
    b(11) === 0x50
  ) {
    return 'image/webp';
  }
  return undefined;
}

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const mime = blob.type || sniffImageMime(bytes) || 'application/octet-stream';
  return `data:${mime};base64,${bytesToBase64(bytes)}`;
}
