// A dropped zip (a downloaded benchmark folder, or one of the studio's exports) as the files inside it,
// under the records import's guards (records/zip.ts): its directory is read whole (ZIP64, or a count that
// wrapped past 65,535) and checked before anything is inflated (entries, sizes, expansion ratio), and each
// entry is refused as soon as it inflates beyond what it declared. Names that would climb out of the drop
// are refused.
import { formatBytes } from '../../i18n';
import { checkDeclaredSizes, inflateEntries, readZipDirectory, RecordsError, type RecordsErrorCode, type ZipLimits } from '../../records';
import { isSafeRelative } from './files';
import type { Reporter } from './report';
import type { ReportCode, SourceFile } from './types';

const ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 ** 2,
};

const REFUSALS: Partial<Record<RecordsErrorCode, ReportCode>> = {
  'too-many-entries': 'zip-too-many-entries',
  'entry-too-large': 'zip-entry-too-large',
  'unpacks-too-large': 'zip-too-large',
  'zip-bomb': 'zip-bomb',
  'lying-sizes': 'zip-lying-sizes',
};

export function filesFromZip(zip: SourceFile, report: Reporter, limits: ZipLimits = ZIP_LIMITS): SourceFile[] {
  try {
    const wanted = readZipDirectory(zip.bytes, limits.maxEntries).filter((entry) => {
      if (entry.name.endsWith('/')) return false;
      // macOS adds resource forks beside every file: never part of a set.
      if (entry.name.startsWith('__MACOSX/') || entry.name.split('/').pop()!.startsWith('._')) return false;
      if (!isSafeRelative(entry.name)) {
        report.error('unsafe-path', { file: zip.path }, { image: entry.name });
        return false;
      }
      if (entry.compression !== 0 && entry.compression !== 8) {
        throw new RecordsError('corrupt-archive', `${entry.name} uses compression method ${entry.compression}`);
      }
      return true;
    });
    checkDeclaredSizes(wanted, zip.bytes.length, limits);
    return [...inflateEntries(zip.bytes, wanted, limits)].map(([path, bytes]) => ({ path, bytes }));
  } catch (e) {
    const code = e instanceof RecordsError ? REFUSALS[e.code] : undefined;
    if (code) {
      // The report is read in either language later: sizes go in already written out ("1.0 GB").
      const params = Object.entries((e as RecordsError).params).map(([k, v]) => [
        k,
        k.endsWith('Bytes') && typeof v === 'number' ? formatBytes(v) : v,
      ]);
      report.error(code, { file: zip.path }, Object.fromEntries(params));
    } else report.error('unreadable-zip', { file: zip.path }, {}, String(e instanceof Error ? e.message : e).slice(0, 200));
    return [];
  }
}
