// Review's edge: every IndexedDB read and write of the Review screen goes through here (through the records
// repository; the full read in load.worker.ts), and the results are handed to the review store. Rating
// writes are serialised so that quick key presses (a score, then a tag) each see the previous one's result,
// and undo restores exactly the state before a change.
import type { AnswerRecord, ImportProgress, ImportReport, Rating } from '../records';
import { LIMITS } from '../records/constants';
import { RecordsError } from '../records/errors';
import { recordsRepo } from '../records/instance';
import { onNews } from '../records/records-news';
import { RECORDS_DB_NAME } from '../records/records-db';
import { reportStorageError } from '../store';
import { download, stampedName } from '../ui/download';
import { afterNextPaint } from '../ui/next-task';
import { readFilter } from './filters';
import type { ImportRequest, ImportResponse } from './import-protocol';
import { META_VIEW, takeFirstLook } from './first-look';
import type { LoadRequest, LoadResponse } from './load-protocol';
import type { RatingChange, RatingFields } from './queue';
import { myRating, useReviewStore, type Changes } from './review-store';
import { collector, ReviewSync } from './review-sync';

const META_TAGS = 'review.customTags';
const MAX_CUSTOM_TAGS = 20;

const store = () => useReviewStore.getState();

// ---------------------------------------------------------------------------------------------------------
// Loading

// The saved view and the custom tags are read by hand, not through zod: the first rows wait for the view.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each annotator's queue position; an entry that does not fit is dropped. */
function readQueueResume(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(raw)) return out;
  for (const [annotator, id] of Object.entries(raw))
    if (annotator.length <= LIMITS.annotator && typeof id === 'string' && id.length <= LIMITS.id) out[annotator] = id;
  return out;
}

function readCustomTags(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length > MAX_CUSTOM_TAGS) return [];
  const tags = raw.map((t) => (typeof t === 'string' ? t.trim() : ''));
  return tags.every((t) => t.length >= 1 && t.length <= LIMITS.tag) ? tags : [];
}

let worker: Worker | null = null;
let nextId = 1;
/** Reads without a worker remember what they sent here. */
let mainSync: ReviewSync | null = null;
/** The store holds what the reader last sent; false until a read has been applied, and after any failure. */
let inSync = false;

