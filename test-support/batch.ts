// Builders for the batch module's unit tests (not imported by app code).
import type { Endpoint } from '../src/config/schema';
import type { AnswerPayload, AnswerRun, QuestionItem, QuestionSet, RunLane } from '../src/batch/model';

let counter = 0;

export function makeItem(overrides: Partial<QuestionItem> = {}): QuestionItem {
  counter += 1;
  return {
    id: String(counter),
    question: `この画像について説明してください。(${counter})`,
    reference: '赤い車が写っています。',
    category: 'detail',
    context: '赤い車が道路に止まっている。',
    images: [{ sha256: 'a'.repeat(64), mime: 'image/jpeg', width: 640, height: 480, bytes: 1000 }],
    ...overrides,
  };
}

export function makeSet(overrides: Partial<QuestionSet> = {}): QuestionSet {
  counter += 1;
  return {
    schema: 1,
    id: `set-${counter}`,
    name: 'Heron mini',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    format: 'heron',
    files: ['questions_ja.jsonl'],
    itemCount: 0,
    imageCount: 1,
    categories: ['detail'],
    ...overrides,
  };
}

export function testEndpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: 'demo',
    label: 'Demo',
    protocol: 'openai-chat',
    url: '/demo/v1',
    model: 'demo',
    imagePolicy: { shortSide: 768 },
    maxImagesPerMessage: 4,
    systemPrompt: '',
    ...overrides,
  } as Endpoint;
}

export function makeLane(overrides: Partial<RunLane> = {}): RunLane {
  return {
    endpoint: testEndpoint(),
    params: { maxTokens: 200, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
    systemPrompt: '',
    concurrency: 4,
    paused: null,
    ...overrides,
  };
}

export function makeRun(items: readonly QuestionItem[], overrides: Partial<AnswerRun> = {}): { run: AnswerRun; payload: AnswerPayload } {
  counter += 1;
  const lanes = overrides.lanes ?? [makeLane()];
  const repeats = overrides.repeats ?? 1;
  const run: AnswerRun = {
    schema: 1,
    id: `run-${counter}`,
    kind: 'answer',
    name: 'Heron mini',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    state: 'running',
    setId: 'set-1',
    setName: 'Heron mini',
    selection: { categories: null, firstN: null },
    repeats,
    itemCount: items.length,
    unitCount: items.length * lanes.length * repeats,
    ...overrides,
    lanes,
  };
  return { run, payload: { runId: run.id, kind: 'answer', items: [...items] } };
}

export function uniqueBatchDbName(): string {
  counter += 1;
  return `tanuki-batch-test-${counter}-${Math.random().toString(36).slice(2)}`;
}
