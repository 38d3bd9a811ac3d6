// The app's one records repository, opened on first use. The repository (and zod with its schemas) is
// loaded then too, not with the first page load.
import type { RecordsRepo } from './repository';

let repo: Promise<RecordsRepo> | null = null;

export function recordsRepo(): Promise<RecordsRepo> {
  repo ??= import('./repository').then((m) => m.openRecords());
  return repo;
}
