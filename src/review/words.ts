// Labels for the records vocabulary (tags, error codes) in the interface language: keys of the i18n
// dictionaries. A custom tag (one the annotators added) is its own label.
import { formatBytes, isMessageKey, translator, type Lang, type MessageKey } from '../i18n';
import { describeStoredError } from '../inference/error-words';
import type { AnswerRecord, RecordsErrorCode, SkippedItem } from '../records';
import { isolate } from '../ui/long-text';

export function tagLabel(tag: string, lang: Lang): string {
  const key = `tag.${tag}`;
  return isMessageKey(key) ? translator(lang)(key) : tag;
}

const ERROR_KEYS: Record<RecordsErrorCode, MessageKey> = {
  'storage-full': 'review.error.storageFull',
  'invalid-data': 'review.error.invalidData',
  'not-found': 'review.error.notFound',
  'unsupported-file': 'review.error.unsupportedFile',
  'file-too-large': 'review.error.fileTooLarge',
  'too-many-entries': 'review.error.tooManyEntries',
  'entry-too-large': 'review.error.entryTooLarge',
  'unpacks-too-large': 'review.error.unpacksTooLarge',
  'zip-bomb': 'review.error.zipBomb',
  'lying-sizes': 'review.error.lyingSizes',
  'corrupt-archive': 'review.error.corruptArchive',
  'export-too-large': 'review.error.exportTooLarge',
  'storage-failed': 'review.error.storageFailed',
  closed: 'storage.upgradeReload',
};

function recordsErrorKey(code: RecordsErrorCode): MessageKey {
  return ERROR_KEYS[code];
}

/**
 * A records error in words, with what it says filled in: sizes (params named ...Bytes) as "1.2 MB", counts
 * with digit grouping, names from the file bidi-isolated.
 */
export function recordsErrorWords(code: RecordsErrorCode, params: Readonly<Record<string, string | number>>, lang: Lang): string {
  const vars = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'string' ? isolate(v) : k.endsWith('Bytes') ? formatBytes(v) : v.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US'),
    ]),
  );
  return translator(lang)(recordsErrorKey(code), vars);
}

/** A record's error in the words the chat showed for it (general words for a code this version does not know). */
export function recordErrorWords(record: Pick<AnswerRecord, 'error' | 'endpoint'>, lang: Lang): string {
  const { error } = record;
  if (!error) return '';
  return describeStoredError(error, lang, { endpointLabel: record.endpoint.label }).title;
}

/** How a record's error is shown: a stop the person asked for is told plainly, as the chat tells it, not as a failure. */
export const errorNoticeClass = (error: { code: string }): string => (error.code === 'aborted' ? 'notice-info' : 'notice-error');

/** Why an import skipped a line or an entry, in words; what came from the file is bidi-isolated. */
export function skipWords(item: SkippedItem, lang: Lang): string {
  const key: MessageKey = `review.import.skip.${item.code}`;
  const params = Object.fromEntries(Object.entries(item.params).map(([k, v]) => [k, typeof v === 'string' ? isolate(v) : v]));
  return translator(lang)(key, params);
}
