// Synthetic but realistic records and ratings, the same for the same seed: for `npm run bench`
// (10,000 records, 20,000 ratings) and for tests that need volume.
import { seededRandom } from '../src/stats/random';
import { DEFAULT_TAGS, type RecordStatus } from '../src/records/constants';
import { VOTE_SCHEMA_VERSION, type AnswerRecord, type Rating, type RecordImage, type Score, type Vote } from '../src/records/schema';

const ENDPOINTS = [
  {
    id: 'tanuki-8b',
    label: 'Tanuki-8B-vision',
    url: 'https://tanuki-8b.example.org/v1',
    model: 'weblab-GENIAC/Tanuki-8B-vision',
    protocol: 'openai-chat',
  },
  {
    id: 'tanuki-8x8b',
    label: 'Tanuki-8x8B-vision-exp',
    url: 'https://tanuki-8x8b.example.org/v1',
    model: 'weblab-GENIAC/Tanuki-8x8B-vision-exp',
    protocol: 'openai-chat',
  },
  { id: 'demo', label: 'Demo endpoint', url: '/demo', model: 'demo', protocol: 'openai-chat' },
] as const;

const SYSTEM_PROMPT = 'これは好奇心旺盛なユーザーと人工知能システムのチャットです。システムはユーザーの質問に親切、詳細、丁寧に答える。';

const QUESTIONS = [
  'この画像には何が写っていますか？',
  '写真の中の看板には何と書いてありますか？',
  'この料理の名前と、おいしそうに見える理由を教えてください。',
  '画像に写っている人は何をしていますか？',
  'この風景はどの季節だと思いますか？理由も説明してください。',
  'グラフから読み取れる傾向を要約してください。',
  'What is shown in this image?',
  'How many animals are in the picture?',
  'Describe the weather in this photo.',
  'Read the text on the sign.',
];

const SENTENCES = [
  'この画像には、木製のテーブルの上に置かれた白いカップが写っています。',
  '背景には窓があり、やわらかい自然光が差し込んでいます。',
  '看板には「営業中」と書かれているように見えます。',
  '手前には赤い自転車が停められており、奥には商店街が続いています。',
  '空は曇っていて、地面が濡れていることから雨上がりだと考えられます。',
  '料理はカレーライスで、湯気が立っていることから出来たてのようです。',
  'グラフは2019年から2023年にかけて右肩上がりの傾向を示しています。',
  '人物は公園のベンチに座り、本を読んでいるようです。',
  'The image shows a cat sitting on a windowsill in the afternoon sun.',
  'There are three dogs playing on a grassy field near a river.',
  'The sign reads "Closed for renovation" in bold red letters.',
  'It appears to be early autumn, judging by the yellow leaves on the trees.',
];

const NOTES = ['', '', '', '数字の読み取りが不正確', '背景の説明が冗長', 'Good detail.', 'Missed the second object.', '敬語が不自然'];

