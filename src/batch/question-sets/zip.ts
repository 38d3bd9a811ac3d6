// A dropped zip (a downloaded benchmark folder, or one of the studio's exports) as the files inside it.
// Sizes are checked from the zip's directory before anything is inflated; names that would climb out of the
// drop are refused.
import { unzipSync } from 'fflate';
import { isSafeRelative } from './files';
import type { Reporter } from './report';
import type { SourceFile } from './types';

export interface ZipLimits {
  entries: number;
  totalBytes: number;
}

const ZIP_LIMITS: ZipLimits = { entries: 20_000, totalBytes: 1024 ** 3 };

export function filesFromZip(zip: SourceFile, report: Reporter, limits: ZipLimits = ZIP_LIMITS): SourceFile[] {
  let entries = 0;
  let total = 0;
  let tooLarge = false;
  let out: Record<string, Uint8Array>;
  try {
    out = unzipSync(zip.bytes, {
      filter(entry) {
        if (entry.name.endsWith('/')) return false;
        // macOS adds resource forks beside every file: never part of a set.
        if (entry.name.startsWith('__MACOSX/') || entry.name.split('/').pop()!.startsWith('._')) return false;
        if (!isSafeRelative(entry.name)) {
          report.error('unsafe-path', { file: zip.path }, { image: entry.name });
          return false;
        }
        entries += 1;
        total += entry.originalSize;
        if (entries > limits.entries || total > limits.totalBytes) {
          tooLarge = true;
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    report.error('unreadable-zip', { file: zip.path }, { reason: String(e instanceof Error ? e.message : e).slice(0, 200) });
    return [];
  }
  if (tooLarge) {
    report.error('too-large', { file: zip.path }, { entries: limits.entries, bytes: limits.totalBytes });
    return [];
  }
  return Object.entries(out).map(([path, bytes]) => ({ path, bytes }));
}
