// The batch repository over `tanuki-batch` (batch-db.ts), following the records repository's ways: every
// write is one transaction (a set and its items together, or nothing), every read is validated and invalid
// values are skipped and counted, and failures become RecordsErrors so the app's storage banner words them.
import type { z } from 'zod';
import { RecordsError } from '../records';
import type { StorageLifecycle } from '../records/database';
import { openBatchDb } from './batch-db';
import {
  outcomeSchema,
  questionSetSchema,
  runPayloadSchema,
  runSchema,
  setItemsSchema,
  storedRubricSchema,
  type StoredRubric,
  type QuestionItem,
  type QuestionSet,
  type Run,
  type RunPayload,
  type UnitOutcome,
} from './model';

export interface Listed<T> {
  items: T[];
  invalid: number;
}

export interface BatchRepo {
  listSets(): Promise<Listed<QuestionSet>>;
  getSet(id: string): Promise<QuestionSet | undefined>;
  /** The set's items in order; undefined when the set or its items are missing or damaged. */
  getSetItems(id: string): Promise<QuestionItem[] | undefined>;
  /** The set and its items in one transaction: both are stored, or neither. */
  putSet(set: QuestionSet, items: readonly QuestionItem[]): Promise<void>;
  renameSet(id: string, name: string): Promise<QuestionSet>;
  deleteSet(id: string): Promise<void>;

  listRuns(): Promise<Listed<Run>>;
  getRun(id: string): Promise<Run | undefined>;
  /** A new run with what it works through. */
  createRun(run: Run, payload: RunPayload): Promise<void>;
  putRun(run: Run): Promise<Run>;
  getPayload(runId: string): Promise<RunPayload | undefined>;
  deleteRun(id: string): Promise<void>;

  outcomes(runId: string): Promise<UnitOutcome[]>;
  /** Many outcomes in one transaction (the run writes them in small batches). */
  putOutcomes(outcomes: readonly UnitOutcome[]): Promise<void>;

  listRubrics(): Promise<StoredRubric[]>;
  putRubric(rubric: StoredRubric): Promise<void>;
  deleteRubric(id: string): Promise<void>;
  close(): void;
}

function invalid(what: string, error: z.ZodError): RecordsError {
  const first = error.issues[0];
  const where = first ? `${first.path.map(String).join('.')}: ${first.message}` : 'invalid';
  return new RecordsError('invalid-data', `${what}: ${where}`);
}

function listed<T>(raws: unknown[], schema: z.ZodType<T>): Listed<T> {
  const items: T[] = [];
  for (const raw of raws) {
    const r = schema.safeParse(raw);
    if (r.success) items.push(r.data);
  }
  return { items, invalid: raws.length - items.length };
}

function parsed<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  return r.success ? r.data : undefined;
}

export async function openBatchRepo(name?: string, lifecycle?: StorageLifecycle): Promise<BatchRepo> {
  const database = await openBatchDb(name, lifecycle);
  const db = database.connection;
  const write = database.write;

  const checked = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw invalid(what, r.error);
    return r.data;
  };

  return {
    async listSets() {
      const result = listed(await db().getAll('sets'), questionSetSchema);
      result.items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return result;
    },

    async getSet(id) {
      return parsed(questionSetSchema, await db().get('sets', id));
    },

    async getSetItems(id) {
      return parsed(setItemsSchema, await db().get('setItems', id))?.items;
    },

    async putSet(set, items) {
      const s = checked(questionSetSchema, set, 'question set');
      const i = checked(setItemsSchema, { setId: s.id, items }, 'question set items');
      await write(['sets', 'setItems'], async (tx) => {
        await Promise.all([tx.objectStore('sets').put(s), tx.objectStore('setItems').put(i)]);
      });
    },

    async renameSet(id, name) {
      return write(['sets'], async (tx) => {
        const current = parsed(questionSetSchema, await tx.objectStore('sets').get(id));
        if (!current) throw new RecordsError('not-found', `no question set ${id}`);
        const next = checked(questionSetSchema, { ...current, name, updatedAt: new Date().toISOString() }, 'question set');
        await tx.objectStore('sets').put(next);
        return next;
      });
    },

    async deleteSet(id) {
      await write(['sets', 'setItems'], async (tx) => {
        await Promise.all([tx.objectStore('sets').delete(id), tx.objectStore('setItems').delete(id)]);
      });
    },

    async listRuns() {
      const result = listed(await db().getAll('runs'), runSchema);
      result.items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return result;
    },

    async getRun(id) {
      return parsed(runSchema, await db().get('runs', id));
    },

    async createRun(run, payload) {
      const r = checked(runSchema, run, 'run');
      const p = checked(runPayloadSchema, payload, 'run payload');
      await write(['runs', 'runPayloads'], async (tx) => {
        await Promise.all([tx.objectStore('runs').put(r), tx.objectStore('runPayloads').put(p)]);
      });
    },

    async putRun(run) {
      const r = checked(runSchema, run, 'run');
      await write(['runs'], (tx) => tx.objectStore('runs').put(r));
      return r;
    },

    async getPayload(runId) {
      return parsed(runPayloadSchema, await db().get('runPayloads', runId));
    },

    async deleteRun(id) {
      await write(['runs', 'runPayloads', 'outcomes'], async (tx) => {
        const outcomes = tx.objectStore('outcomes');
        const keys = await outcomes.index('runId').getAllKeys(id);
        await Promise.all([
          tx.objectStore('runs').delete(id),
          tx.objectStore('runPayloads').delete(id),
          ...keys.map((k) => outcomes.delete(k)),
        ]);
      });
    },

    async outcomes(runId) {
      return listed(await db().getAllFromIndex('outcomes', 'runId', runId), outcomeSchema).items;
    },

    async putOutcomes(list) {
      if (list.length === 0) return;
      const valid = list.map((o) => checked(outcomeSchema, o, 'unit outcome'));
      await write(['outcomes'], async (tx) => {
        const store = tx.objectStore('outcomes');
        await Promise.all(valid.map((o) => store.put(o)));
      });
    },

    async listRubrics() {
      const items = listed(await db().getAll('rubrics'), storedRubricSchema).items;
      return items.sort((a, b) => a.rubric.name.localeCompare(b.rubric.name));
    },

    async putRubric(rubric) {
      const r = checked(storedRubricSchema, rubric, 'rubric');
      await write(['rubrics'], (tx) => tx.objectStore('rubrics').put(r));
    },

    async deleteRubric(id) {
      await write(['rubrics'], (tx) => tx.objectStore('rubrics').delete(id));
    },

    close() {
      database.close();
    },
  };
}
