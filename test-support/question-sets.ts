// Test-only builders of dropped files, from the sample photos. Imported by *.test.ts files, never by the app.
import { readFileSync } from 'node:fs';
import type { QuestionSetRead, SourceFile } from '../src/batch/question-sets/types';
import { photoPath } from './images';

export type Photo = 'horse.png' | 'rocket.jpg' | 'coffee.png' | 'text.png' | 'chelsea.png';

export function photo(name: Photo): Uint8Array {
  return new Uint8Array(readFileSync(photoPath(name)));
}

export const textFile = (path: string, content: string): SourceFile => ({ path, bytes: new TextEncoder().encode(content) });

export const jsonlFile = (path: string, lines: readonly unknown[]): SourceFile =>
  textFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');

/** The report, compactly: [severity, code, line or row, params]. */
export const entries = (read: QuestionSetRead) => read.report.entries.map((e) => [e.severity, e.code, e.line ?? e.row ?? null, e.params]);

export const codesOf = (read: QuestionSetRead, severity?: 'error' | 'warning' | 'note') =>
  read.report.entries.filter((e) => !severity || e.severity === severity).map((e) => e.code);

/** Byte equality without the test runner's element-by-element deep compare (slow on photos). */
export const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
