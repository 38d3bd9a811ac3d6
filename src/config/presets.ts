// Built-in endpoints. The Tanuki presets follow the models' reference demo (SPEC.md, "The models"):
// 768x768 input, one image per conversation, the LLaVA-JP system prompt, greedy decoding by default.
import type { Endpoint, ParamSpec } from './schema';

const TANUKI_SYSTEM_PROMPT =
  'これは好奇心旺盛なユーザーと人工知能システムのチャットです。システムはユーザーの質問に親切、詳細、丁寧に答える。';

const tanukiParams: ParamSpec = {
  maxTokens: { default: 200, min: 1, max: 256, step: 1 },
  temperature: { default: 0, min: 0, max: 1.5, step: 0.05 },
  topP: { default: 1, min: 0.05, max: 1, step: 0.05 },
  repetitionPenalty: { default: 1, min: 1, max: 1.5, step: 0.01 },
  noRepeatNgramSize: { default: 0, min: 0, max: 4, step: 1 },
};

const genericParams: ParamSpec = {
  maxTokens: { default: 512, min: 1, max: 4096, step: 1 },
  temperature: { default: 0.7, min: 0, max: 2, step: 0.05 },
  topP: { default: 1, min: 0.05, max: 1, step: 0.05 },
  repetitionPenalty: { default: 1, min: 1, max: 2, step: 0.01 },
  noRepeatNgramSize: { default: 0, min: 0, max: 10, step: 1 },
};

export const DEMO_ENDPOINT_ID = 'demo';
const DEMO_JUDGE_ID = 'demo-judge';

/** The build-time variables that give the presets their URLs (see vite.config.ts). */
export const presetUrlEnv: Record<string, string> = { 'tanuki-8b': 'VITE_TANUKI_8B_URL', 'tanuki-8x8b': 'VITE_TANUKI_8X8B_URL' };

function tanukiPreset(id: string, label: string, model: string, url: string): Endpoint {
  return {
    id,
    label,
    protocol: 'openai-chat',
    url,
    model,
    imagePolicy: { shortSide: 768 },
    imagesPerConversation: 1,
    maxImagesPerMessage: 1,
    systemPrompt: TANUKI_SYSTEM_PROMPT,
    params: tanukiParams,
  };
}

export function builtInEndpoints(env: { tanuki8bUrl?: string; tanuki8x8bUrl?: string }): Endpoint[] {
  return [
    {
      id: DEMO_ENDPOINT_ID,
      label: 'Demo endpoint (not a model)',
      protocol: 'openai-chat',
      url: '/demo/v1',
      model: 'demo',
      // The demo stands in for Tanuki, so it receives images prepared exactly as Tanuki would.
      imagePolicy: { shortSide: 768 },
      maxImagesPerMessage: 4,
      systemPrompt: '',
      params: tanukiParams,
    },
    tanukiPreset('tanuki-8b', 'Tanuki-8B-vision', 'weblab-GENIAC/Tanuki-8B-vision', env.tanuki8bUrl ?? ''),
    tanukiPreset('tanuki-8x8b', 'Tanuki-8x8B-vision-exp', 'weblab-GENIAC/Tanuki-8x8B-vision-exp', env.tanuki8x8bUrl ?? ''),
  ];
}

/**
 * The judges on offer where a judge is picked: every chat endpoint with a URL, with the demo endpoint as the
 * demo judge, last. Its `demo-judge` model answers a judge prompt in the judge format by a fixed formula over
 * what it can measure (demo-endpoint/judge.ts), so a judge run can be tried with no model at all; as itself
 * the demo describes images and never scores. A judge only: Chat does not offer it. Its own id, which no
 * endpoint has, keeps a judge run on it after a reload (a run's lane takes the endpoint of its id when one exists).
 */
export function judgeEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  const chat = endpoints.filter((e) => e.protocol === 'openai-chat' && e.url.trim() !== '');
  const demo = chat.find((e) => e.id === DEMO_ENDPOINT_ID);
  const others = chat.filter((e) => e !== demo);
  if (!demo || others.some((e) => e.id === DEMO_JUDGE_ID)) return others;
  return [...others, { ...demo, id: DEMO_JUDGE_ID, label: 'Demo judge (not a model)', model: 'demo-judge' }];
}

/** Whether an endpoint is the demo judge of judgeEndpoints. */
export const isDemoJudge = (endpoint: Pick<Endpoint, 'id'>): boolean => endpoint.id === DEMO_JUDGE_ID;

export function paramSpecOf(endpoint: Endpoint): ParamSpec {
  return { ...genericParams, ...endpoint.params };
}

/**
 * One list from three sources, later ones overriding earlier ones by id: built-in presets, the deployment's
 * config.json, and the user's own (Settings).
 */
export function mergeEndpoints(...lists: Endpoint[][]): Endpoint[] {
  const byId = new Map<string, Endpoint>();
  for (const list of lists) for (const e of list) byId.set(e.id, { ...byId.get(e.id), ...e });
  return [...byId.values()];
}
