// Export zips made in Node, for specs that import files into the app (their lines: makeRecord from
// test-support/records.ts, shared with the unit tests).
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** A zip with records.jsonl and the given entries. */
export function exportZipOf(lines: unknown[], entries: Record<string, Uint8Array | string> = {}): Buffer {
  const files: Record<string, Uint8Array> = { 'records.jsonl': strToU8(jsonl(lines)) };
  for (const [name, data] of Object.entries(entries)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return Buffer.from(zipSync(files));
}