/** The loading worker, started before its first request so that its code loads meanwhile; null without workers. */
function loadingWorker(): Worker | null {
  if (typeof Worker !== 'function') return null;
  try {
    worker ??= new Worker(new URL('./load.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * What changed since the last read (everything when `fresh`), read and validated in load.worker.ts and
 * received a page per message; on the main thread where workers are unavailable.
 */
async function readChanges(metaKeys: string[], fresh: boolean): Promise<{ changes: Changes; meta: unknown[] }> {
  let take = collector(fresh);
  const w = loadingWorker();
  if (w) {
    try {
      const id = nextId++;
      return await new Promise((resolve, reject) => {
        const stop = () => {
          w.removeEventListener('message', onMessage);
          w.removeEventListener('error', onError);
        };
        const onMessage = (event: MessageEvent<LoadResponse>) => {
          const m = event.data;
          if (m.id !== id) return;
          if (m.type === 'failed') {
            stop();
            reject(new Error(m.message));
            return;
          }
          const done = take(m);
          if (done) {
            stop();
            resolve(done);
          }
        };
        const onError = (event: ErrorEvent) => {
          stop();
          worker = null;
          reject(new Error(event.message || 'the loading worker failed'));
        };
        w.addEventListener('message', onMessage);
        w.addEventListener('error', onError);
        w.postMessage({ id, metaKeys, fresh } satisfies LoadRequest);
      });
    } catch {
      // A worker that cannot start (or died): read on the main thread instead, from scratch.
      worker = null;
      fresh = true;
      take = collector(true);
    }
  }
  mainSync ??= new ReviewSync();
  const repo = await recordsRepo();
  for await (const m of mainSync.read(repo, metaKeys, fresh)) {
    const done = take(m);
    if (done) return done;
  }
  throw new Error('the read ended without its last message');
}

function restoreSavedView(view: unknown): void {
  if (store().viewLoaded) return;
  const saved = isObject(view) ? view : {};
  store().restoreView(readFilter(saved.filter), readQueueResume(saved.queue));
}

let loading: Promise<void> | null = null;
let loadedAt = Number.NEGATIVE_INFINITY;
/** When the last read ended, and how long it took (ms): from asking the reader to taking in what it sent. */
let lastRead = { endedAt: Number.NEGATIVE_INFINITY, ms: 0 };

/**
 * Reads every record and rating, and takes in what changed. Called each time Review opens: what was loaded
 * before stays on screen meanwhile (on the first open, the newest records), and answers rated in Chat since
 * then show up.
 * `unlessNewerThan` skips the read when the last one finished that recently (ms), as after a preload.
 */
export function loadReview(unlessNewerThan = 0): Promise<void> {
  if (!loading && store().load === 'ready' && performance.now() - loadedAt < unlessNewerThan) return Promise.resolve();
  loading ??= (async () => {
    const first = store().load !== 'ready';
    const fresh = first || !inSync;
    inSync = false;
    store().startLoading();
    try {
      if (first) {
        const screen = await takeFirstLook();
        if (screen && store().load !== 'ready') {
          restoreSavedView(screen.meta);
          if (screen.records.length) store().previewed(screen.records);
        }
        // The screen renders these rows in a task of its own, which a frame then due can precede (traced: the
        // worker's start and the repository's preload links ran before the rows' paint): the repository's code
        // loads after the second frame from now, once they are painted.
        await afterNextPaint();
        await afterNextPaint();
      }
      // The worker's code loads beside the repository's. The full read comes after earlier page lives' books
      // are closed: an interrupted answer reads as such.
      loadingWorker();
      await recordsRepo();
      const readFrom = performance.now();
      const { changes, meta } = await readChanges([META_TAGS, META_VIEW], fresh);
      restoreSavedView(meta[1]);
      store().loaded(changes, readCustomTags(meta[0]));
      inSync = true;
      loadedAt = performance.now();
      lastRead = { endedAt: loadedAt, ms: loadedAt - readFrom };
    } catch (e) {
      store().loadFailed({ code: errorCode(e), params: e instanceof RecordsError ? e.params : {} });
    } finally {
      loading = null;
    }
  })();
  return loading;
}

// Another tab (or this tab's import worker) rated an answer, stored one, removed or imported some. While
// Review is on screen it reads what changed, after the read under way if any, and then at most once every
// FOLLOW_MS: a batch run in another tab stores answers all the time, and each read goes over every record.
// After a long read the next waits WAIT_PER_READ times as long from its end, so following keeps the loading
// worker busy a fifth of the time at most (150,000 records: a read of about 7 s; they ran back to back).
// A hidden tab reads once it is shown again; a tab not on Review, on its next visit.
const FOLLOW_MS = 3000;
const WAIT_PER_READ = 4;
let following = 0;
let missed = false;
let followTimer: ReturnType<typeof setTimeout> | undefined;
let followedAt = Number.NEGATIVE_INFINITY;

function followSoon(): void {
  if (followTimer !== undefined) return;
  const due = Math.max(followedAt + FOLLOW_MS, lastRead.endedAt + WAIT_PER_READ * lastRead.ms);
  followTimer = setTimeout(
    () => {
      // A read under way: the wait after it counts from its end.
      if (loading)
        return void loading.then(() => {
          followTimer = undefined;
          followSoon();
        });
      followTimer = undefined;
      followedAt = performance.now();
      void loadReview();
    },
    Math.max(0, due - performance.now()),
  );
}

onNews(RECORDS_DB_NAME, ['ratings', 'records'], () => {
  loadedAt = Number.NEGATIVE_INFINITY;
  if (following === 0) return;
  if (document.hidden) missed = true;
  else followSoon();
});

/** While Review is on screen, what other tabs change shows in it; returns the way to stop. */
export function followOtherTabs(): () => void {
  following += 1;
  const shown = () => {
    if (document.hidden || !missed) return;
    missed = false;
    followSoon();
  };
  document.addEventListener('visibilitychange', shown);
  return () => {
    following -= 1;
    document.removeEventListener('visibilitychange', shown);
  };
}

// The filter and each annotator's queue position are kept in the records database, so a reload (or the
// next visit) comes back to them. Filter typing is coalesced; queue moves are written at once.
let viewTimer: ReturnType<typeof setTimeout> | undefined;

function saveView(): void {
  clearTimeout(viewTimer);
  const { filter, queueResume } = store();
  void recordsRepo()
    .then((repo) => repo.setMeta(META_VIEW, { filter, queue: queueResume }))
    .catch(reportStorageError);
}

useReviewStore.subscribe((s, prev) => {
  if (!s.viewLoaded || !prev.viewLoaded) return;
  if (s.queueResume !== prev.queueResume) saveView();
  else if (s.filter !== prev.filter) {
    clearTimeout(viewTimer);
    // Typing is kept once it pauses; a choice (a run opened from Batch, say) at once.
    if (s.filter.text !== prev.filter.text) viewTimer = setTimeout(saveView, 400);
    else saveView();
  }
});

// ---------------------------------------------------------------------------------------------------------
// Ratings

let chain: Promise<unknown> = Promise.resolve();

function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = chain.then(work);
  chain = run.catch(() => undefined);
  return run;
}

function fieldsOf(r: Rating | null): RatingFields | null {
  return r && { score: r.score, thumb: r.thumb, tags: r.tags, note: r.note };
}

export type RatingPatch = Partial<RatingFields> | ((current: RatingFields | null) => Partial<RatingFields>);

/**
 * Applies a change to this annotator's rating of a record; resolves to the change (for undo), or null
 * when it could not be stored (the app banner says why; nothing stored was lost).
 */
export function changeRating(recordId: string, annotator: string, patch: RatingPatch): Promise<RatingChange | null> {
  return serial(async () => {
    const repo = await recordsRepo();
    // From what is stored, not what this tab holds: another tab may have changed it since (a tag flipped
    // here then keeps the tags added there).
    const stored = (await repo.ratingsFor(recordId)).find((r) => r.annotator === annotator) ?? null;
    const before = fieldsOf(stored);
    const fields = typeof patch === 'function' ? patch(before) : patch;
    const saved = await repo.upsertRating({ recordId, annotator, ...fields });
    store().ratingSaved(saved);
    return { recordId, before, after: fieldsOf(saved) };
  }).catch((e: unknown) => {
    reportStorageError(e);
    return null;
  });
}

/** Puts a rating back as it was before `change` (deleting it if there was none). */
export function revertChange(change: RatingChange, annotator: string): Promise<boolean> {
  return serial(async () => {
    const repo = await recordsRepo();
    if (change.before === null) {
      const current = myRating(store(), change.recordId, annotator);
      if (current) await repo.deleteRating(current.id);
      store().ratingDeleted(change.recordId, annotator);
    } else {
      store().ratingSaved(await repo.upsertRating({ recordId: change.recordId, annotator, ...change.before }));
    }
    return true;
  }).catch((e: unknown) => {
    reportStorageError(e);
    return false;
  });
}

/** Adds a tag to the offered list; resolves to the tag as stored, or null when it is not acceptable. */
export async function addCustomTag(raw: string): Promise<string | null> {
  const tag = raw.trim().replace(/\s+/g, '-').slice(0, LIMITS.tag);
  const { customTags } = store();
  if (!tag) return null;
  if (customTags.includes(tag)) return tag;
  if (customTags.length >= MAX_CUSTOM_TAGS) return null;
  const next = [...customTags, tag];
  store().setCustomTags(next);
  try {
    await (await recordsRepo()).setMeta(META_TAGS, next);
  } catch (e) {
    reportStorageError(e);
  }
  return tag;
}

// ---------------------------------------------------------------------------------------------------------
// Export and import

function ratingsFor(records: readonly AnswerRecord[]): Rating[] {
  const { ratings } = store();
  return records.flatMap((r) => ratings.get(r.id) ?? []);
}

/** The export code (zip, CSV) loads with the first export, the import code with the first import. */
export async function exportRecordsZip(records: readonly AnswerRecord[], onProgress: (done: number, total: number) => void): Promise<void> {
  const { exportZipOf } = await import('../records/export');
  download(await exportZipOf(await recordsRepo(), records, ratingsFor(records), onProgress), stampedName('tanuki-records', 'zip'));
}

export async function exportRecordsCsv(records: readonly AnswerRecord[]): Promise<void> {
  const { exportCsvFile } = await import('../records/export');
  download(exportCsvFile(records, ratingsFor(records)), stampedName('tanuki-ratings', 'csv'));
}

/** What `cancel()` makes an import's result reject with. */
export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled');
    this.name = 'ImportCancelled';
  }
}

export interface ImportRun {
  /**
   * The report, once everything is stored; RecordsError for whole-file refusals; ImportCancelled when
   * nothing was stored. A cancel that came after the write had committed resolves to the report.
   */
  result: Promise<ImportReport>;
  /**
   * Before saving, ends the import at once (its worker is terminated: nothing is written before the end);
   * while saving, aborts the one transaction, unless it has already committed.
   */
  cancel(): void;
}

/** Imports a file in import.worker.ts (on the main thread where workers are unavailable), then reloads what Review shows. */
/**
 * Review shows what is stored after any import, whatever its outcome (even a failed write may follow another
 * tab's change). The report does not wait for it: with a hundred thousand records the list takes seconds more.
 */
const reload = () => loadReview();

export function startImport(file: File, onProgress: (p: ImportProgress) => void): ImportRun {
  if (typeof Worker !== 'function') {
    const result = (async () => {
      const [{ importFile }, repo] = await Promise.all([import('../records/import'), recordsRepo()]);
      return importFile(file, file.name, repo, {}, onProgress);
    })();
    void result.then(reload, reload);
    return { result, cancel: () => {} };
  }
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let settle: { resolve: (r: ImportReport) => void; reject: (e: unknown) => void } | null = null;
  const result = new Promise<ImportReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (outcome: { report: ImportReport } | { error: unknown }) => {
    if (!settle) return;
    const { resolve, reject } = settle;
    settle = null;
    worker.terminate();
    if ('report' in outcome) resolve(outcome.report);
    else reject(outcome.error);
  };
  // Set once the worker has been told to save: from then on only the worker knows whether it committed.
  let saving = false;
  const post = (request: ImportRequest) => worker.postMessage(request);
  worker.addEventListener('message', (event: MessageEvent<ImportResponse>) => {
    const m = event.data;
    if (m.type === 'progress') {
      if (settle) onProgress(m);
    } else if (m.type === 'ready-to-save') {
      saving = true;
      post({ type: 'save' });
    } else if (m.type === 'done') {
      finish({ report: m.report });
    } else if (m.type === 'cancelled') {
      finish({ error: new ImportCancelled() });
    } else {
      finish({ error: m.code === 'unknown' ? new Error(m.message) : new RecordsError(m.code, m.message, undefined, m.params) });
    }
  });
  worker.addEventListener('error', (event) => finish({ error: new Error(event.message || 'the import worker failed') }));
  post({ type: 'start', file });
  void result.then(reload, reload);
  return {
    result,
    cancel: () => (saving ? post({ type: 'cancel' }) : finish({ error: new ImportCancelled() })),
  };
}

export function errorCode(e: unknown): RecordsError['code'] {
  return e instanceof RecordsError ? e.code : 'storage-failed';
}
