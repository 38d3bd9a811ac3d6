// The identity check behind a vote's flag: an answer that names a model or a vendor may tell the voter which
// side is which, so its vote is flagged and a ranking can leave it out. Words are matched without regard to
// case or width (ＧＰＴ is GPT); a Latin word must stand alone ("GPT-4o" names GPT, "crypt" does not), while
// Japanese, written without spaces, is matched anywhere.

/** The default list (editable on the compare screen): models and vendors, in Latin and Japanese spellings. */
export const DEFAULT_IDENTITY_WORDS = [
  'Tanuki',
  'たぬき',
  'タヌキ',
  '狸',
  'Matsuo',
  '松尾研',
  'weblab',
  'LLaVA',
  'ラヴァ',
  'GPT',
  'ChatGPT',
  'OpenAI',
  'オープンAI',
  'Claude',
  'クロード',
  'Anthropic',
  'アンソロピック',
  'Gemini',
  'ジェミニ',
  'Bard',
  'Google',
  'グーグル',
  'Qwen',
  '通義千問',
  'Alibaba',
  'アリババ',
  'Llama',
  'Meta AI',
  'Mistral',
  'ミストラル',
  'Swallow',
  'Sarashina',
] as const;

export const MAX_IDENTITY_WORDS = 30;

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
const LATIN = /^[\p{Script=Latin}\d\s._-]+$/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of the list found in any of the texts, in list order, each once. */
export function findIdentityWords(texts: readonly string[], words: readonly string[]): string[] {
  const haystack = fold(texts.join('\n'));
  const found: string[] = [];
  for (const word of words) {
    const w = fold(word.trim());
    if (!w || found.includes(word)) continue;
    const hit = LATIN.test(w) ? new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}])`, 'u').test(haystack) : haystack.includes(w);
    if (hit) found.push(word);
  }
  return found;
}

/** A list as typed (one word per line or comma), trimmed, without repeats, within the limits. */
export function parseIdentityWords(text: string): string[] {
  const words = text
    .split(/[\n,、]/)
    .map((w) => w.trim().slice(0, 50))
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_IDENTITY_WORDS);
}
