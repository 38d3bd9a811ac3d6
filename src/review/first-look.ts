// Review's first rows: the newest records and the saved view, read from the database as it is (records-db.ts,
// no zod, no repository). The app loads this module beside the screen's code and starts the read when it
// arrives, so the database opens and the rows are read while the rest of the screen is still downloading.
import { recordsDatabase } from '../records/instance';
import { firstLook } from '../records/records-db';

/** Where the saved view (filter, queue positions) is kept in the records database's meta store. */
export const META_VIEW = 'review.view';
/** How many of the newest records are read first, so the list shows something at once. */
const FIRST_SCREEN = 30;

export type FirstLook = Awaited<ReturnType<typeof firstLook>>;

let started: Promise<FirstLook | null> | null = null;

/** Starts the read (if none is waiting to be taken). Null when it fails: the full read says why. */
export function startFirstLook(): void {
  started ??= recordsDatabase()
    .then((db) => firstLook(db, FIRST_SCREEN, META_VIEW))
    .catch(() => null);
}

/** The read startFirstLook began, or a new one; it is taken once (the next first look reads again). */
export function takeFirstLook(): Promise<FirstLook | null> {
  startFirstLook();
  const look = started!;
  started = null;
  return look;
}
