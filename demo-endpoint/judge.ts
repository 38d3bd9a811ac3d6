/*
 * The demo judge (`demo-judge`): answers an LLM-judge prompt laid out as LLaVA-Bench and Heron-Bench lay it
 * out ([Context], [Question], [Assistant 1] … [End of Assistant 1], [Assistant 2] … [End of Assistant 2])
 * in the judge format — two scores alone on the first line, then the reasons — so that judge runs can be
 * tested offline. It is not a judge: each score is a fixed formula over what can be measured, and the
 * explanation shows the formula and its terms.
 *
 *   score = 1 + length points (1 per 40 characters, at most 4)
 *             + description points (1 per term of [Context] the answer repeats, at most 3)
 *             + colour points (2 when the answer names a colour measured in an attached image; not scored
 *               when no image is attached)
 */
import { detectLanguage, JA_COLOUR, type Language } from './answer.ts';
import type { ColourName } from './image-analysis.ts';

export interface JudgePromptParts {
  context: string | null;
  answers: [string, string];
}

const section = (text: string, start: string, end: string): string | null => {
  const from = text.indexOf(start);
  if (from < 0) return null;
  const body = text.slice(from + start.length);
  const to = body.indexOf(end);
  return (to < 0 ? body : body.slice(0, to)).trim();
};

/** The parts of a judge prompt, or null when the text does not hold two assistants' answers. */
export function readJudgePrompt(text: string): JudgePromptParts | null {
  const first = section(text, '[Assistant 1]', '[End of Assistant 1]');
  const second = section(text, '[Assistant 2]', '[End of Assistant 2]');
  if (first === null || second === null) return null;
  return { context: section(text, '[Context]', '[Question]'), answers: [first, second] };
}

const MAX_TERMS = 30;

/**
 * Terms of the description an answer can repeat: runs of two or more kanji or katakana (Japanese has no
 * spaces to split on), and Latin words of four letters or more, lower-cased; first occurrences, in order.
 */
export function contextTerms(context: string | null): string[] {
  if (!context) return [];
  const found = context.match(/[\p{Script=Han}\p{Script=Katakana}ー]{2,}|[A-Za-z]{4,}/gu) ?? [];
  return [...new Set(found.map((t) => t.toLowerCase()))].slice(0, MAX_TERMS);
}

const EN_COLOUR_WORDS: Record<ColourName, readonly string[]> = {
  red: ['red'],
  orange: ['orange'],
  yellow: ['yellow'],
  green: ['green'],
  cyan: ['cyan', 'light blue'],
  blue: ['blue'],
  purple: ['purple', 'violet'],
  pink: ['pink'],
  brown: ['brown'],
  black: ['black'],
  grey: ['grey', 'gray'],
  white: ['white'],
};
const JA_EXTRA_COLOUR_WORDS: Partial<Record<ColourName, readonly string[]>> = { grey: ['グレー', 'ねずみ色'] };

/** Whether the answer names the colour: English as whole words ("red", not "covered"), Japanese anywhere. */
function namesColour(answer: string, name: ColourName): boolean {
  const english = EN_COLOUR_WORDS[name].some((w) => new RegExp(`\\b${w}\\b`, 'iu').test(answer));
  return english || [JA_COLOUR[name], ...(JA_EXTRA_COLOUR_WORDS[name] ?? [])].some((w) => answer.includes(w));
}

export interface AnswerMeasures {
  characters: number;
  lengthPoints: number;
  terms: string[];
  termPoints: number;
  /** Measured colours the answer names; null when no image was measured. */
  colours: ColourName[] | null;
  colourPoints: number | null;
  score: number;
}

export function measureAnswer(answer: string, terms: readonly string[], measured: readonly ColourName[] | null): AnswerMeasures {
  const characters = [...answer.replace(/\s+/gu, '')].length;
  const lengthPoints = Math.min(4, Math.floor(characters / 40));
  const lower = answer.toLowerCase();
  const repeated = terms.filter((t) => lower.includes(t));
  const termPoints = Math.min(3, repeated.length);
  const named = measured === null ? null : measured.filter((c) => namesColour(answer, c));
  const colourPoints = named === null ? null : named.length > 0 ? 2 : 0;
  const score = Math.min(10, 1 + lengthPoints + termPoints + (colourPoints ?? 0));
  return { characters, lengthPoints, terms: repeated, termPoints, colours: named, colourPoints, score };
}

