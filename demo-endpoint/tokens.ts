/*
 * A stand-in tokeniser: deterministic and roughly as fine-grained as a real one, so that streaming,
 * `max_tokens` and `usage` behave plausibly. Latin text splits into words carrying their leading
 * whitespace (as BPE tokens do); Japanese splits into one- or two-character pieces.
 */

const CJK = '\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uffef';
const TOKEN = new RegExp(`\\s*(?:[${CJK}]{1,2}|[^\\s${CJK}]+)|\\s+`, 'gu');

/** Tokens joined back together give the original text exactly. */
export function splitTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return splitTokens(text).length;
}

/** SigLIP-so400m at 384 px sees a 27x27 patch grid: what one image costs a LLaVA-style prompt. */
export const TOKENS_PER_IMAGE = 729;

export interface Completion {
  tokens: string[];
  finishReason: 'stop' | 'length';
}

/** Applies `stop` sequences, then `max_tokens`, the way a server does after generation. */
export function limitCompletion(text: string, maxTokens: number | null, stop: readonly string[]): Completion {
  const stopAt = stop
    .filter((sequence) => sequence.length > 0)
    .map((sequence) => text.indexOf(sequence))
    .filter((index) => index >= 0);
  const tokens = splitTokens(stopAt.length > 0 ? text.slice(0, Math.min(...stopAt)) : text);
  if (maxTokens !== null && tokens.length > maxTokens) {
    return { tokens: tokens.slice(0, maxTokens), finishReason: 'length' };
  }
  return { tokens, finishReason: 'stop' };
}

/**
 * An answer with no space in it, for tests of long unbroken text: `chars` characters cycling through Latin,
 * katakana and digits, in tokens of 1,000 characters (the tokeniser above would make it one token).
 */
export function unbrokenTokens(chars: number): string[] {
  const cycle = 'tanukiタヌキ2024-';
  const text = cycle.repeat(Math.ceil(chars / cycle.length)).slice(0, chars);
  const tokens: string[] = [];
  for (let i = 0; i < text.length; i += 1000) tokens.push(text.slice(i, i + 1000));
  return tokens;
}

/** `max_tokens` over ready-made tokens. */
export function limitTokens(tokens: string[], maxTokens: number | null): Completion {
  return maxTokens !== null && tokens.length > maxTokens
    ? { tokens: tokens.slice(0, maxTokens), finishReason: 'length' }
    : { tokens, finishReason: 'stop' };
}
