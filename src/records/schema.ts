// The shapes of what is stored and exported: answer records, ratings and comparison votes. Everything read
// back (from IndexedDB or an imported file) passes through these schemas, so the bounds (LIMITS, constants.ts) are also
// what keep a hostile import from bloating storage, and the URL transform is what keeps tokens out of records.
import { z } from 'zod';
import { generationParamsSchema, protocolSchema } from '../config/schema';
import { redactText, sanitizeUrl } from '../config/secrets';
import type { ImageFacts } from '../images/types';

import { LIMITS, RECORD_SCHEMA_VERSION, RECORD_SOURCES, RECORD_STATUSES, SCORES } from './constants';

// ---------------------------------------------------------------------------------------------------------
// Secrets: config/secrets.ts, shared with the inference errors that reach records.

export { redactText, sanitizeUrl };

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const idSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected an id: letters, digits, . _ : - (1-128)');
const isoSchema = z.iso.datetime({ offset: true });
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Up to about eleven days: longer is a clock error, not a timing. */
const msSchema = z.number().min(0).max(1e9);

export const recordImageSchema = z.object({
  sha256: sha256Schema,
  mime: z.string().regex(/^image\/[a-z0-9.+-]{1,60}$/, 'expected an image MIME type'),
  width: z.number().int().min(0).max(100_000),
  height: z.number().int().min(0).max(100_000),
  bytes: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
}) satisfies z.ZodType<ImageFacts>;
/** A record keeps exactly the facts every image shape shares (the schema is checked against them). */
export type RecordImage = ImageFacts;

const endpointRefSchema = z.object({
  id: idSchema,
  label: z.string().max(LIMITS.label),
  url: z.string().max(LIMITS.url).transform(sanitizeUrl),
  model: z.string().max(LIMITS.model),
  protocol: protocolSchema,
});

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string().max(LIMITS.text),
  images: z.array(recordImageSchema).max(LIMITS.imagesPerMessage),
});
export type RecordMessage = z.infer<typeof messageSchema>;

const usageSchema = z.object({
  promptTokens: countSchema.optional(),
  completionTokens: countSchema.optional(),
  totalTokens: countSchema.optional(),
});

const errorSchema = z.object({
  /** An inference ErrorCode ('auth', 'rate-limited', ...) kept as a string so newer codes still load. */
  code: z.string().min(1).max(LIMITS.errorCode),
  message: z.string().max(LIMITS.errorMessage).transform(redactText),
});

/**
 * Where a batch answer came from (source \`batch\`): its run, the question set's item, and what a judge needs
 * to score it (reference answer, the image's description). \`sourceImages\` are the set's own images before
 * they were prepared for the endpoint: records of one item from endpoints with different image policies
 * share them even when the bytes sent differ.
 */
const batchProvenanceSchema = z.object({
  runId: idSchema,
  setId: idSchema,
  setName: z.string().max(LIMITS.label),
  itemId: z.string().min(1).max(LIMITS.itemId),
  /** The item's position in its set (0-based). */
  itemIndex: countSchema,
  category: z.string().max(LIMITS.category).nullable(),
  reference: z.string().max(LIMITS.text).nullable(),
  context: z.string().max(LIMITS.text).nullable(),
  /** 0-based: the n-th time this item was asked of this endpoint in the run. */
  repeat: countSchema,
  sourceImages: z.array(sha256Schema).max(LIMITS.imagesPerMessage),
});
export type BatchProvenance = z.infer<typeof batchProvenanceSchema>;

const recordFields = {
  id: idSchema,
  createdAt: isoSchema,
  endedAt: isoSchema.nullable(),
  source: z.enum(RECORD_SOURCES),
  conversationId: idSchema.optional(),
  messageId: idSchema.optional(),
  /** A comparison or a batch run. */
  groupId: idSchema.optional(),
  endpoint: endpointRefSchema,
  params: generationParamsSchema,
  systemPrompt: z.string().max(LIMITS.text),
  /** The request as sent, images by hash. */
  messages: z.array(messageSchema).max(LIMITS.messages),
  output: z.string().max(LIMITS.output),
  finishReason: z.string().max(LIMITS.finishReason).nullable(),
  status: z.enum(RECORD_STATUSES),
  error: errorSchema.nullable(),
  usage: usageSchema.nullable(),
  appVersion: z.string().max(LIMITS.appVersion),
  /** Only on batch answers; absent elsewhere (and on records made before batch runs existed). */
  batch: batchProvenanceSchema.optional(),
};

