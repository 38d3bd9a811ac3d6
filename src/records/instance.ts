// The app's one records repository, opened on first use.
import { openRecords, type RecordsRepo } from './repository';

let repo: Promise<RecordsRepo> | null = null;

export function recordsRepo(): Promise<RecordsRepo> {
  repo ??= openRecords();
  return repo;
}
