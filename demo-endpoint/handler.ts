/*
 * The HTTP face of the demo endpoint, as connect-style middleware so that Vite (dev and preview)
 * and the standalone runner mount the same code. Measuring, composing and chunk shapes live in
 * pure modules; this file reads requests, applies the scenario table and paces the stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as http2 } from 'node:http2';
import { composeAnswer, composeLongAnswer, composeShortAnswer, type AnswerFacts } from './answer.ts';
import {
  chatRequestSchema,
  describeIssues,
  messageImageUrls,
  messageText,
  readConversation,
  vqaRequestSchema,
  type ChatRequest,
} from './chat-request.ts';
import { completionObject, openAiError, streamEvents, usageOf, type ResponseIdentity, type StreamEvent } from './chunks.ts';
import {
  answerPreflight,
  JSON_TYPE,
  JsonText,
  parseJson,
  pathnameOf,
  readBody,
  sendJson,
  setCorsHeaders,
  wait,
  withinBase,
} from './http-io.ts';
import { sentImage } from './image-analysis.ts';
import { composeJudgement } from './judge.ts';
import { RequestLog, type LogEntry, type Outcome } from './request-log.ts';
import { resolveScenario, SCENARIO_NAMES, type ResolvedScenario } from './scenarios.ts';
import { countTokens, limitCompletion, limitTokens, TOKENS_PER_IMAGE, unbrokenTokens } from './tokens.ts';

export interface DemoEndpointOptions {
  /** Where the routes live: '/demo' inside Vite, '' when standalone. */
  basePath?: string;
  maxBodyBytes?: number;
}

export interface DemoEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  /** Clears the request log and the `fail=N` counters. */
  reset(): void;
}

const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;
const OWNER = 'tanuki-vision-studio-demo';