interface JudgeWords {
  formula: string;
  noImage: string;
  assistant(index: number, m: AnswerMeasures, measured: readonly ColourName[] | null): string;
  notAJudgePrompt: string;
  unparseable: string;
}

const list = (items: readonly string[], separator: string, none: string) => (items.length > 0 ? items.join(separator) : none);

const EN: JudgeWords = {
  formula:
    'Demo judge of Tanuki Vision Studio, not a model. Each score is 1 + 1 per 40 characters (at most 4) + 1 per term of the image description that the answer repeats (at most 3) + 2 if the answer names a colour measured in the attached image.',
  noImage: 'No image was attached, so colours were not scored.',
  assistant: (index, m, measured) =>
    `Assistant ${index}: ${m.characters} characters → ${m.lengthPoints}; description terms repeated: ${list(m.terms, ', ', 'none')} → ${m.termPoints}` +
    (m.colours === null || measured === null
      ? ''
      : `; colours measured: ${measured.join(', ')}, named: ${list(m.colours, ', ', 'none')} → ${m.colourPoints}`) +
    `. Score ${m.score}.`,
  notAJudgePrompt:
    'Demo judge of Tanuki Vision Studio, not a model: this message has no [Assistant 1] and [Assistant 2] answers to compare, so there is nothing to score.',
  unparseable:
    'Demo judge of Tanuki Vision Studio, answering without scores on purpose (option unparseable=1), so that a client can show how it handles a judge it cannot read.',
};

const JA: JudgeWords = {
  formula:
    'Tanuki Vision Studio のデモ審査員で、モデルではありません。各スコア = 1 + 40 文字ごとに 1（最大 4）+ 画像の説明の語を回答が繰り返すごとに 1（最大 3）+ 添付画像で測った色を回答が挙げていれば 2。',
  noImage: '画像が添付されていないので、色は採点していません。',
  assistant: (index, m, measured) =>
    `Assistant ${index}：${m.characters} 文字 → ${m.lengthPoints}、繰り返した説明の語：${list(m.terms, '、', 'なし')} → ${m.termPoints}` +
    (m.colours === null || measured === null
      ? ''
      : `、測った色：${measured.map((c) => JA_COLOUR[c]).join('、')}、挙げた色：${list(
          m.colours.map((c) => JA_COLOUR[c]),
          '、',
          'なし',
        )} → ${m.colourPoints}`) +
    `。スコア ${m.score}。`,
  notAJudgePrompt:
    'Tanuki Vision Studio のデモ審査員（モデルではありません）：このメッセージには比べる [Assistant 1] と [Assistant 2] の回答がないので、採点するものがありません。',
  unparseable:
    'Tanuki Vision Studio のデモ審査員：わざとスコアなしで答えています（オプション unparseable=1）。読めない審査結果をクライアントがどう扱うかを確かめるためです。',
};

const WORDS: Record<Language, JudgeWords> = { en: EN, ja: JA };

/**
 * The judge's answer to `prompt` (the last user message). `measured`: the colours measured in the images
 * attached to that message, or null when none was decoded. The language follows the prompt's question.
 */
export function composeJudgement(prompt: string, measured: readonly ColourName[] | null, options: { unparseable: boolean }): string {
  const question = (prompt.match(/\[Question\]([\s\S]*?)\[Assistant 1\]/u)?.[1] ?? prompt).trim();
  const words = WORDS[detectLanguage(question)];
  if (options.unparseable) return words.unparseable;
  const parts = readJudgePrompt(prompt);
  if (parts === null) return words.notAJudgePrompt;
  const terms = contextTerms(parts.context);
  const [first, second] = parts.answers.map((a) => measureAnswer(a, terms, measured)) as [AnswerMeasures, AnswerMeasures];
  return [
    `${first.score} ${second.score}`,
    words.formula,
    words.assistant(1, first, measured),
    words.assistant(2, second, measured),
    ...(measured === null ? [words.noImage] : []),
  ].join('\n');
}
