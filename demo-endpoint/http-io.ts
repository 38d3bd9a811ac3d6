/*
 * Plain Node HTTP plumbing for the demo endpoint: bodies, JSON replies, CORS, paths, waiting.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Resolves true after `ms`, or false as soon as the client has gone. */
export function wait(ms: number, closed: AbortSignal): Promise<boolean> {
  if (closed.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      closed.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    closed.addEventListener('abort', onAbort, { once: true });
  });
}

export type Body = { tooLarge: false; bytes: Buffer } | { tooLarge: true; received: number };

/** Past the limit the rest is drained and counted, so the 413 can say how much arrived. */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(received > limit ? { tooLarge: true, received } : { tooLarge: false, bytes: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection while sending the body.'));
    });
  });
}

export function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

export function withinBase(path: string, basePath: string): string | null {
  const trimmed = path.length > 1 ? path.replace(/\/+$/u, '') : path;
  if (basePath === '') return trimmed;
  if (trimmed === basePath) return '/';
  return trimmed.startsWith(`${basePath}/`) ? trimmed.slice(basePath.length) : null;
}

export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-headers', 'authorization, content-type, x-demo-scenario');
  res.setHeader('access-control-expose-headers', 'retry-after');
  // A page on another origin may read the timing of its requests (resource timing: protocol, durations).
  res.setHeader('timing-allow-origin', '*');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-max-age', '600');
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('access-control-allow-private-network', 'true');
  }
  res.writeHead(204);
  res.end();
}

/** A body serialised ahead of its sending (an answer prepared while its request is held). */
export class JsonText {
  readonly text: string;
  constructor(body: unknown) {
    this.text = JSON.stringify(body);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(res.req?.method === 'HEAD' ? undefined : text);
}
