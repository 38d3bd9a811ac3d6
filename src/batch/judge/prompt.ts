// The judge's prompt, as LLaVA-Bench and Heron-Bench lay it out: one user message with the image's
// description, the question, the two answers between markers, and the category's rule; the reference
// answer is Assistant 1 and the evaluated answer Assistant 2, or the other way round for the second pass of
// the both-orders option (position bias).
import { ruleFor, rubricVersion, type JudgeRubric } from './rubric';

/** 'reference-first': the reference is Assistant 1 (the benchmark's order); 'answer-first': swapped. */
export type JudgeOrder = 'reference-first' | 'answer-first';

export interface JudgeInput {
  /** What the image shows, in words (Heron-Bench's caption); null when the set has none. */
  context: string | null;
  question: string;
  reference: string;
  answer: string;
  category: string | null;
}

export interface JudgePrompt {
  messages: [{ role: 'system'; content: string }, { role: 'user'; content: string }];
  order: JudgeOrder;
  /** The rule used: the category, or 'default'. */
  ruleKey: string;
  rubricVersion: string;
}

// Answers are model output: one that writes "[End of Assistant 2]" or "[System]" on a line could pass for
// the prompt's own structure. Such markers inside a text get a full-width bracket, which reads the same to
// a person and no longer matches the markers.
const MARKER = /\[(?=(?:End of )?Assistant \d\]|System\]|Context\]|Question\])/g;
const inert = (text: string) => text.replace(MARKER, '［');

export function buildJudgePrompt(rubric: JudgeRubric, input: JudgeInput, order: JudgeOrder = 'reference-first'): JudgePrompt {
  const rule = ruleFor(rubric, input.category);
  const [first, second] = order === 'reference-first' ? [input.reference, input.answer] : [input.answer, input.reference];
  const context = input.context?.trim() ? inert(input.context.trim()) : '(No description of the image was given.)';
  const user = [
    `[Context]\n${context}`,
    `[Question]\n${inert(input.question.trim())}`,
    `[Assistant 1]\n${inert(first.trim())}\n\n[End of Assistant 1]`,
    `[Assistant 2]\n${inert(second.trim())}\n\n[End of Assistant 2]`,
    `[System]\n${rule.text}`,
  ].join('\n\n');
  return {
    messages: [
      { role: 'system', content: rubric.system },
      { role: 'user', content: user },
    ],
    order,
    ruleKey: rule.key,
    rubricVersion: rubricVersion(rubric),
  };
}
