// Values read off a record in more than one place (filters, statistics, CSV), defined once.
import type { AnswerRecord } from './schema';

/** The question: the last user message's text (earlier turns are context). */
export function questionOf(record: AnswerRecord): string {
  for (let i = record.messages.length - 1; i >= 0; i--) {
    const m = record.messages[i];
    if (m?.role === 'user') return m.text;
  }
  return '';
}

/** Every image hash the request carried, first occurrence order, without repeats. */
export function imageHashesOf(record: AnswerRecord): string[] {
  const seen = new Set<string>();
  for (const m of record.messages) for (const img of m.images) seen.add(img.sha256);
  return [...seen];
}