export const answerRecordSchema = z.object({
  schema: z.literal(1),
  ...recordFields,
  timings: z.object({
    ttftMs: msSchema.nullable(),
    totalMs: msSchema.nullable(),
    outputTokens: countSchema.nullable(),
    tokensPerSecond: z.number().min(0).max(1e7).nullable(),
  }),
});
export type AnswerRecord = z.output<typeof answerRecordSchema>;

const scoreSchema = z.literal(SCORES);
export type Score = z.infer<typeof scoreSchema>;

const judgeScoreSchema = z.number().min(1).max(10);

/**
 * What an LLM judge said about an answer (LLaVA-Bench style, relative to a reference): every pass's raw text
 * and the two numbers it wrote (Assistant 1, Assistant 2; null when unparseable), the rubric's version, and
 * when the judgement parsed, the answer's and the reference's scores and their ratio. An unparseable
 * judgement keeps its reason and has no score.
 */
const judgeVerdictSchema = z.object({
  endpointId: idSchema,
  model: z.string().max(LIMITS.model),
  /** The judge run that wrote it, if any. */
  runId: idSchema.optional(),
  rubricName: z.string().max(LIMITS.rubricName),
  rubricVersion: z.string().min(1).max(LIMITS.rubricVersion),
  bothOrders: z.boolean(),
  passes: z
    .array(
      z.object({
        order: z.enum(['reference-first', 'answer-first']),
        raw: z.string().max(LIMITS.judgeText),
        score1: judgeScoreSchema.nullable(),
        score2: judgeScoreSchema.nullable(),
      }),
    )
    .min(1)
    .max(2),
  parsed: z.boolean(),
  /** Why it did not parse (a code such as \`no-scores\`, \`extra-text\`, or \`judge-error\` when the call failed). */
  reason: z.string().max(LIMITS.errorCode).nullable(),
  answerScore: judgeScoreSchema.nullable(),
  referenceScore: judgeScoreSchema.nullable(),
  /** answerScore / referenceScore (1 = as good as the reference). */
  relative: z.number().min(0).max(10).nullable(),
});
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

const ratingFields = {
  id: idSchema,
  recordId: idSchema,
  annotator: z.string().trim().min(1).max(LIMITS.annotator),
  score: scoreSchema.nullable(),
  thumb: z.enum(['up', 'down']).nullable(),
  tags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tags),
  note: z.string().max(LIMITS.note),
  createdAt: isoSchema,
  updatedAt: isoSchema,
  /** Only on ratings by an LLM judge (annotator \`judge:<model>\`). */
  judge: judgeVerdictSchema.optional(),
};
export const ratingSchema = z.object({ schema: z.literal(1), ...ratingFields });
export type Rating = z.infer<typeof ratingSchema>;

/** @public Used by comparisons. */
export const VOTE_CHOICES = ['a', 'b', 'tie', 'both-bad'] as const;
/** @public */
export type VoteChoice = (typeof VOTE_CHOICES)[number];
/** Votes have their own version: version 2 added what blind comparison needs (see voteSchema). */
export const VOTE_SCHEMA_VERSION = 2;

const voteV1Fields = {
  id: idSchema,
  groupId: idSchema,
  /** The sides, in the order shown: choice 'a' is recordIds[0]. */
  recordIds: z.array(idSchema).min(2).max(LIMITS.voteSides),
  endpointIds: z.array(idSchema).min(2).max(LIMITS.voteSides),
  choice: z.enum(VOTE_CHOICES),
  annotator: z.string().trim().min(1).max(LIMITS.annotator),
  createdAt: isoSchema,
};
type SideLists = { recordIds: string[]; endpointIds: string[]; models?: (string | null)[] };
const sidesMatch = (v: SideLists) =>
  v.recordIds.length === v.endpointIds.length && (v.models?.length ?? v.recordIds.length) === v.recordIds.length;
