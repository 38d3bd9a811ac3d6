// The stream itself, as the bytes came: a fetch that keeps a copy of every body, and a check of a
// chat-completion SSE body against the @huggingface/tasks stream schema that names each deviation (wrong
// content type, non-JSON chunks, missing [DONE] or finish reason, a cut) and the vLLM shapes it tolerates.
import { validateStreamChunk } from '../demo-endpoint/chat-schemas';

export type DeviationKind = 'content-type' | 'non-json' | 'schema' | 'missing-done' | 'missing-finish-reason' | 'cut' | 'empty';

export interface StreamCheck {
  contentType: string | null;
  /** `data:` payloads other than [DONE]. */
  chunks: number;
  done: boolean;
  finishReason: string | null;
  /** Errors sent inside the stream (`data: {"error": …}`). */
  errors: string[];
  deviations: { kind: DeviationKind; detail: string }[];
  /** Deviations the app copes with, named so that nobody chases them. */
  tolerated: string[];
}

// ---------------------------------------------------------------------------------------------------------
// The raw exchange: a fetch that tees every body so that the bytes can be read after the library is done

export interface Exchange {
  status: number;
  contentType: string | null;
  bytes: Uint8Array[];
  /** complete: the body ended; broken: it failed (a cut connection, or our own abort). */
  ended: Promise<'complete' | 'broken'>;
}

export function capturingFetch(base: typeof fetch = globalThis.fetch): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const res = await base(input, init);
    const bytes: Uint8Array[] = [];
    if (!res.body) {
      exchanges.push({ status: res.status, contentType: res.headers.get('content-type'), bytes, ended: Promise.resolve('complete') });
      return res;
    }
    const [mine, theirs] = res.body.tee();
    const ended = (async () => {
      const reader = mine.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'complete' as const;
          bytes.push(value);
        }
      } catch {
        return 'broken' as const;
      }
    })();
    exchanges.push({ status: res.status, contentType: res.headers.get('content-type'), bytes, ended });
    return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { fetch: wrapped, exchanges };
}

// ---------------------------------------------------------------------------------------------------------
// The stream against the schema

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * vLLM leaves out `system_fingerprint`, sends `role` only in the first delta and ends with `delta: {}`;
 * the schema (TGI's) wants all three. A chunk that passes once they are filled in is vLLM-shaped.
 */
function asTgi(chunk: Json): Json {
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  return {
    ...chunk,
    system_fingerprint: chunk.system_fingerprint ?? '',
    choices: choices.map((c: unknown) => {
      if (!isObject(c) || !isObject(c.delta)) return c;
      const delta = { role: 'assistant', ...c.delta };
      if (!('content' in delta) && !('tool_calls' in delta)) Object.assign(delta, { content: '' });
      return { ...c, delta };
    }),
  };
}

/** The SSE body as received, checked event by event. `broken`: the body did not end cleanly. */
export function checkStream(raw: string, contentType: string | null, broken: boolean): StreamCheck {
  const out: StreamCheck = { contentType, chunks: 0, done: false, finishReason: null, errors: [], deviations: [], tolerated: [] };
  const deviation = (kind: DeviationKind, detail: string) => {
    if (!out.deviations.some((d) => d.kind === kind)) out.deviations.push({ kind, detail });
  };
  if (!/^text\/event-stream\b/i.test(contentType ?? '')) {
    deviation('content-type', `wrong content type: "${contentType ?? '(none)'}" instead of text/event-stream`);
  }
  let nonJson = 0;
  let schemaErrors = 0;
  let vllm = false;
  const events = raw.split(/\r\n\r\n|\n\n|\r\r/);
  // The text after the last blank line is an event only if the body ended cleanly.
  const complete = broken ? events.slice(0, -1) : events;
  for (const event of complete) {
    const data = event
      .split(/\r\n|\n|\r/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length === 0) continue;
    const payload = data.join('\n');
    if (payload.trim() === '[DONE]') {
      out.done = true;
      continue;
    }
    out.chunks++;
    let chunk: unknown;
    try {
      chunk = JSON.parse(payload);
    } catch {
      if (nonJson++ === 0) deviation('non-json', `non-JSON chunk: ${JSON.stringify(payload.slice(0, 80))}`);
      continue;
    }
    if (isObject(chunk) && 'error' in chunk) {
      const e = chunk.error;
      out.errors.push(isObject(e) && typeof e.message === 'string' ? e.message : typeof e === 'string' ? e : JSON.stringify(e));
      continue;
    }
    for (const choice of isObject(chunk) && Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (isObject(choice) && typeof choice.finish_reason === 'string' && choice.finish_reason) out.finishReason = choice.finish_reason;
    }
    const valid = validateStreamChunk(chunk);
    if (valid.ok) continue;
    if (isObject(chunk) && validateStreamChunk(asTgi(chunk)).ok) {
      vllm = true;
      continue;
    }
    if (schemaErrors++ === 0) deviation('schema', `chunk ${out.chunks} does not match the chat-completion stream schema: ${valid.errors}`);
  }
  if (nonJson > 1) deviation('non-json', `${nonJson} non-JSON chunks`);
  if (schemaErrors > 1) out.deviations.find((d) => d.kind === 'schema')!.detail += ` (${schemaErrors} chunks in all)`;
  if (vllm) out.tolerated.push('vLLM-style chunks (no system_fingerprint/role), tolerated');
  if (out.chunks === 0 && !broken) deviation('empty', 'the stream carried no chunks');
  if (broken && !out.done) deviation('cut', 'the connection closed before the stream ended (no [DONE])');
  else if (!out.done) deviation('missing-done', 'missing [DONE]: the stream ended without it');
  if (out.finishReason === null && out.errors.length === 0)
    deviation('missing-finish-reason', 'missing finish reason: no chunk carried one');
  return out;
}
