/*
 * Fault scenarios, chosen by model name so that any client (the app, Playwright, curl) can ask for
 * one without a side channel: `demo-429:fail=2,retry_after=1`. One declarative table says what
 * each does; the HTTP layer interprets it.
 */

export interface ScenarioOptions {
  /** Tokens per second while streaming; 0 sends everything at once. */
  rate: number;
  /** Delay before the response starts, headers included. */
  first_byte_ms: number;
  /** Only the first `fail` requests (per model string, since reset) are refused; null: all. */
  fail: number | null;
  retry_after: number | null;
  /** Tokens streamed before a mid-stream fault. */
  after: number;
  /** Length of the long answer. */
  tokens: number;
  /** Length of the unbroken answer, in characters. */
  chars: number;
  /** The bearer token a guarded scenario accepts. */
  token: string;
  /** Body size limit in bytes. */
  max_body: number;
  /** demo-latency: the fixed time each request waits before it is answered. */
  ms: number;
  /** demo-judge: 1 answers without scores, on purpose. */
  unparseable: number;
}

type OptionKey = keyof ScenarioOptions;

export type Refusal = 'rate-limited' | 'loading' | 'server-error';
export type MidStreamFault = 'error' | 'cut' | 'malformed';

export interface ScenarioSpec {
  summary: string;
  /** Options this scenario reads, besides `rate` and `first_byte_ms` which all accept. */
  options: readonly OptionKey[];
  defaults?: Partial<ScenarioOptions>;
  chunkShape?: 'tgi' | 'vllm';
  /** Answer with this error instead of generating, as long as `fail` allows. */
  refusal?: Refusal;
  requireToken?: boolean;
  limitBody?: boolean;
  midStream?: MidStreamFault;
  /** Stream ends without finish_reason and without [DONE]. */
  noDone?: boolean;
  /** Content type of a stream, when it should lie. */
  streamContentType?: string;
  answer?: 'describe' | 'long' | 'unbroken' | 'judge';
}

const DEFAULT_OPTIONS: ScenarioOptions = {
  rate: 60,
  first_byte_ms: 0,
  fail: null,
  retry_after: null,
  after: 5,
  tokens: 2000,
  chars: 300_000,
  token: 'demo-token',
  max_body: 100_000,
  ms: 0,
  unparseable: 0,
};

export const SCENARIOS = {
  demo: { summary: 'Describes the measured images; TGI-shaped chunks.', options: [] },
  'demo-vllm': {
    summary: 'vLLM-shaped chunks: role only first, no system_fingerprint, empty final delta, usage chunk.',
    options: [],
    chunkShape: 'vllm',
  },
  'demo-slow-first-byte': {
    summary: 'Waits before sending anything (headers too).',
    options: [],
    defaults: { first_byte_ms: 5000 },
  },
  'demo-429': {
    summary: '429 with Retry-After.',
    options: ['fail', 'retry_after'],
    defaults: { retry_after: 2 },
    refusal: 'rate-limited',
  },
  'demo-503': {
    summary: '503 "currently loading" with estimated_time.',
    options: ['fail', 'retry_after'],
    refusal: 'loading',
  },
  'demo-500': { summary: '500 server error.', options: ['fail'], refusal: 'server-error' },
  'demo-401': {
    summary: '401 unless Authorization is "Bearer <token>".',
    options: ['token'],
    requireToken: true,
  },
  'demo-413': { summary: '413 when the body exceeds max_body bytes.', options: ['max_body'], limitBody: true },
  'demo-error-mid-stream': {
    summary: 'An SSE error event after some tokens.',
    options: ['after'],
    midStream: 'error',
  },
  'demo-cut-mid-stream': {
    summary: 'The connection is destroyed after some tokens, without [DONE].',
    options: ['after'],
    midStream: 'cut',
  },
  'demo-malformed-chunk': {
    summary: 'A data line that is not JSON after some tokens.',
    options: ['after'],
    midStream: 'malformed',
  },
  'demo-long': { summary: 'A long answer of `tokens` tokens.', options: ['tokens'], answer: 'long' },
  'demo-unbroken': {
    summary: 'An answer of `chars` characters without a space (Latin, katakana, digits), streamed in tokens of 1,000.',
    options: ['chars'],
    answer: 'unbroken',
  },
  'demo-no-done': { summary: 'The stream ends without finish_reason and without [DONE].', options: [], noDone: true },
  'demo-wrong-content-type': {
    summary: 'Streams SSE under content-type application/json.',
    options: [],
    streamContentType: 'application/json',
  },
  'demo-latency': {
    summary: 'The normal answer after a fixed delay of `ms` per request, sent at once (rate 0), for timing batch runs.',
    options: ['ms'],
    defaults: { ms: 100, rate: 0 },
  },
  'demo-judge': {
    summary:
      'Answers an LLM-judge prompt in the judge format (two scores, then how they were computed); `unparseable=1` answers without scores.',
    options: ['unparseable'],
    defaults: { rate: 0 },
    answer: 'judge',
  },
} as const satisfies Record<string, ScenarioSpec>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export interface ResolvedScenario {
  name: ScenarioName;
  spec: ScenarioSpec;
  options: ScenarioOptions;
}

export type ScenarioResult = { ok: true; scenario: ResolvedScenario } | { ok: false; status: 400 | 404; message: string };

const COMMON_OPTIONS: readonly OptionKey[] = ['rate', 'first_byte_ms'];
const MAX_LONG_TOKENS = 200_000;
const MAX_UNBROKEN_CHARS = 2_000_000;
const MAX_LATENCY_MS = 600_000;

function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** `name[:key=value,...]` → the scenario and its options, or why not. */
export function resolveScenario(model: string): ScenarioResult {
  const colon = model.indexOf(':');
  const name = colon < 0 ? model : model.slice(0, colon);
  if (!isScenarioName(name)) return { ok: false, status: 404, message: `The model \`${model}\` does not exist.` };
  const spec: ScenarioSpec = SCENARIOS[name];
  const options: ScenarioOptions = { ...DEFAULT_OPTIONS, ...spec.defaults };
  const allowed = [...COMMON_OPTIONS, ...spec.options];
  const pairs =
    colon < 0
      ? []
      : model
          .slice(colon + 1)
          .split(',')
          .filter((pair) => pair.trim() !== '');
  for (const pair of pairs) {
    const [rawKey = '', rawValue, ...rest] = pair.split('=');
    const key = rawKey.trim();
    const value = rawValue?.trim() ?? '';
    if (!allowed.some((k) => k === key)) {
      return { ok: false, status: 400, message: `Unknown option \`${key}\` for model \`${name}\`; it accepts: ${allowed.join(', ')}.` };
    }
    const applied = applyOption(options, key as OptionKey, value);
    if (rest.length > 0 || value === '' || !applied) {
      return { ok: false, status: 400, message: `Invalid value for option \`${key}\` in model \`${model}\`.` };
    }
  }
  return { ok: true, scenario: { name, spec, options } };
}

function applyOption(options: ScenarioOptions, key: OptionKey, value: string): boolean {
  if (key === 'token') {
    options.token = value;
    return true;
  }
  const number = Number(value);
  const valid = key === 'rate' ? Number.isFinite(number) && number >= 0 : Number.isInteger(number) && number >= 0;
  const tooBig =
    (key === 'tokens' && number > MAX_LONG_TOKENS) ||
    (key === 'chars' && number > MAX_UNBROKEN_CHARS) ||
    (key === 'ms' && number > MAX_LATENCY_MS) ||
    (key === 'unparseable' && number > 1);
  if (!valid || tooBig) return false;
  options[key] = number;
  return true;
}
