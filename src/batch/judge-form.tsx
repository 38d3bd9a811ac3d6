// Starting an LLM judge run: which answers (a batch run, or records matching a filter), which endpoint judges
// (any chat endpoint; temperature 0), which rubric (the default per category, or an edited one kept with its
// version), in one order or both, and how many at once.
import { useEffect, useMemo, useState } from 'react';
import { isDemoJudge, judgeEndpoints } from '../config/presets';
import { RECORD_SOURCES } from '../records';
import { reportStorageError, useAppStore } from '../store';
import { resolveParams, resolveSystemPrompt, selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { Notice } from '../ui/notice';
import {
  judgeTargetsOfFilter,
  judgeTargetsOfRun,
  listRubrics,
  saveRubric,
  startJudgeRun,
  useBatchLists,
  type JudgeTargets,
} from './batch-data';
import { DEFAULT_RUBRIC, judgeRubricSchema, rubricVersion, type JudgeRubric } from './judge/rubric';
import { judgeAnnotator } from './judge-unit';
import type { AnswerRun, StoredRubric } from './model';
import { ConcurrencyField, DEFAULT_CONCURRENCY, StartForm } from './start-form';

const DEFAULT_ID = 'default';
const JUDGE_MAX_TOKENS = 1024;

// Edits not yet kept, by the id of the rubric they began from: held for the tab (sessionStorage), so that a
// reload or a look at another screen loses none of them, half-done ones (a rule emptied) included: read back
// by shape, not through the schema, which the form applies as ever.
const DRAFTS_KEY = 'tanuki.judge.rubricDrafts';

const isString = (v: unknown): v is string => typeof v === 'string';
function isRubricShape(v: unknown): v is JudgeRubric {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return (
    [r.name, r.system, r.defaultRule].every(isString) &&
    typeof r.rules === 'object' &&
    r.rules !== null &&
    Object.values(r.rules).every(isString)
  );
}

function readDrafts(): Record<string, JudgeRubric> {
  let raw: unknown = null;
  try {
    raw = JSON.parse(sessionStorage.getItem(DRAFTS_KEY) ?? 'null');
  } catch {
    // Not JSON: no drafts.
  }
  const entries = typeof raw === 'object' && raw !== null ? Object.entries(raw) : [];
  return Object.fromEntries(entries.filter(([, value]) => isRubricShape(value)));
}

const sameRubric = (a: JudgeRubric, b: JudgeRubric): boolean => a.name === b.name && rubricVersion(a) === rubricVersion(b);

function writeDraft(id: string, rubric: JudgeRubric | null): void {
  const { [id]: _, ...others } = readDrafts();
  const drafts = rubric ? { ...others, [id]: rubric } : others;
  try {
    if (Object.keys(drafts).length === 0) sessionStorage.removeItem(DRAFTS_KEY);
    else sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
  } catch {
    // Storage full: the edit lives on in the form, as before drafts were kept.
  }
}

function RubricEditor({ rubric, onChange }: { rubric: JudgeRubric; onChange: (r: JudgeRubric) => void }) {
  const t = useT();
  const [newCategory, setNewCategory] = useState('');
  return (
    <div className="rubric-editor" data-testid="rubric-editor">
      <label className="field">
        <span>{t('batch.rubric.name')}</span>
        <input
          value={rubric.name}
          maxLength={200}
          onChange={(e) => onChange({ ...rubric, name: e.target.value })}
          data-testid="rubric-name"
        />
      </label>
      <label className="field">
        <span>{t('batch.rubric.system')}</span>
        <textarea
          rows={2}
          value={rubric.system}
          onChange={(e) => onChange({ ...rubric, system: e.target.value })}
          data-testid="rubric-system"
        />
      </label>
      {Object.entries(rubric.rules).map(([category, text]) => (
        <label className="field" key={category}>
          <span>{t('batch.rubric.rule', { category })}</span>
          <textarea
            rows={6}
            value={text}
            onChange={(e) => onChange({ ...rubric, rules: { ...rubric.rules, [category]: e.target.value } })}
            data-testid={`rubric-rule-${category}`}
          />
        </label>
      ))}
      <label className="field">
        <span>{t('batch.rubric.defaultRule')}</span>
        <textarea
          rows={6}
          value={rubric.defaultRule}
          onChange={(e) => onChange({ ...rubric, defaultRule: e.target.value })}
          data-testid="rubric-default"
        />
      </label>
      <div className="row">
        <input
          value={newCategory}
          placeholder={t('batch.rubric.newCategory')}
          aria-label={t('batch.rubric.newCategory')}
          maxLength={100}
          onChange={(e) => setNewCategory(e.target.value)}
        />
        <button
          type="button"
          disabled={!newCategory.trim() || Object.hasOwn(rubric.rules, newCategory.trim())}
          onClick={() => {
            onChange({ ...rubric, rules: { ...rubric.rules, [newCategory.trim()]: rubric.defaultRule } });
            setNewCategory('');
          }}
        >
          {t('batch.rubric.addCategory')}
        </button>
      </div>
    </div>
  );
}

export function JudgeForm({ initialRunId }: { initialRunId: string }) {
  const t = useT();
  const runs = useBatchLists((s) => s.runs);
  const answerRuns = useMemo(() => runs.filter((r): r is AnswerRun => r.kind === 'answer'), [runs]);
  const endpoints = useAppStore(selectEndpoints);
  const overrides = useAppStore((s) => s.overrides);
  const judges = useMemo(() => judgeEndpoints(endpoints), [endpoints]);

  const [sourceKind, setSourceKind] = useState<'run' | 'filter'>('run');
  const [runId, setRunId] = useState(initialRunId);
  const run = answerRuns.find((r) => r.id === runId) ?? answerRuns[0];
  const [filterEndpoints, setFilterEndpoints] = useState<string[]>([]);
  const [filterSources, setFilterSources] = useState<string[]>(['batch']);
  const [judgeId, setJudgeId] = useState('');
  const judge = judges.find((e) => e.id === judgeId) ?? judges[0];
  const [rubrics, setRubrics] = useState<StoredRubric[]>([]);
  const [rubricId, setRubricId] = useState(DEFAULT_ID);
  const [rubric, setRubric] = useState<JudgeRubric>(() => readDrafts()[DEFAULT_ID] ?? DEFAULT_RUBRIC);
  const [editing, setEditing] = useState(() => Object.hasOwn(readDrafts(), DEFAULT_ID));
  const [bothOrders, setBothOrders] = useState(false);
  const [skipJudged, setSkipJudged] = useState(true);
  const [concurrency, setConcurrency] = useState(DEFAULT_CONCURRENCY);
  const [targets, setTargets] = useState<JudgeTargets | null>(null);

  useEffect(() => {
    void listRubrics().then(setRubrics, reportStorageError);
  }, []);

  const annotator = judge ? judgeAnnotator(judge) : '';
  useEffect(() => {
    let live = true;
    setTargets(null);
    if (!judge) return;
    const pick =
      sourceKind === 'run'
        ? run
          ? judgeTargetsOfRun(run, annotator, skipJudged)
          : Promise.resolve({ recordIds: [], skipped: 0, alreadyJudged: 0 })
        : judgeTargetsOfFilter(
            { endpointIds: filterEndpoints, sources: filterSources as (typeof RECORD_SOURCES)[number][] },
            annotator,
            skipJudged,
          );
    void pick.then((x) => live && setTargets(x));
    return () => {
      live = false;
    };
  }, [sourceKind, run, filterEndpoints, filterSources, judge, annotator, skipJudged]);

  const valid = judgeRubricSchema.safeParse(rubric).success;
  const version = rubricVersion(rubric);

  const storedRubric = (id: string) => (id === DEFAULT_ID ? DEFAULT_RUBRIC : (rubrics.find((r) => r.id === id)?.rubric ?? DEFAULT_RUBRIC));
  const changed = !sameRubric(rubric, storedRubric(rubricId));
  const chooseRubric = (id: string) => {
    setRubricId(id);
    setRubric(readDrafts()[id] ?? storedRubric(id));
  };
  const edit = (next: JudgeRubric) => {
    setRubric(next);
    writeDraft(rubricId, sameRubric(next, storedRubric(rubricId)) ? null : next);
  };
  const discard = () => {
    writeDraft(rubricId, null);
    setRubric(storedRubric(rubricId));
  };

  const canStart = judge !== undefined && targets !== null && targets.recordIds.length > 0 && valid;
  const start = () => {
    const params = { ...resolveParams(judge!, { overrides }), maxTokens: JUDGE_MAX_TOKENS };
    return startJudgeRun({
      name: t('batch.judge.runName', { judge: judge!.label, source: sourceKind === 'run' && run ? run.name : t('batch.judge.filtered') }),
      lane: { endpoint: judge!, params, systemPrompt: resolveSystemPrompt(judge!, { overrides }), concurrency },
      rubric,
      bothOrders,
      recordIds: targets!.recordIds,
      sourceRunId: sourceKind === 'run' && run ? run.id : null,
    });
  };

  return (
    <StartForm testId="judge-form" onStart={start} canStart={canStart} startLabel={t('batch.judge.start')} startTestId="judge-start">
      <h2>{t('batch.judge.title')}</h2>
      <p className="muted small">{t('batch.judge.intro')}</p>
      <fieldset>
        <legend>{t('batch.judge.what')}</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="judge-source"
            checked={sourceKind === 'run'}
            onChange={() => setSourceKind('run')}
            data-testid="judge-source-run"
          />
          {t('batch.judge.fromRun')}
        </label>
        {sourceKind === 'run' &&
          (answerRuns.length === 0 ? (
            <p className="muted small">{t('batch.runs.empty')}</p>
          ) : (
            <select
              value={run?.id ?? ''}
              onChange={(e) => setRunId(e.target.value)}
              aria-label={t('batch.judge.fromRun')}
              data-testid="judge-run"
            >
              {answerRuns.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} · {r.lanes.map((l) => l.endpoint.label).join(', ')}
                </option>
              ))}
            </select>
          ))}
        <label className="checkbox">
          <input
            type="radio"
            name="judge-source"
            checked={sourceKind === 'filter'}
            onChange={() => setSourceKind('filter')}
            data-testid="judge-source-filter"
          />
          {t('batch.judge.fromFilter')}
        </label>
        {sourceKind === 'filter' && (
          <div className="judge-filter">
            <div className="row">
              <span className="small">{t('review.filter.endpoint')}</span>
              {endpoints.map((e) => (
                <label key={e.id} className="checkbox inline">
                  <input
                    type="checkbox"
                    checked={filterEndpoints.includes(e.id)}
                    onChange={(ev) => setFilterEndpoints((x) => (ev.target.checked ? [...x, e.id] : x.filter((y) => y !== e.id)))}
                  />
                  {e.label}
                </label>
              ))}
            </div>
            <div className="row">
              <span className="small">{t('review.filter.source')}</span>
              {RECORD_SOURCES.map((s) => (
                <label key={s} className="checkbox inline">
                  <input
                    type="checkbox"
                    checked={filterSources.includes(s)}
                    onChange={(ev) => setFilterSources((x) => (ev.target.checked ? [...x, s] : x.filter((y) => y !== s)))}
                  />
                  {s}
                </label>
              ))}
            </div>
          </div>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={skipJudged} onChange={(e) => setSkipJudged(e.target.checked)} data-testid="judge-skip-judged" />
          {t('batch.judge.skipJudged')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('batch.judge.who')}</legend>
        {judges.length === 0 ? (
          <p className="muted">{t('batch.judge.noJudge')}</p>
        ) : (
          <label className="field">
            <span>{t('batch.judge.endpoint')}</span>
            <select value={judge?.id ?? ''} onChange={(e) => setJudgeId(e.target.value)} data-testid="judge-endpoint">
              {judges.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label} ({e.model})
                </option>
              ))}
            </select>
          </label>
        )}
        {judge && isDemoJudge(judge) && (
          <p className="muted small" data-testid="judge-demo-note">
            {t('batch.judge.demoNote')}
          </p>
        )}
        <p className="muted small">{t('batch.judge.annotator', { annotator })}</p>
        <ConcurrencyField value={concurrency} onChange={setConcurrency} testId="judge-concurrency" />
        <label className="checkbox">
          <input type="checkbox" checked={bothOrders} onChange={(e) => setBothOrders(e.target.checked)} data-testid="judge-both-orders" />
          {t('batch.judge.bothOrders')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('batch.rubric.title')}</legend>
        <div className="row">
          <select
            value={rubricId}
            onChange={(e) => chooseRubric(e.target.value)}
            aria-label={t('batch.rubric.title')}
            data-testid="judge-rubric"
          >
            <option value={DEFAULT_ID}>{DEFAULT_RUBRIC.name}</option>
            {rubrics.map((r) => (
              <option key={r.id} value={r.id}>
                {r.rubric.name}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => setEditing((x) => !x)} data-testid="rubric-edit">
            {editing ? t('batch.rubric.hide') : t('batch.rubric.edit')}
          </button>
          {editing && (
            <button
              type="button"
              disabled={!valid}
              onClick={() =>
                void saveRubric(rubric, rubricId === DEFAULT_ID ? null : rubricId).then((stored) => {
                  writeDraft(rubricId, null);
                  setRubrics((list) => [...list.filter((r) => r.id !== stored.id), stored]);
                  setRubricId(stored.id);
                }, reportStorageError)
              }
              data-testid="rubric-save"
            >
              {t('batch.rubric.save')}
            </button>
          )}
          {changed && (
            <button type="button" onClick={discard} data-testid="rubric-discard">
              {t('batch.rubric.discard')}
            </button>
          )}
          <span className="muted small" data-testid="rubric-version">
            {t('batch.rubric.version', { version })}
          </span>
          {changed && (
            <span className="small" data-testid="rubric-unsaved">
              {t('batch.rubric.unsaved')}
            </span>
          )}
        </div>
        {editing && <RubricEditor rubric={rubric} onChange={edit} />}
        {!valid && <Notice kind="warning">{t('batch.rubric.invalid')}</Notice>}
      </fieldset>
      <p data-testid="judge-summary">
        {targets === null
          ? t('review.loading')
          : t('batch.judge.summary', {
              n: targets.recordIds.length,
              calls: targets.recordIds.length * (bothOrders ? 2 : 1),
              skipped: targets.skipped,
              judged: targets.alreadyJudged,
            })}
      </p>
    </StartForm>
  );
}
