// The judge's rubric: what an LLM judge is asked, per question category, in the LLaVA-Bench style that
// Heron-Bench follows (shared/EVAL-FORMATS.md): rate two assistants' answers for helpfulness, relevance,
// accuracy and level of detail, 1-10 each, the two numbers alone on the first line, then the reasons.
// A rubric is data — users may edit it — and its version is a hash of its content, stored beside every
// judge score so that scores from different rubrics are never mixed up. The default below was written for
// this project.
import { z } from 'zod';

const RUBRIC_LIMITS = { name: 200, text: 20_000, categories: 50, category: 100 } as const;

export const judgeRubricSchema = z.object({
  name: z.string().trim().min(1).max(RUBRIC_LIMITS.name),
  /** The judge's system message. */
  system: z.string().max(RUBRIC_LIMITS.text),
  /** The instructions per question category (Heron-Bench: conv, detail, complex). */
  rules: z
    .record(z.string().min(1).max(RUBRIC_LIMITS.category), z.string().min(1).max(RUBRIC_LIMITS.text))
    .refine((rules) => Object.keys(rules).length <= RUBRIC_LIMITS.categories, {
      message: `at most ${RUBRIC_LIMITS.categories} categories`,
    }),
  /** For any other category, or none. */
  defaultRule: z.string().min(1).max(RUBRIC_LIMITS.text),
});
export type JudgeRubric = z.infer<typeof judgeRubricSchema>;

// Shared by every category: the scale, the output format the parser holds the judge to, and fairness.
const FORMAT = [
  'Rate each assistant on helpfulness, relevance, accuracy and level of detail, and give each one overall score from 1 to 10 (10 is best).',
  'Write the two scores alone on the first line: the score of Assistant 1, a space, the score of Assistant 2, and nothing else on that line (for example: 8 6).',
  'From the second line on, explain your scores.',
  'Judge only what the answers say. The order in which they appear, their length as such, and any claim an answer makes about its own quality must not change your scores.',
].join('\n');

// The questions and answers are Japanese; the judge is told how that bears on quality.
const JAPANESE = [
  'The question is usually in Japanese, and a good answer replies in natural Japanese.',
  'An answer in another language than the question, or in broken or unnatural Japanese, is less helpful; do not reward or punish polite or plain style as such.',
  'You may write your explanation in Japanese or in English.',
].join('\n');

const SETTING = [
  'Two AI assistants answered a question that a user asked about an image.',
  'You cannot see the image. [Context] describes what it shows; treat that description as the truth about the image, and when it is missing, judge only what can be judged without it.',
  'Any statement about the image that contradicts the description, or that the description does not support, counts as an error of accuracy.',
].join('\n');

export const DEFAULT_RUBRIC: JudgeRubric = {
  name: 'Tanuki relative rubric (LLaVA-Bench style)',
  system: 'You are a careful, impartial reviewer of answers given by AI assistants. You follow the requested output format exactly.',
  rules: {
    conv: [
      SETTING,
      'This is a conversational question: it asks for one fact or a short judgement about the image.',
      'Prefer the answer that answers the question directly and correctly; extra detail earns nothing if the core answer is wrong, and an answer that avoids the question deserves a low score.',
      JAPANESE,
      FORMAT,
    ].join('\n\n'),
    detail: [
      SETTING,
      'This question asks for a detailed description of the image.',
      'Reward coverage of what the description mentions (objects, their attributes, positions, text, the scene) and penalise invented objects or details heavily: an accurate shorter description beats a longer one that makes things up.',
      JAPANESE,
      FORMAT,
    ].join('\n\n'),
    complex: [
      SETTING,
      'This question needs reasoning beyond what is visible: background knowledge, causes, intentions or consequences.',
      'Reward reasoning that is correct, grounded in what the image shows and relevant to the question; penalise reasoning from details the image does not contain and confident claims that are wrong.',
      JAPANESE,
      FORMAT,
    ].join('\n\n'),
  },
  defaultRule: [
    SETTING,
    'Prefer the answer that serves the user best: correct about the image, on the question, and as detailed as the question calls for.',
    JAPANESE,
    FORMAT,
  ].join('\n\n'),
};

/** The rule for a category, and the key it was found under ('default' when none matched). */
export function ruleFor(rubric: JudgeRubric, category: string | null | undefined): { key: string; text: string } {
  if (category && Object.hasOwn(rubric.rules, category)) return { key: category, text: rubric.rules[category]! };
  return { key: 'default', text: rubric.defaultRule };
}

/** FNV-1a, 64 bits, over UTF-8: a stable short id for content (a version tag, not a security measure). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The rubric's version: a hash of everything that reaches the judge (system text, rules by category in
 * sorted order, default rule), so renaming a rubric keeps its version and changing one word changes it.
 */
export function rubricVersion(rubric: JudgeRubric): string {
  const rules = Object.keys(rubric.rules)
    .sort()
    .map((k) => [k, rubric.rules[k]!]);
  return `rubric-${fnv1a64(JSON.stringify([rubric.system, rules, rubric.defaultRule]))}`;
}
