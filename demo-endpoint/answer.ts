/*
 * Turns measurements into the demo endpoint's answer. It must never read like a model's guess:
 * it says what it is, lists only what was measured, and answers in the question's language.
 */
import { MAX_DECODE_PIXELS, type Brightness, type ColourName, type ImageReport } from './image-analysis.ts';
import type { ImageFormat } from './image-probe.ts';
import { splitTokens } from './tokens.ts';

export type Language = 'en' | 'ja';

export interface AnswerFacts {
  /** The text of the last user message. */
  question: string;
  /** The images of the last user message. */
  images: readonly ImageReport[];
  /** Images in the whole conversation, this message included. */
  conversationImages: number;
  /** User messages in the conversation. */
  turns: number;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/u;

export function detectLanguage(text: string): Language {
  return JAPANESE.test(text) ? 'ja' : 'en';
}

interface Words {
  sizeSeparator: string;
  listSeparator: string;
  intro: string;
  noImage: string;
  imageHeading(index: number, size: string, format: string, bytes: string): string;
  brightness(level: Brightness, mean: number): string;
  colours(list: string): string;
  colour(name: ColourName): string;
  looksLikeText(yes: boolean): string;
  skipped: Record<'format' | 'too-large' | 'undecodable', (format: string) => string>;
  unknownFormat: string;
  asked(question: string): string;
  noQuestion: string;
  summary(images: number, turns: number): string;
  observations(index: number, report: ImageReport): string[];
  short(report: ImageReport | undefined): string;
}

const FORMAT_LABEL: Record<ImageFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
  heic: 'HEIC',
  heif: 'HEIF',
  svg: 'SVG',
  tiff: 'TIFF',
  unknown: '',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const EN_SELF = 'I am the demo endpoint of Tanuki Vision Studio, not a vision model.';

const EN: Words = {
  sizeSeparator: ' × ',
  listSeparator: ', ',
  intro: `${EN_SELF} Here is what I measured:`,
  noImage: `${EN_SELF} Your last message has no image, so there is nothing for me to measure.`,
  imageHeading: (index, size, format, bytes) =>
    `**Image ${index}**: ${[size && `${size} px`, format, `${bytes} bytes`].filter(Boolean).join(', ')}`,
  brightness: (level, mean) => `brightness: ${level} (mean ${mean} of 255)`,
  colours: (list) => `main colours: ${list}`,
  colour: (name) => name,
  looksLikeText: (yes) => `looks like text or a document: ${yes ? 'yes' : 'no'}`,
  skipped: {
    format: (format) => `I read only the header: I do not decode ${format} pixels`,
    'too-large': () => `too large to decode here (the limit is ${MAX_DECODE_PIXELS / 1_000_000} megapixels)`,
    undecodable: () => 'the pixels could not be decoded (a corrupt file or an unsupported variant)',
  },
  unknownFormat: 'unrecognised format',
  asked: (question) => `You asked: “${question}”`,
  noQuestion: 'Your message has no question text.',
  summary: (images, turns) => `In this conversation I have received ${plural(images, 'image')} over ${plural(turns, 'turn')}.`,
  observations: (index, report) => {
    const { probe, pixels } = report;
    const lines = [`Image ${index} is ${describeFormat(probe.format, 'en')} of ${groupDigits(probe.bytes)} bytes.`];
    if (probe.width !== null && probe.height !== null) {
      lines.push(`Image ${index} measures ${probe.width} × ${probe.height} px.`);
    }
    if (pixels === null) return [...lines, `I did not decode the pixels of image ${index}.`];
    lines.push(`Image ${index} has a ${pixels.brightness} mean brightness of ${pixels.meanBrightness} of 255.`);
    for (const { name, percent } of pixels.colours) lines.push(`${percent}% of image ${index} is ${name}.`);
    lines.push(`Image ${index} ${pixels.looksLikeText ? 'looks' : 'does not look'} like text or a document.`);
    return lines;
  },
  short: (report) => {
    if (report === undefined) return 'Demo endpoint, not a model: no image received.';
    const { probe, pixels } = report;
    const parts = [[sizeText(report, EN.sizeSeparator), FORMAT_LABEL[probe.format] || 'unrecognised image'].filter(Boolean).join(' ')];
    if (pixels !== null) {
      const [main] = pixels.colours;
      if (main) parts.push(`mostly ${main.name} (${main.percent}%)`);
      parts.push(`${pixels.brightness} brightness`, pixels.looksLikeText ? 'looks like text' : 'not text-like');
    }
    return `Demo endpoint, not a model: ${parts.join(', ')}.`;
  },
};

export const JA_COLOUR: Record<ColourName, string> = {
  red: '赤',
  orange: 'オレンジ',
  yellow: '黄色',
  green: '緑',
  cyan: '水色',
  blue: '青',
  purple: '紫',
  pink: 'ピンク',
  brown: '茶色',
  black: '黒',
  grey: '灰色',
  white: '白',
};
const JA_BRIGHTNESS: Record<Brightness, string> = { dark: '暗い', medium: '中くらい', bright: '明るい' };

const JA_SELF = 'これは Tanuki Vision Studio のデモ用エンドポイントで、視覚モデルではありません。';
const JA_SHORT_SELF = 'デモ用エンドポイント（モデルではありません）';

const JA: Words = {
  sizeSeparator: '×',
  listSeparator: '、',
  intro: `${JA_SELF}画像から測れたこと：`,
  noImage: `${JA_SELF}最後のメッセージに画像がないので、測れるものがありません。`,
  imageHeading: (index, size, format, bytes) =>
    `**画像 ${index}**：${[size && `サイズ ${size}`, format, `${bytes} バイト`].filter(Boolean).join('、')}`,
  brightness: (level, mean) => `明るさ：${JA_BRIGHTNESS[level]}（平均 ${mean}／255）`,
  colours: (list) => `主な色：${list}`,
  colour: (name) => JA_COLOUR[name],
  looksLikeText: (yes) => `文字や文書らしさ：${yes ? 'あり' : 'なし'}`,
  skipped: {
    format: (format) => `${format} の画素は復号しないので、ヘッダーだけを読みました`,
    'too-large': () => `大きすぎるため復号しませんでした（上限 ${MAX_DECODE_PIXELS / 10_000} 万画素）`,
    undecodable: () => '画素を復号できませんでした（壊れたファイルか、未対応の形式です）',
  },
  unknownFormat: '形式不明',
  asked: (question) => `質問：「${question}」`,
  noQuestion: '質問の文はありませんでした。',
  summary: (images, turns) => `この会話で受け取った画像は ${images} 枚、ターンは ${turns} 回です。`,
  observations: (index, report) => {
    const { probe, pixels } = report;
    const lines = [`画像 ${index} は ${groupDigits(probe.bytes)} バイトの${describeFormat(probe.format, 'ja')}です。`];
    if (probe.width !== null && probe.height !== null) {
      lines.push(`画像 ${index} のサイズは ${probe.width}×${probe.height} です。`);
    }
    if (pixels === null) return [...lines, `画像 ${index} の画素は復号していません。`];
    const level = JA_BRIGHTNESS[pixels.brightness];
    lines.push(`画像 ${index} の平均の明るさは ${pixels.meanBrightness}／255（${level}）です。`);
    for (const { name, percent } of pixels.colours) lines.push(`画像 ${index} の ${percent}% は${JA_COLOUR[name]}です。`);
    lines.push(`画像 ${index} は文字や文書に${pixels.looksLikeText ? '見えます' : '見えません'}。`);
    return lines;
  },
  short: (report) => {
    if (report === undefined) return `${JA_SHORT_SELF}：画像を受け取っていません。`;
    const { probe, pixels } = report;
    const size = sizeText(report, JA.sizeSeparator);
    const parts = [`${size ? `${size} の ` : ''}${FORMAT_LABEL[probe.format] || '形式不明の画像'}`];
    if (pixels !== null) {
      const [main] = pixels.colours;
      if (main) parts.push(`主な色は${JA_COLOUR[main.name]}（${main.percent}%）`);
      parts.push(`明るさは${JA_BRIGHTNESS[pixels.brightness]}`);
      parts.push(pixels.looksLikeText ? '文字らしさあり' : '文字らしさなし');
    }
    return `${JA_SHORT_SELF}：${parts.join('、')}。`;
  },
};

const WORDS: Record<Language, Words> = { en: EN, ja: JA };

/** The normal answer: a short Markdown list of the measurements. */
export function composeAnswer(facts: AnswerFacts): string {
  const language = detectLanguage(facts.question);
  const words = WORDS[language];
  const blocks: string[] = [];
  if (facts.images.length === 0) {
    blocks.push(words.noImage);
  } else {
    blocks.push(words.intro);
    blocks.push(facts.images.map((report, i) => describeImage(words, report, i + 1)).join('\n'));
  }
  blocks.push(echoQuestion(words, facts.question));
  blocks.push(words.summary(facts.conversationImages, facts.turns));
  return blocks.join('\n\n');
}

/**
 * An answer of exactly `tokens` tokens, for tests of long streams and truncation: numbered
 * observations drawn from the measurements, repeated in order until the length is reached.
 */
export function composeLongAnswer(facts: AnswerFacts, tokens: number): string {
  const language = detectLanguage(facts.question);
  const words = WORDS[language];
  const observations = facts.images.flatMap((report, i) => words.observations(i + 1, report));
  if (observations.length === 0) observations.push(words.noImage);
  observations.push(words.summary(facts.conversationImages, facts.turns));

  let text = words.intro;
  let count = splitTokens(text).length;
  for (let n = 1; count < tokens; n++) {
    const line = `\n${n}. ${observations[(n - 1) % observations.length] ?? ''}`;
    text += line;
    count += splitTokens(line).length;
  }
  return splitTokens(text).slice(0, tokens).join('');
}

/** One sentence for the visual-question-answering task, which expects a short answer. */
export function composeShortAnswer(question: string, report: ImageReport | undefined): string {
  return WORDS[detectLanguage(question)].short(report);
}

function describeImage(words: Words, report: ImageReport, index: number): string {
  const { probe, pixels, skipped } = report;
  const format = FORMAT_LABEL[probe.format] || words.unknownFormat;
  const heading = words.imageHeading(index, sizeText(report, words.sizeSeparator), format, groupDigits(probe.bytes));
  const details: string[] = [];
  if (pixels !== null) {
    const colours = pixels.colours.map(({ name, percent }) => `${words.colour(name)} ${percent}%`);
    details.push(
      words.brightness(pixels.brightness, pixels.meanBrightness),
      words.colours(colours.join(words.listSeparator)),
      words.looksLikeText(pixels.looksLikeText),
    );
  } else if (skipped !== null && probe.format !== 'unknown') {
    details.push(words.skipped[skipped](format));
  }
  return [`- ${heading}`, ...details.map((line) => `  - ${line}`)].join('\n');
}

const MAX_ECHO = 200;

function echoQuestion(words: Words, question: string): string {
  // One line, so that a question with Markdown or line breaks cannot reshape the answer's list.
  const flat = question.replace(/\s+/gu, ' ').trim();
  if (flat === '') return words.noQuestion;
  const chars = [...flat];
  return words.asked(chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : flat);
}

function sizeText(report: ImageReport, separator: string): string {
  const { width, height } = report.probe;
  return width !== null && height !== null ? `${width}${separator}${height}` : '';
}

function describeFormat(format: ImageFormat, language: Language): string {
  if (format === 'unknown') return language === 'en' ? 'a file of unrecognised format' : '形式不明のファイル';
  return language === 'en' ? `a ${FORMAT_LABEL[format]} file` : ` ${FORMAT_LABEL[format]} ファイル`;
}

/** Locale-independent thousands separators, so the text is the same on every machine. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
}
