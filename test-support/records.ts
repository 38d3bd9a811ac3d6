// Records, ratings and votes as stored and exported, for the unit tests and the end-to-end specs (which import
// them into the app as export lines). Plain data: no test runner, no database (see records-repo.ts).
import type { AnswerRecord, Rating, Vote } from '../src/records/schema';

let counter = 0;

export function makeRecord(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  counter += 1;
  return {
    schema: 1,
    id: `rec-${counter}`,
    createdAt: '2025-03-01T10:00:00.000Z',
    endedAt: '2025-03-01T10:00:05.000Z',
    source: 'chat',
    conversationId: 'conv-1',
    endpoint: { id: 'tanuki-8b', label: 'Tanuki-8B-vision', url: 'https://h.example/v1', model: 'tanuki-8b', protocol: 'openai-chat' },
    params: { maxTokens: 200, temperature: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 },
    systemPrompt: 'system',
    messages: [{ role: 'user', text: 'この画像には何が写っていますか？', images: [] }],
    output: '猫が写っています。',
    finishReason: 'stop',
    status: 'ok',
    error: null,
    timings: { ttftMs: 300, totalMs: 5000, outputTokens: 20, tokensPerSecond: 4.2 },
    usage: { promptTokens: 600, completionTokens: 20, totalTokens: 620 },
    appVersion: '0.1.0',
    ...overrides,
  };
}

export function makeRating(recordId: string, annotator: string, overrides: Partial<Rating> = {}): Rating {
  counter += 1;
  return {
    schema: 1,
    id: `rat-${counter}`,
    recordId,
    annotator,
    score: 4,
    thumb: null,
    tags: [],
    note: '',
    createdAt: '2025-03-02T10:00:00.000Z',
    updatedAt: '2025-03-02T10:00:00.000Z',
    ...overrides,
  };
}

export function makeVote(recordIds: string[], overrides: Partial<Vote> = {}): Vote {
  counter += 1;
  return {
    schema: 2,
    id: `vote-${counter}`,
    groupId: 'g-1',
    recordIds,
    endpointIds: recordIds.map((_, i) => `endpoint-${i + 1}`),
    models: recordIds.map((_, i) => `model-${i + 1}`),
    choice: 'a',
    annotator: 'alice',
    createdAt: '2025-03-01T00:00:00.000Z',
    updatedAt: '2025-03-01T00:00:00.000Z',
    blind: true,
    reasons: [],
    note: '',
    flagged: false,
    identityWords: [],
    ...overrides,
  };
}
