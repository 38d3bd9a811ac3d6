// Labels for the records vocabulary (tags, score levels, error codes) in the interface language. The tag
// and level texts themselves live with the schema, so exports and the UI describe them the same way.
import type { Lang, MessageKey } from '../i18n';
import { TAG_LABELS, type RecordsErrorCode } from '../records';

export function tagLabel(tag: string, lang: Lang): string {
  return Object.hasOwn(TAG_LABELS, tag) ? TAG_LABELS[tag as keyof typeof TAG_LABELS][lang] : tag;
}

const ERROR_KEYS: Record<RecordsErrorCode, MessageKey> = {
  'storage-full': 'review.error.storageFull',
  'invalid-data': 'review.error.invalidData',
  'not-found': 'review.error.notFound',
  'unsupported-file': 'review.error.unsupportedFile',
  'file-too-large': 'review.error.fileTooLarge',
  'zip-bomb': 'review.error.zipBomb',
  'corrupt-archive': 'review.error.corruptArchive',
  'storage-failed': 'review.error.storageFailed',
};

export function recordsErrorKey(code: RecordsErrorCode): MessageKey {
  return ERROR_KEYS[code];
}
