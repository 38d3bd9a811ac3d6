// Reading a question set from whatever was dropped (files, a folder, a zip): which format it is, then that
// format's reader. Pure apart from the on-demand import of the Parquet reader; the batch screen runs it in a
// worker and checks the images it returns (decoding) before storing anything. The shapes are in types.ts.
import { baseName, normalizePath } from './files';
import { heronRole, readHeronSet, type HeronOptions } from './heron';
import { readParquetSet } from './parquet';
import { readPlainJsonl } from './plain-jsonl';
import { Reporter } from './report';
import { readStudioExport } from './studio-export';
import type { QuestionSetFormat, QuestionSetRead, SourceFile } from './types';
import { filesFromZip } from './zip';

export interface ReadOptions extends HeronOptions {
  /** Skip detection. */
  format?: QuestionSetFormat;
  /** For the plain format: the JSONL file, when several are dropped. */
  file?: string;
  /** The name to offer (a dropped zip's name, say) instead of the one read from the paths. */
  name?: string;
}

/** The format the files look like, or null. */
export function detectFormat(files: readonly SourceFile[]): QuestionSetFormat | null {
  if (files.some((f) => /\.parquet$/i.test(f.path))) return 'parquet';
  if (files.some((f) => baseName(f.path) === 'records.jsonl')) return 'studio-export';
  const jsonl = files.filter((f) => /\.jsonl$/i.test(f.path));
  if (jsonl.some((f) => heronRole(f) === 'questions')) return 'heron';
  if (jsonl.length > 0) return 'jsonl';
  return null;
}

export async function readQuestionSet(dropped: readonly SourceFile[], options: ReadOptions = {}): Promise<QuestionSetRead> {
  const zipReport = new Reporter();
  const files = dropped.flatMap((f) => (/\.zip$/i.test(f.path) ? filesFromZip(f, zipReport) : [{ ...f, path: normalizePath(f.path) }]));
  if (zipReport.hasErrors) return { format: options.format ?? 'jsonl', name: options.name ?? '', items: [], report: zipReport.report() };
  const format = options.format ?? detectFormat(files);
  let read: QuestionSetRead;
  if (format === null) {
    const report = new Reporter();
    report.error('no-question-file');
    read = { format: 'jsonl', name: '', items: [], report: report.report() };
  } else if (format === 'parquet') {
    const parquet = files.filter((f) => /\.parquet$/i.test(f.path));
    if (parquet.length === 1) read = await readParquetSet(parquet[0]!);
    else {
      const report = new Reporter();
      report.error('several-files', {}, { role: 'parquet', files: parquet.map((f) => f.path).join(', ') });
      read = { format, name: '', items: [], report: report.report() };
    }
  } else if (format === 'studio-export') read = readStudioExport(files);
  else if (format === 'heron') read = readHeronSet(files, options);
  else read = readPlainJsonl(files, { file: options.file });
  return options.name ? { ...read, name: options.name } : read;
}