const sidesMessage = { message: 'recordIds, endpointIds and models must have the same length', path: ['endpointIds'] };

/**
 * One annotator's vote on one comparison (a pair of answers to the same question): one per annotator and
 * pair of records, changeable (updatedAt). `blind`: the endpoints' names were hidden until the vote.
 * `flagged`: an answer named a model or vendor (the words in `identityWords`), so the voter may have known.
 */
export const voteSchema = z
  .object({
    schema: z.literal(VOTE_SCHEMA_VERSION),
    ...voteV1Fields,
    /** The model name each side's endpoint was asked for, same order (null when not known). */
    models: z.array(z.string().max(LIMITS.model).nullable()).max(LIMITS.voteSides),
    updatedAt: isoSchema,
    blind: z.boolean(),
    reasons: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tags),
    note: z.string().max(LIMITS.note),
    flagged: z.boolean(),
    identityWords: z.array(z.string().min(1).max(LIMITS.tag)).max(LIMITS.tags),
  })
  .refine(sidesMatch, sidesMessage);
export type Vote = z.infer<typeof voteSchema>;
const voteV1Schema = z.object({ schema: z.literal(1), ...voteV1Fields }).refine(sidesMatch, sidesMessage);
type VoteV1 = z.infer<typeof voteV1Schema>;

/** What makes a vote the same vote: its annotator and the pair of answers, in whatever order they were shown. */
export function votePairKey(v: { annotator: string; recordIds: readonly string[] }): string {
  return JSON.stringify([v.annotator.trim(), ...[...v.recordIds].sort()]);
}

/** A vote stored before version 2: not known to be blind, never checked for identity words. */
function upgradeVote(old: VoteV1): unknown {
  return {
    ...old,
    schema: VOTE_SCHEMA_VERSION,
    models: old.recordIds.map(() => null),
    updatedAt: old.createdAt,
    blind: false,
    reasons: [],
    note: '',
    flagged: false,
    identityWords: [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Read-time validation and migration

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function describe(error: z.ZodError): string {
  const [first] = error.issues;
  if (!first) return 'invalid';
  const where = first.path.map(String).join('.') || '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}

function check<T>(schema: z.ZodType<T>, raw: unknown): Checked<T> {
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: describe(result.error) };
}

/**
 * Every stored or exported value carries its schema version; version 1 is the only one ever written. A
 * future version 2 adds its migration here (read the old shape, return the new one).
 */
function versioned<T>(raw: unknown, current: z.ZodType<T>): Checked<T> {
  if (!isObject(raw)) return { ok: false, reason: 'not an object' };
  const version = raw.schema;
  if (version === RECORD_SCHEMA_VERSION) return check(current, raw);
  return { ok: false, reason: `unknown schema version ${JSON.stringify(version ?? null).slice(0, 20)}` };
}

export function checkRecord(raw: unknown): Checked<AnswerRecord> {
  return versioned(raw, answerRecordSchema);
}

export function checkRating(raw: unknown): Checked<Rating> {
  return versioned(raw, ratingSchema);
}

export function checkVote(raw: unknown): Checked<Vote> {
  // Votes have their own versions: version 1 (before blind voting) is read as a vote that was not blind.
  if (!isObject(raw)) return { ok: false, reason: 'not an object' };
  if (raw.schema === 1) {
    const old = check(voteV1Schema, raw);
    return old.ok ? check(voteSchema, upgradeVote(old.value)) : { ok: false, reason: `version 1: ${old.reason}` };
  }
  if (raw.schema === VOTE_SCHEMA_VERSION) return check(voteSchema, raw);
  return { ok: false, reason: `unknown schema version ${JSON.stringify(raw.schema ?? null).slice(0, 20)}` };
}

/** The record in the current version, or null when it is invalid (the caller counts those). */
export function migrateRecord(raw: unknown): AnswerRecord | null {
  const r = checkRecord(raw);
  return r.ok ? r.value : null;
}

export function migrateRating(raw: unknown): Rating | null {
  const r = checkRating(raw);
  return r.ok ? r.value : null;
}

export function migrateVote(raw: unknown): Vote | null {
  const r = checkVote(raw);
  return r.ok ? r.value : null;
}