type Route = (exchange: Exchange) => Promise<void> | void;

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Present on logged routes. */
  entry: LogEntry | null;
  /** Aborts when the client goes away before the response ended. */
  closed: AbortSignal;
  /** performance.now() when the request arrived (its headers): scenario delays count from here. */
  arrivedAt: number;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function createDemoEndpoint(options: DemoEndpointOptions = {}): DemoEndpoint {
  const basePath = (options.basePath ?? '').replace(/\/+$/u, '');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = new RequestLog(500);
  const refusalsSeen = new Map<string, number>();

  function reset(): void {
    log.clear();
    refusalsSeen.clear();
  }

  const routes: Record<string, { method: 'GET' | 'POST'; logged: boolean; run: Route }> = {
    '/health': { method: 'GET', logged: false, run: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
    '/v1/models': { method: 'GET', logged: false, run: ({ res }) => sendJson(res, 200, modelList()) },
    '/v1/chat/completions': { method: 'POST', logged: true, run: chatCompletions },
    '/vqa': { method: 'POST', logged: true, run: visualQuestionAnswering },
    '/__control/log': { method: 'GET', logged: false, run: ({ res }) => sendJson(res, 200, { entries: log.entries() }) },
    '/__control/reset': {
      method: 'POST',
      logged: false,
      run: ({ res }) => {
        reset();
        sendJson(res, 200, { status: 'reset' });
      },
    },
  };

  function handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void {
    try {
      dispatch(req, res, next);
    } catch (error) {
      console.error('[demo-endpoint]', error);
      if (!res.headersSent) sendJson(res, 500, openAiError('demo endpoint internal error', 'server_error'));
    }
  }

  function dispatch(req: IncomingMessage, res: ServerResponse, next?: () => void): void {
    const path = pathnameOf(req.url);
    const local = withinBase(path, basePath);
    if (local === null) {
      if (next) next();
      else sendJson(res, 404, openAiError(`No route for ${path}.`, 'invalid_request_error', 'not_found'));
      return;
    }
    // A write after the client vanished must never take the process down.
    res.on('error', () => undefined);
    setCorsHeaders(res);
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res);
      return;
    }
    const route = routes[local];
    if (!route) {
      const known = Object.keys(routes)
        .map((r) => basePath + r)
        .join(', ');
      sendJson(res, 404, openAiError(`No route for ${path}; try ${known}.`, 'invalid_request_error', 'not_found'));
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== route.method) {
      const message = `${req.method ?? ''} is not allowed on ${path}; use ${route.method}.`;
      sendJson(res, 405, openAiError(message, 'invalid_request_error'), { allow: route.method });
      return;
    }
    const arrivedAt = performance.now();
    const entry = route.logged ? log.start(path, req.headers.authorization) : null;
    const exchange: Exchange = { req, res, entry, closed: watchClose(res, entry), arrivedAt };
    Promise.resolve()
      .then(() => route.run(exchange))
      .catch((error: unknown) => failInternally(exchange, error));
  }

  async function chatCompletions(exchange: Exchange): Promise<void> {
    const { req, entry } = exchange;
    const body = await readBody(req, maxBodyBytes);
    if (entry) entry.bodyReceivedAtMs = Date.now();
    if (body.tooLarge) return reply(exchange, tooLarge(body.received, maxBodyBytes));
    const json = parseJson(body.bytes);
    if (!json.ok) return reply(exchange, badRequest('The request body is not valid JSON.'));
    const parsed = chatRequestSchema.safeParse(json.value);
    if (!parsed.success) return reply(exchange, badRequest(`Invalid request: ${describeIssues(parsed.error)}`));
    const request = parsed.data;
    const model = request.model ?? 'demo';
    const conversation = readConversation(request.messages);
    // Every image is measured before the scenario's delay, which counts from the request's arrival.
    const images = request.messages.flatMap((m) => messageImageUrls(m.content)).map(sentImage);
    if (entry) {
      entry.model = model;
      entry.stream = request.stream === true;
      entry.messageCount = request.messages.length;
      entry.lastUserText = conversation.lastUserText;
      entry.images = images.map((image) => image.probe);
      entry.params = loggedParams(request);
    }

    const resolved = resolveScenario(model);
    if (!resolved.ok) {
      const error =
        resolved.status === 404
          ? openAiError(resolved.message, 'invalid_request_error', 'model_not_found', 'model')
          : openAiError(resolved.message, 'invalid_request_error', null, 'model');
      return reply(exchange, { status: resolved.status, body: error });
    }
    const scenario = resolved.scenario;
    if (entry) entry.scenario = scenario.name;

    // The answer is composed (and a whole one serialised) while the request is held, not after: requests that
    // arrived together are released together, and each then has only its write left to do.
    const facts: AnswerFacts = {
      question: conversation.lastUserText,
      images: conversation.lastUserImages.map((url) => sentImage(url).report),
      conversationImages: conversation.conversationImages,
      turns: conversation.turns,
    };
    const completion =
      scenario.spec.answer === 'unbroken'
        ? limitTokens(unbrokenTokens(scenario.options.chars), request.max_tokens ?? null)
        : limitCompletion(answerText(scenario, facts), request.max_tokens ?? null, request.stop ?? []);
    const usage = usageOf(promptTokens(request), completion.tokens.length);
    const identity: ResponseIdentity = {
      id: `chatcmpl-demo-${entry?.id ?? 0}`,
      created: Math.floor(Date.now() / 1000),
      model,
    };
    const whole = request.stream === true ? null : new JsonText(completionObject(identity, completion, usage));

    if (!(await holdUntil(exchange, scenario))) return;
    const refusal = refuseIfScenarioSays(req, body.bytes.length, model, scenario);
    if (refusal) return reply(exchange, refusal);

    if (whole) return completeAtOnce(exchange, scenario, identity, whole, completion.tokens.length);
    const events = streamEvents(identity, {
      shape: scenario.spec.chunkShape ?? 'tgi',
      completion,
      usage,
      includeUsage: request.stream_options?.include_usage === true,
      withoutFinish: scenario.spec.noDone === true,
    });
    streamAnswer(exchange, scenario, events, completion.tokens.length);
  }

  function completeAtOnce(
    exchange: Exchange,
    scenario: ResolvedScenario,
    identity: ResponseIdentity,
    whole: JsonText,
    tokens: number,
  ): void {
    const { res, entry } = exchange;
    // Mid-stream faults have a non-streamed counterpart, so a client's non-streaming path can be tested too.
    switch (scenario.spec.midStream) {
      case 'error':
        return reply(exchange, { status: 500, body: openAiError('demo: simulated server error', 'server_error') });
      case 'cut':
        settle(entry, 'cut');
        res.destroy();
        return;
      case 'malformed':
        if (entry) entry.status = 200;
        settle(entry, 'error');
        res.writeHead(200, { 'content-type': JSON_TYPE });
        res.end(`{"id": "${identity.id}", "choices": [ this is not JSON`);
        return;
      case undefined:
        if (entry) entry.tokensSent = tokens;
        return reply(exchange, { status: 200, body: whole });
    }
  }

  function streamAnswer(exchange: Exchange, scenario: ResolvedScenario, events: StreamEvent[], tokenCount: number): void {
    const { res, entry, closed } = exchange;
    const { spec, options } = scenario;
    res.writeHead(200, {
      'content-type': spec.streamContentType ?? 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    if (entry) entry.status = 200;
    const interval = options.rate > 0 ? 1000 / options.rate : 0;
    // A short answer still shows its fault: it fires before the last token at the latest.
    const faultAt = Math.min(options.after, Math.max(0, tokenCount - 1));
    const started = Date.now();
    let sent = 0;
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    closed.addEventListener('abort', () => clearTimeout(timer), { once: true });

    // What is due now goes out in one write: at rate 0 a whole answer is one chunk, not one per token (a
    // write per token cost a batch run more server time than everything else a request needs).
    let due = '';
    const flush = (): void => {
      if (due) res.write(due);
      due = '';
    };
    const finish = (outcome: Outcome): void => {
      flush();
      settle(entry, outcome);
      res.end();
    };
    const pump = (): void => {
      try {
        while (!closed.aborted) {
          if (spec.midStream && sent >= faultAt) {
            flush();
            return breakStream(exchange, spec.midStream, finish);
          }
          const event = events[next];
          if (!event) {
            if (!spec.noDone) due += 'data: [DONE]\n\n';
            return finish('completed');
          }
          // Tokens are paced against the start time so that timer jitter does not add up.
          const delay = event.token && interval > 0 ? started + sent * interval - Date.now() : 0;
          if (delay > 0) {
            flush();
            timer = setTimeout(pump, delay);
            return;
          }
          next++;
          due += `data: ${JSON.stringify(event.data)}\n\n`;
          if (event.token) {
            sent++;
            if (entry) entry.tokensSent = sent;
            if (entry && sent === 1) entry.firstTokenAtMs = Date.now();
          }
        }
      } catch (error) {
        failInternally(exchange, error);
      }
    };
    pump();
  }

  async function visualQuestionAnswering(exchange: Exchange): Promise<void> {
    const { req, entry } = exchange;
    const body = await readBody(req, maxBodyBytes);
    if (body.tooLarge) return reply(exchange, tooLarge(body.received, maxBodyBytes));
    const json = parseJson(body.bytes);
    if (!json.ok) return reply(exchange, badRequest('The request body is not valid JSON.'));
    const parsed = vqaRequestSchema.safeParse(json.value);
    if (!parsed.success) return reply(exchange, badRequest(`Invalid request: ${describeIssues(parsed.error)}`));
    const { question, image } = parsed.data.inputs;
    const sent = sentImage(image);
    const header = req.headers['x-demo-scenario'];
    const model = (Array.isArray(header) ? header[0] : header) ?? 'demo';
    if (entry) {
      entry.model = model;
      entry.messageCount = 1;
      entry.lastUserText = question;
      entry.images = [sent.probe];
    }
    const resolved = resolveScenario(model);
    if (!resolved.ok) return reply(exchange, { status: resolved.status, body: openAiError(resolved.message, 'invalid_request_error') });
    if (entry) entry.scenario = resolved.scenario.name;
    if (!(await holdUntil(exchange, resolved.scenario))) return;
    const refusal = refuseIfScenarioSays(req, body.bytes.length, model, resolved.scenario);
    if (refusal) return reply(exchange, refusal);
    const answer = composeShortAnswer(question, sent.report);
    if (entry) entry.tokensSent = countTokens(answer);
    reply(exchange, { status: 200, body: [{ answer, score: 1 }] });
  }

  /** The gates and refusals of the scenario table, or null to go on and answer. */
  function refuseIfScenarioSays(req: IncomingMessage, bodyBytes: number, model: string, scenario: ResolvedScenario): Reply | null {
    const { spec, options } = scenario;
    if (spec.requireToken && req.headers.authorization !== `Bearer ${options.token}`) {
      return {
        status: 401,
        body: openAiError('demo: missing or wrong bearer token.', 'invalid_request_error', 'invalid_api_key'),
        headers: { 'www-authenticate': 'Bearer' },
      };
    }
    if (spec.limitBody && bodyBytes > options.max_body) return tooLarge(bodyBytes, options.max_body);
    if (!spec.refusal) return null;
    // Counted per model string, so that parallel tests with different options do not share a budget.
    const seen = refusalsSeen.get(model) ?? 0;
    refusalsSeen.set(model, seen + 1);
    if (options.fail !== null && seen >= options.fail) return null;
    const retryAfter: Record<string, string> = options.retry_after === null ? {} : { 'retry-after': String(options.retry_after) };
    switch (spec.refusal) {
      case 'rate-limited':
        return {
          status: 429,
          body: openAiError(
            `demo: rate limit reached; retry after ${options.retry_after ?? 0} s.`,
            'rate_limit_error',
            'rate_limit_exceeded',
          ),
          headers: retryAfter,
        };
      case 'loading':
        return { status: 503, body: { error: 'Model tanuki is currently loading', estimated_time: 20 }, headers: retryAfter };
      case 'server-error':
        return { status: 500, body: openAiError('demo: simulated server error', 'server_error') };
    }
  }

  function reply(exchange: Exchange, { status, body, headers }: Reply): void {
    if (exchange.entry) exchange.entry.status = status;
    settle(exchange.entry, status < 400 ? 'completed' : 'error');
    sendJson(exchange.res, status, body, headers);
  }

  function failInternally(exchange: Exchange, error: unknown): void {
    const { req, res, entry, closed } = exchange;
    // A client that hangs up mid-upload surfaces here as a read error, possibly before `close`.
    if (closed.aborted || req.destroyed || res.destroyed) {
      settle(entry, 'client-closed');
      return;
    }
    console.error('[demo-endpoint]', error);
    if (res.headersSent) {
      settle(entry, 'error');
      res.destroy();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    reply(exchange, { status: 500, body: openAiError(`demo endpoint internal error: ${message}`, 'server_error') });
  }

  return { handle, reset };
}

function answerText(scenario: ResolvedScenario, facts: AnswerFacts): string {
  switch (scenario.spec.answer) {
    case 'long':
      return composeLongAnswer(facts, scenario.options.tokens);
    case 'judge': {
      // The colours measured in the images attached to the judge's message, when any could be decoded.
      const decoded = facts.images.flatMap((report) => (report.pixels ? [report.pixels] : []));
      const measured = decoded.length === 0 ? null : [...new Set(decoded.flatMap((p) => p.colours.map((c) => c.name)))];
      return composeJudgement(facts.question, measured, { unparseable: scenario.options.unparseable === 1 });
    }
    default:
      return composeAnswer(facts);
  }
}

/**
 * A scenario's delay (`first_byte_ms`, and `ms` of demo-latency) counts from the request's arrival, as a
 * server's latency does: reading, checking and measuring the request happen within it, not on top of it.
 * False when the client went away meanwhile.
 */
async function holdUntil({ arrivedAt, closed }: Exchange, { options }: ResolvedScenario): Promise<boolean> {
  const until = arrivedAt + options.first_byte_ms + options.ms;
  // A timer counts from the event loop's last look at the clock, so it may fire a little early: never answer early.
  for (let left = until - performance.now(); left > 0; left = until - performance.now()) {
    if (!(await wait(left, closed))) return false;
  }
  return !closed.aborted;
}

function modelList(): unknown {
  return { object: 'list', data: SCENARIO_NAMES.map((id) => ({ id, object: 'model', created: 0, owned_by: OWNER })) };
}

function breakStream(exchange: Exchange, fault: 'error' | 'cut' | 'malformed', finish: (outcome: Outcome) => void): void {
  const { res, entry } = exchange;
  switch (fault) {
    case 'error':
      res.write(`data: ${JSON.stringify({ error: { message: 'demo: simulated error mid-stream', type: 'server_error' } })}\n\n`);
      return finish('error');
    case 'malformed':
      res.write('data: {"choices": [{"delta": {"content": "this line is not JSON\n\n');
      return finish('error');
    case 'cut':
      settle(entry, 'cut');
      cutConnection(res);
  }
}

/**
 * Closes the connection in the middle of the chunked body. Destroying at once would also discard
 * the tokens still in the socket's buffer; ending the socket sends them, then the FIN.
 */
function cutConnection(res: ServerResponse): void {
  // Over HTTP/2 (main.ts with TLS) the connection carries other requests too: only this response's stream is reset.
  const stream = (res as { stream?: { close(code: number): void } }).stream;
  if (stream) {
    stream.close(http2.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  const socket = res.socket;
  if (socket === null) {
    res.destroy();
    return;
  }
  socket.end(() => socket.destroy());
}

/** The first outcome wins: a cut or an error is not overwritten by the close that follows it. */
function settle(entry: LogEntry | null, outcome: Outcome): void {
  if (entry && entry.outcome === null) {
    entry.outcome = outcome;
    entry.endedAtMs = Date.now();
  }
}

function watchClose(res: ServerResponse, entry: LogEntry | null): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    // After the answer's end nobody waits on the signal: an abort (an Event, a DOMException) per request is saved.
    if (res.writableEnded) return;
    settle(entry, 'client-closed');
    controller.abort();
  });
  return controller.signal;
}

function badRequest(message: string): Reply {
  return { status: 400, body: openAiError(message, 'invalid_request_error') };
}

function tooLarge(received: number, limit: number): Reply {
  return {
    status: 413,
    body: openAiError(
      `Request body too large: received ${received} bytes; the limit is ${limit} bytes.`,
      'invalid_request_error',
      'request_too_large',
    ),
  };
}

function loggedParams(request: ChatRequest): LogEntry['params'] {
  return {
    max_tokens: request.max_tokens ?? null,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    seed: request.seed ?? null,
    repetition_penalty: request.repetition_penalty ?? null,
    no_repeat_ngram_size: request.no_repeat_ngram_size ?? null,
  };
}

function promptTokens(request: ChatRequest): number {
  return request.messages.reduce(
    (sum, m) => sum + countTokens(messageText(m.content)) + TOKENS_PER_IMAGE * messageImageUrls(m.content).length,
    0,
  );
}
