// A records repository of its own for each unit test that needs one (fake-indexeddb), closed after the test.
import { afterEach } from 'vitest';
import type { StorageLifecycle } from '../src/records/database';
import { openRecords, type RecordsRepo } from '../src/records/repository';

let counter = 0;

export function uniqueDbName(): string {
  counter += 1;
  return `tanuki-records-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

const opened: RecordsRepo[] = [];
// Registered once per test file that imports these helpers: every repository a test opened is closed after it.
afterEach(() => {
  for (const r of opened.splice(0)) r.close();
});

/** A repository in a database of its own (fake-indexeddb), closed after the test. */
export async function openTestRepo(name = uniqueDbName(), lifecycle: StorageLifecycle = {}): Promise<RecordsRepo> {
  const r = await openRecords(name, lifecycle);
  opened.push(r);
  return r;
}