function hexId(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** A pool of image descriptors with made-up hashes (enough for records; see generateImages for real bytes). */
function fakeImagePool(random: () => number, size: number): RecordImage[] {
  return Array.from({ length: size }, () => {
    const width = 768 + Math.floor(random() * 4) * 256;
    return { sha256: hexId(random, 64), mime: 'image/jpeg', width, height: 768, bytes: 60_000 + Math.floor(random() * 200_000) };
  });
}

export interface BenchData {
  records: AnswerRecord[];
  ratings: Rating[];
}

export interface BenchOptions {
  /** Images to refer to (for example from generateImages); otherwise a pool of 50 with made-up hashes. */
  images?: readonly RecordImage[];
  /** Time of the first record. */
  start?: Date;
}

/**
 * n records (mostly ok, some error/aborted/incomplete) over three endpoints, each with about
 * `ratingsPerRecord` ratings (fractional values are met on average) by distinct annotators.
 */
export function generateRecords(n: number, ratingsPerRecord: number, seed = 1, options: BenchOptions = {}): BenchData {
  const random = seededRandom(seed);
  const images = options.images ?? fakeImagePool(random, 50);
  const annotators = Array.from({ length: Math.max(8, Math.ceil(ratingsPerRecord)) }, (_, i) => `annotator-${i + 1}`);
  let time = (options.start ?? new Date('2025-01-06T09:00:00Z')).getTime();
  const records: AnswerRecord[] = [];
  const ratings: Rating[] = [];

  for (let i = 0; i < n; i++) {
    time += 5_000 + Math.floor(random() * 60_000);
    const endpoint = ENDPOINTS[i % ENDPOINTS.length] as (typeof ENDPOINTS)[number];
    const roll = random();
    const status: RecordStatus = roll < 0.9 ? 'ok' : roll < 0.95 ? 'error' : roll < 0.98 ? 'aborted' : 'incomplete';
    const sentences = 1 + Math.floor(random() * 8);
    const output = status === 'error' ? '' : Array.from({ length: sentences }, () => pick(random, SENTENCES)).join('');
    const ttftMs = status === 'error' ? null : 150 + Math.floor(random() * 2500);
    const outputTokens = status === 'error' ? null : Math.max(1, Math.round(output.length / 1.6));
    const tokensPerSecond = outputTokens === null ? null : Math.round((12 + random() * 45) * 10) / 10;
    const totalMs =
      ttftMs === null ? 200 + Math.floor(random() * 5000) : ttftMs + Math.round(((outputTokens ?? 0) / (tokensPerSecond ?? 1)) * 1000);
    const image = random() < 0.9 ? [pick(random, images)] : [];
    const id = `rec-${hexId(random, 24)}`;
    records.push({
      schema: 1,
      id,
      createdAt: new Date(time).toISOString(),
      endedAt: status === 'incomplete' ? null : new Date(time + totalMs).toISOString(),
      source: random() < 0.7 ? 'chat' : random() < 0.5 ? 'batch' : 'compare',
      conversationId: `conv-${hexId(random, 12)}`,
      endpoint: { ...endpoint },
      params: { maxTokens: 200, temperature: random() < 0.8 ? 0 : 0.7, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
      systemPrompt: endpoint.id === 'demo' ? '' : SYSTEM_PROMPT,
      messages: [{ role: 'user', text: pick(random, QUESTIONS), images: image }],
      output,
      finishReason: status === 'ok' ? (random() < 0.9 ? 'stop' : 'length') : null,
      status,
      error:
        status === 'error'
          ? { code: pick(random, ['rate-limited', 'loading', 'timeout', 'network'] as const), message: 'HTTP 503: model is loading' }
          : null,
      timings: { ttftMs, totalMs, outputTokens, tokensPerSecond },
      usage: outputTokens === null ? null : { promptTokens: 600 + Math.floor(random() * 200), completionTokens: outputTokens },
      appVersion: '0.1.0',
    });

    const count = Math.floor(ratingsPerRecord) + (random() < ratingsPerRecord % 1 ? 1 : 0);
    const offset = Math.floor(random() * annotators.length);
    // Better endpoints score better on average, so leaderboards and statistics have something to show.
    const bias = endpoint.id === 'tanuki-8x8b' ? 0.6 : endpoint.id === 'tanuki-8b' ? 0.2 : -0.8;
    for (let k = 0; k < Math.min(count, annotators.length); k++) {
      const at = new Date(time + totalMs + 60_000 + Math.floor(random() * 86_400_000)).toISOString();
      const score = Math.min(5, Math.max(1, Math.round(3 + bias + (random() - 0.5) * 3))) as Score;
      const tags = DEFAULT_TAGS.filter(() => random() < 0.12);
      ratings.push({
        schema: 1,
        id: `rat-${hexId(random, 24)}`,
        recordId: id,
        annotator: annotators[(offset + k) % annotators.length] as string,
        score: random() < 0.95 ? score : null,
        thumb: score >= 4 ? 'up' : score <= 2 ? 'down' : null,
        tags: [...tags],
        note: pick(random, NOTES),
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  return { records, ratings };
}

/** Images with real SHA-256 names (random bytes behind a JPEG signature), for export/import runs. */
export async function generateImages(count: number, seed = 1, size = 4096): Promise<{ image: RecordImage; blob: Blob }[]> {
  const random = seededRandom(seed);
  const out: { image: RecordImage; blob: Blob }[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = new Uint8Array(size);
    for (let k = 0; k < size; k++) bytes[k] = Math.floor(random() * 256);
    bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    out.push({
      image: { sha256, mime: 'image/jpeg', width: 768, height: 768, bytes: size },
      blob: new Blob([bytes], { type: 'image/jpeg' }),
    });
  }
  return out;
}

/**
 * n stored votes among `models` endpoints drawn from the Bradley-Terry model with evenly spread strengths
 * (log-odds 0.2 apart), random pairs and sides, 10% ties and 5% both-bad, over eight annotators.
 */
export function generateVotes(n: number, models: number, seed = 1): Vote[] {
  const random = seededRandom(seed);
  const strengths = Array.from({ length: models }, (_, i) => (i - models / 2) * 0.2);
  const start = new Date('2025-02-03T09:00:00Z').getTime();
  const votes: Vote[] = [];
  while (votes.length < n) {
    const a = Math.floor(random() * models);
    const b = Math.floor(random() * models);
    if (a === b) continue;
    const u = random();
    const pA = 1 / (1 + Math.exp(strengths[b]! - strengths[a]!));
    const at = new Date(start + votes.length * 30_000).toISOString();
    votes.push({
      schema: VOTE_SCHEMA_VERSION,
      id: `vote-${hexId(random, 24)}`,
      groupId: `group-${hexId(random, 16)}`,
      recordIds: [`rec-${hexId(random, 24)}`, `rec-${hexId(random, 24)}`],
      endpointIds: [`model-${a}`, `model-${b}`],
      models: [`org/model-${a}`, `org/model-${b}`],
      choice: u < 0.1 ? 'tie' : u < 0.15 ? 'both-bad' : random() < pA ? 'a' : 'b',
      annotator: `annotator-${1 + (votes.length % 8)}`,
      createdAt: at,
      updatedAt: at,
      blind: random() < 0.8,
      reasons: [],
      note: '',
      flagged: random() < 0.05,
      identityWords: [],
    });
  }
  return votes;
}
