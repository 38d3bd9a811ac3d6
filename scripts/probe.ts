// `npm run probe -- --url … --model …`: the command line of the deployment check's probe
// (deploy-check/probe.ts): arguments in, a report out, exit 0 on a pass, 1 on a failure, 2 on bad arguments.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { protocolSchema } from '../src/config/schema';
import { formatReport, runProbe, type ProbeOptions, type ProbeReport } from '../deploy-check/probe';
import { BUILT_IN_IMAGES, BUILT_IN_PROBES, DEFAULT_LIMITS, readToken, safeUrl, SmokeConfigError } from '../deploy-check/targets';

export const HELP = `Usage: npm run probe -- --url URL [--model NAME] [options]

Checks one endpoint without a browser, in Node, through the app's own inference module: sends one image
and one question, streams the answer, and prints time to first token, total time, tokens per second, the
answer and the finish reason. The raw stream is checked against the chat-completion stream schema of
@huggingface/tasks, and protocol deviations are named (wrong content type, non-JSON chunks, missing [DONE],
missing finish reason). Exits 0 when every check passes, 1 when one fails or the endpoint is unreachable,
2 on bad arguments.

  --url URL            endpoint URL, absolute (http:// or https://); for openai-chat the base, …/v1 or
                       …/v1/chat/completions; for hf-vqa the Inference Endpoint URL itself
  --model NAME         model name sent in the request (vLLM needs the served name; TGI ignores it)
  --protocol P         openai-chat (default) or hf-vqa
  --image PATH         a JPEG or PNG; default: the built-in cat photo (public/examples/chelsea.png)
                       Image preparation in the app runs in a browser worker; here the file is sent
                       as it is (its size is read from its header), so keep it small, as the app would.
  --question TEXT      default: the built-in question (Japanese)
  --keywords A,B       the answer must contain one of these; default: the built-in ones with the
                       built-in image and question. Not checked against the demo endpoint.
  --token-env NAME     read the bearer token from environment variable NAME (default: SMOKE_TOKEN,
                       then HF_TOKEN). The token is never printed.
  --ttft-ms N          first token within N ms (default ${DEFAULT_LIMITS.maxFirstTokenMs}, or SMOKE_TTFT_MS)
  --total-ms N         answer finished within N ms (default ${DEFAULT_LIMITS.maxTotalMs}, or SMOKE_TOTAL_MS)
  --max-tokens N       max_tokens sent (default 200; temperature 0)
  --json               print the report as JSON instead of text
  --help

Examples:
  npm run probe -- --url http://127.0.0.1:4173/demo/v1 --model demo
  HF_TOKEN=hf_… npm run probe -- --url https://gpu-box.example.org/v1 --model weblab-GENIAC/Tanuki-8B-vision
  npm run probe -- --url https://xyz.endpoints.huggingface.cloud --protocol hf-vqa --token-env HF_TOKEN
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function whole(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, not "${value}".`);
  return n;
}

export function parseCli(argv: string[], env: Record<string, string | undefined>): (ProbeOptions & { json: boolean }) | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: 'string' },
        model: { type: 'string', default: '' },
        protocol: { type: 'string', default: 'openai-chat' },
        image: { type: 'string' },
        question: { type: 'string' },
        keywords: { type: 'string' },
        'token-env': { type: 'string' },
        'ttft-ms': { type: 'string' },
        'total-ms': { type: 'string' },
        'max-tokens': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return 'help';
  if (!values.url) throw new UsageError('--url is required.');
  if (!/^https?:\/\//i.test(values.url) || !URL.canParse(values.url)) {
    throw new UsageError(`--url must be absolute (http:// or https://): Node has no page to resolve "${safeUrl(values.url)}" against.`);
  }
  const protocol = protocolSchema.safeParse(values.protocol);
  if (!protocol.success) throw new UsageError(`--protocol must be one of ${protocolSchema.options.join(', ')}, not "${values.protocol}".`);
  let token: string | undefined;
  if (values['token-env'] !== undefined) {
    token = env[values['token-env']]?.trim();
    if (!token) throw new UsageError(`--token-env ${values['token-env']}: that environment variable is empty or not set.`);
  } else token = readToken(env);

  const cat = BUILT_IN_PROBES[0]!;
  const builtInQuestion = typeof cat.question === 'string' ? cat.question : (cat.question.ja ?? cat.question.en ?? '');
  const image = values.image ? path.resolve(values.image) : path.join(BUILT_IN_IMAGES, cat.image);
  const question = values.question ?? builtInQuestion;
  const keywords =
    values.keywords !== undefined
      ? values.keywords
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : !values.image && !values.question
        ? (cat.keywords ?? [])
        : [];
  return {
    url: values.url,
    model: values.model,
    protocol: protocol.data,
    image,
    question,
    keywords,
    ...(token ? { token } : {}),
    maxFirstTokenMs: whole(values['ttft-ms'], '--ttft-ms') ?? whole(env.SMOKE_TTFT_MS, 'SMOKE_TTFT_MS') ?? DEFAULT_LIMITS.maxFirstTokenMs,
    maxTotalMs: whole(values['total-ms'], '--total-ms') ?? whole(env.SMOKE_TOTAL_MS, 'SMOKE_TOTAL_MS') ?? DEFAULT_LIMITS.maxTotalMs,
    maxTokens: whole(values['max-tokens'], '--max-tokens') ?? 200,
    json: values.json,
  };
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let options;
  try {
    options = parseCli(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`probe: ${e.message}\n\n${HELP}`);
    return 2;
  }
  if (options === 'help') {
    out(HELP);
    return 0;
  }
  const { json, ...probe } = options;
  let report: ProbeReport;
  try {
    report = await runProbe({ ...probe, ...(json ? {} : { onProgress: (line) => err(`… ${line}`) }) });
  } catch (e) {
    if (!(e instanceof SmokeConfigError)) throw e;
    err(`probe: ${e.message}`);
    return 2;
  }
  out(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.status === 'pass' ? 0 : 1;
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (invoked === import.meta.url) {
  main(
    process.argv.slice(2),
    process.env,
    (s) => console.log(s),
    (s) => console.error(s),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error('probe: unexpected error:', e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
