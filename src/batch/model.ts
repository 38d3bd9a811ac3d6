// The shapes the batch domain stores: question sets and their items, runs, and unit outcomes. Everything read
// back from IndexedDB passes through these schemas (versioned by `schema`), so a damaged or older value is
// skipped and counted, never trusted.
import { z } from 'zod';
import { endpointSchema, generationParamsSchema } from '../config/schema';
import { LIMITS } from '../records';
import { judgeRubricSchema } from './judge/rubric';

const idSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
const isoSchema = z.iso.datetime({ offset: true });
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const BATCH_LIMITS = {
  setName: 200,
  items: 20_000,
  files: 200,
  fileName: 300,
  categories: 200,
  repeats: 20,
  concurrency: 32,
  endpoints: 8,
} as const;

export const imageRefSchema = z.object({
  sha256: sha256Schema,
  mime: z.string().regex(/^image\/[a-z0-9.+-]{1,60}$/),
  width: z.number().int().min(0).max(100_000),
  height: z.number().int().min(0).max(100_000),
  bytes: z.number().int().min(0),
});
export type ImageRef = z.infer<typeof imageRefSchema>;

/** One question of a set, normalized from whatever format it came in. */
export const questionItemSchema = z.object({
  id: z.string().min(1).max(LIMITS.itemId),
  question: z.string().min(1).max(LIMITS.text),
  reference: z.string().max(LIMITS.text).nullable(),
  category: z.string().max(LIMITS.category).nullable(),
  /** What the image shows, in words (Heron-Bench's caption), for a judge that cannot see it. */
  context: z.string().max(LIMITS.text).nullable(),
  /** Usually one (Heron-Bench, LLaVA-Bench); an item from a studio export may carry several. */
  images: z.array(imageRefSchema).min(1).max(LIMITS.imagesPerMessage),
});
export type QuestionItem = z.infer<typeof questionItemSchema>;

export const SET_FORMATS = ['heron', 'jsonl', 'parquet', 'studio-export'] as const;
export type SetFormat = (typeof SET_FORMATS)[number];

export const questionSetSchema = z.object({
  schema: z.literal(1),
  id: idSchema,
  name: z.string().trim().min(1).max(BATCH_LIMITS.setName),
  createdAt: isoSchema,
  updatedAt: isoSchema,
  format: z.enum(SET_FORMATS),
  files: z.array(z.string().max(BATCH_LIMITS.fileName)).max(BATCH_LIMITS.files),
  itemCount: countSchema,
  imageCount: countSchema,
  categories: z.array(z.string().max(LIMITS.category)).max(BATCH_LIMITS.categories),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

export const setItemsSchema = z.object({
  setId: idSchema,
  items: z.array(questionItemSchema).max(BATCH_LIMITS.items),
});

/** Why a lane paused itself (see lanes.ts), as stored. */
const lanePauseSchema = z.object({
  reason: z.enum(['auth', 'not-found', 'config', 'keeps-failing', 'wait-too-long']),
  code: z.string().max(LIMITS.errorCode),
  waitMs: z.number().min(0).optional(),
});

/** One endpoint of a run: the endpoint as it was when the run started, and how it is asked. */
export const runLaneSchema = z.object({
  endpoint: endpointSchema,
  params: generationParamsSchema,
  systemPrompt: z.string().max(LIMITS.text),
  concurrency: z.number().int().min(1).max(BATCH_LIMITS.concurrency),
  paused: lanePauseSchema.nullable(),
});
export type RunLane = z.infer<typeof runLaneSchema>;

export const RUN_STATES = ['running', 'paused', 'done', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

const runBase = {
  schema: z.literal(1),
  id: idSchema,
  name: z.string().max(BATCH_LIMITS.setName),
  createdAt: isoSchema,
  updatedAt: isoSchema,
  /** running: should be worked on (also after a reload); paused by the person; done; cancelled. */
  state: z.enum(RUN_STATES),
  lanes: z.array(runLaneSchema).min(1).max(BATCH_LIMITS.endpoints),
  unitCount: countSchema,
};

export const answerRunSchema = z.object({
  ...runBase,
  kind: z.literal('answer'),
  setId: idSchema,
  setName: z.string().max(BATCH_LIMITS.setName),
  selection: z.object({
    categories: z.array(z.string().max(LIMITS.category)).max(BATCH_LIMITS.categories).nullable(),
    firstN: z.number().int().min(1).nullable(),
  }),
  repeats: z.number().int().min(1).max(BATCH_LIMITS.repeats),
  itemCount: countSchema,
});
export type AnswerRun = z.infer<typeof answerRunSchema>;

/** An LLM judge over answers: one lane (the judge endpoint), a rubric fixed when the run started. */
export const judgeRunSchema = z.object({
  ...runBase,
  kind: z.literal('judge'),
  rubric: judgeRubricSchema,
  rubricVersion: z.string().min(1).max(LIMITS.rubricVersion),
  bothOrders: z.boolean(),
  /** The answer run judged, when it was one. */
  sourceRunId: idSchema.nullable(),
});
export type JudgeRun = z.infer<typeof judgeRunSchema>;

export const runSchema = z.discriminatedUnion('kind', [answerRunSchema, judgeRunSchema]);
export type Run = AnswerRun | JudgeRun;

export const answerPayloadSchema = z.object({
  runId: idSchema,
  kind: z.literal('answer'),
  items: z.array(questionItemSchema).max(BATCH_LIMITS.items),
});
export type AnswerPayload = z.infer<typeof answerPayloadSchema>;

export const judgePayloadSchema = z.object({
  runId: idSchema,
  kind: z.literal('judge'),
  recordIds: z.array(idSchema).max(BATCH_LIMITS.items * BATCH_LIMITS.endpoints),
});
export type JudgePayload = z.infer<typeof judgePayloadSchema>;

export const runPayloadSchema = z.discriminatedUnion('kind', [answerPayloadSchema, judgePayloadSchema]);
export type RunPayload = AnswerPayload | JudgePayload;

export const outcomeSchema = z.object({
  runId: idSchema,
  unit: countSchema,
  /** retry: a failed unit the person asked to try again (its record still says how it failed). */
  state: z.enum(['done', 'failed', 'retry']),
  /** The error code of a failed unit. */
  code: z.string().max(LIMITS.errorCode).nullable(),
  at: isoSchema,
});
export type UnitOutcome = z.infer<typeof outcomeSchema>;

/** A rubric the person edited and kept; its version is a hash of what reaches the judge. */
export const storedRubricSchema = z.object({
  schema: z.literal(1),
  id: idSchema,
  rubric: judgeRubricSchema,
  version: z.string().min(1).max(LIMITS.rubricVersion),
  updatedAt: isoSchema,
});
export type StoredRubric = z.infer<typeof storedRubricSchema>;
