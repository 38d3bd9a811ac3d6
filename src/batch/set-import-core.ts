// From dropped files to a question set ready to store, or a report saying why not. The format readers
// (question-sets/) find the items and their image bytes; here every distinct image goes through the app's
// intake checks (header, limits, a decode) and is hashed. Nothing is stored: the person sees the report
// first, and a set with any error is never stored, in whole or in part. Runs in a worker (set-import.worker.ts).
import type { RejectionData } from '../images/checks';
import { ImageRejection } from '../images/checks';
import type { Progress } from '../records';
import type { ImageRef, QuestionItem, SetFormat } from './model';
import { readQuestionSet, type ReadOptions } from './question-sets';
import type { SourceFile, ValidationReport } from './question-sets/types';

/** Bytes, not a Blob: a Blob per image is a handle in the browser process, and letting thousands go at once held up the page. */
export interface ImportedImage {
  ref: ImageRef;
  bytes: Uint8Array;
}

/** An image the intake checks refused, with how many items name it. */
export interface ImageProblem {
  name: string;
  rejection: RejectionData;
  items: number;
}

export interface ImportPreview {
  format: SetFormat;
  /** The name offered for the set (the folder's or the file's). */
  name: string;
  files: string[];
  items: QuestionItem[];
  /** Each distinct image once. */
  images: ImportedImage[];
  report: ValidationReport;
  imageProblems: ImageProblem[];
  categories: string[];
  /** No errors anywhere: the set may be stored. */
  ok: boolean;
}

/**
 * Listing folders given as handles, picked or dropped (files found so far; total 0), reading the files (files
 * done of all), checking the images (images done of all), storing them (on the page).
 */
export type SetImportProgress = Progress<'listing' | 'reading' | 'checking' | 'saving'>;

export interface ImportDeps {
  /** The intake checks: resolves to the type and upright size, or rejects with an ImageRejection. */
  inspect(blob: Blob, name: string): Promise<{ mime: string; width: number; height: number }>;
  sha256(bytes: Uint8Array): Promise<string>;
}

export async function previewImport(
  sources: readonly SourceFile[],
  options: ReadOptions,
  deps: ImportDeps,
  onProgress: (p: SetImportProgress) => void = () => {},
): Promise<ImportPreview> {
  const read = await readQuestionSet(sources, options);

  // The readers share one bytes object between the items that name the same image.
  const distinct = new Map<Uint8Array, { name: string; items: number }>();
  for (const item of read.items) {
    for (const image of item.images) {
      const seen = distinct.get(image.bytes);
      if (seen) seen.items += 1;
      else distinct.set(image.bytes, { name: image.name, items: 1 });
    }
  }

  const refs = new Map<Uint8Array, ImageRef>();
  const bySha = new Map<string, ImportedImage>();
  const imageProblems: ImageProblem[] = [];
  let checked = 0;
  for (const [bytes, { name, items }] of distinct) {
    onProgress({ phase: 'checking', done: checked++, total: distinct.size });
    try {
      const { mime, width, height } = await deps.inspect(new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
      const sha256 = await deps.sha256(bytes);
      const ref: ImageRef = { sha256, mime, width, height, bytes: bytes.length };
      refs.set(bytes, ref);
      if (!bySha.has(sha256)) bySha.set(sha256, { ref, bytes });
    } catch (e) {
      const rejection =
        e instanceof ImageRejection
          ? e.toData()
          : { code: 'corrupt' as const, fileName: name, detail: { reason: e instanceof Error ? e.message : String(e) } };
      imageProblems.push({ name, rejection, items });
    }
  }

  const items: QuestionItem[] = [];
  for (const item of read.items) {
    const images = item.images.flatMap((i) => refs.get(i.bytes) ?? []);
    if (images.length === 0 || images.length !== item.images.length) continue;
    items.push({ id: item.id, question: item.question, reference: item.reference, category: item.category, context: item.context, images });
  }
  const categories = [...new Set(items.flatMap((i) => (i.category ? [i.category] : [])))].sort();
  return {
    format: read.format,
    name: read.name,
    files: sources.map((s) => s.path),
    items,
    images: [...bySha.values()],
    report: read.report,
    imageProblems,
    categories,
    ok: read.report.ok && imageProblems.length === 0 && items.length > 0,
  };
}
