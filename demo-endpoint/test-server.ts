/*
 * Starts the demo endpoint on an ephemeral port for HTTP tests, and reads SSE the plain way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { ChatCompletionInputMessage } from '@huggingface/tasks';
import { createDemoEndpoint, type DemoEndpointOptions } from './handler.ts';
import type { LogEntry } from './request-log.ts';

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
  log(): Promise<LogEntry[]>;
}

export async function startDemo(options: DemoEndpointOptions = {}): Promise<RunningDemo> {
  const endpoint = createDemoEndpoint(options);
  const server = createServer((req, res) => endpoint.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.basePath ?? ''}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    log: async () => ((await (await fetch(`${url}/__control/log`)).json()) as { entries: LogEntry[] }).entries,
  };
}

/**
 * The demo endpoint with a small PNG on disk to send it, for the probe's tests: the demo decodes every image,
 * and a photo costs seconds on a busy machine. `close` removes the file too.
 */
export async function startDemoWithTinyImage(): Promise<RunningDemo & { tinyImage: string }> {
  const demo = await startDemo();
  const dir = mkdtempSync(path.join(tmpdir(), 'probe-test-'));
  const png = new PNG({ width: 32, height: 24 });
  png.data.fill(200);
  const tinyImage = path.join(dir, 'tiny.png');
  writeFileSync(tinyImage, PNG.sync.write(png));
  return {
    ...demo,
    tinyImage,
    close: async () => {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A demo scenario without its streaming delay. */
export const fastScenario = (scenario: string): string => `${scenario}${scenario.includes(':') ? ',' : ':'}rate=0`;

export interface SseRead {
  /** The `data:` payloads, in order. */
  data: string[];
  /** Set when the body broke off (a cut connection). */
  error: unknown;
}

export async function readSse(response: Response, stopAfter = Infinity): Promise<SseRead> {
  const data: string[] = [];
  const reader = response.body?.getReader();
  if (!reader) return { data, error: new Error('no body') };
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of event.split('\n')) if (line.startsWith('data: ')) data.push(line.slice(6));
        if (data.length >= stopAfter) return { data, error: null };
      }
    }
  } catch (error) {
    return { data, error };
  }
  return { data, error: null };
}

/** A request like the app's: system prompt, then the image and the question in one user message. */
export function chatBody(model: string, question: string, imageUrl: string | null, extra: Record<string, unknown> = {}) {
  const content: Exclude<ChatCompletionInputMessage['content'], string | undefined> = [];
  if (imageUrl !== null) content.push({ type: 'image_url', image_url: { url: imageUrl } });
  content.push({ type: 'text', text: question });
  return {
    model,
    messages: <ChatCompletionInputMessage[]>[
      { role: 'system', content: 'これは好奇心旺盛なユーザーと人工知能システムのチャットです。' },
      { role: 'user', content },
    ],
    max_tokens: 200,
    temperature: 0,
    top_p: 1,
    seed: 42,
    repetition_penalty: 1.0,
    no_repeat_ngram_size: 0,
    ...extra,
  };
}

export function post(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function waitFor<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
