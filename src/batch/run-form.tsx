// Starting a run: a question set or a part of it (categories, first N), one or more endpoints with their
// parameters (each endpoint's own defaults) and concurrency, and how many times each item is asked.
import { useEffect, useMemo, useState } from 'react';
import { own } from '../config/own';
import type { Endpoint, GenerationParams } from '../config/schema';
import { reportStorageError, useAppStore } from '../store';
import { resolveParams, resolveSystemPrompt, selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { selectItems, setItems, startAnswerRun, useBatchLists, type RunEndpointChoice } from './batch-data';
import { BATCH_LIMITS, type QuestionItem } from './model';
import { clampInt, ConcurrencyField, DEFAULT_CONCURRENCY, StartForm } from './start-form';

interface Choice {
  on: boolean;
  concurrency: number;
  maxTokens: number;
  temperature: number;
}

function initialChoice(endpoint: Endpoint, params: GenerationParams, on: boolean): Choice {
  return {
    on: on && endpoint.url.trim() !== '',
    concurrency: DEFAULT_CONCURRENCY,
    maxTokens: params.maxTokens,
    temperature: params.temperature,
  };
}

export function RunForm({ initialSetId }: { initialSetId: string }) {
  const t = useT();
  const sets = useBatchLists((s) => s.sets);
  const endpoints = useAppStore(selectEndpoints);
  const overrides = useAppStore((s) => s.overrides);
  const [setId, setSetId] = useState(initialSetId);
  const set = sets.find((s) => s.id === setId) ?? sets[0];
  const [items, setLoaded] = useState<QuestionItem[] | null>(null);
  const [categories, setCategories] = useState<string[] | null>(null);
  const [firstN, setFirstN] = useState('');
  const [repeats, setRepeats] = useState(1);
  const [choices, setChoices] = useState<Record<string, Choice>>({});

  useEffect(() => {
    setLoaded(null);
    setCategories(null);
    if (set) void setItems(set.id).then((i) => setLoaded(i ?? []), reportStorageError);
  }, [set]);

  const choiceOf = (e: Endpoint, index: number): Choice =>
    own(choices, e.id) ?? initialChoice(e, resolveParams(e, { overrides }), index === 0);
  const update = (e: Endpoint, index: number, patch: Partial<Choice>) =>
    setChoices((c) => ({ ...c, [e.id]: { ...choiceOf(e, index), ...patch } }));

  const selection = useMemo(
    () => ({ categories, firstN: firstN.trim() === '' ? null : clampInt(firstN, 1, BATCH_LIMITS.items, 1) }),
    [categories, firstN],
  );
  const chosenItems = items ? selectItems(items, selection).length : 0;
  const chosen = endpoints.map((e, i) => ({ e, c: choiceOf(e, i) })).filter((x) => x.c.on);
  const units = chosenItems * chosen.length * repeats;

  if (sets.length === 0) {
    return (
      <p className="muted" data-testid="run-form-empty">
        {t('batch.form.noSets')}
      </p>
    );
  }

  const start = () => {
    const picked: RunEndpointChoice[] = chosen.map(({ e, c }) => ({
      endpoint: e,
      params: { ...resolveParams(e, { overrides }), maxTokens: c.maxTokens, temperature: c.temperature },
      systemPrompt: resolveSystemPrompt(e, { overrides }),
      concurrency: c.concurrency,
    }));
    return startAnswerRun({ set: set!, selection, endpoints: picked, repeats });
  };

  const allCategories = set?.categories ?? [];
  return (
    <StartForm
      testId="run-form"
      onStart={start}
      canStart={set !== undefined && units > 0}
      startLabel={t('batch.form.start')}
      startTestId="run-start"
    >
      <h2>{t('batch.form.title')}</h2>
      <fieldset>
        <legend>{t('batch.form.set')}</legend>
        <label className="field">
          <span>{t('batch.form.set')}</span>
          <select value={set?.id ?? ''} onChange={(e) => setSetId(e.target.value)} data-testid="run-set">
            {sets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.itemCount})
              </option>
            ))}
          </select>
        </label>
        {allCategories.length > 0 && (
          <div className="field">
            <span>{t('batch.form.categories')}</span>
            <div className="row">
              {allCategories.map((c) => (
                <label key={c} className="checkbox inline">
                  <input
                    type="checkbox"
                    checked={categories === null || categories.includes(c)}
                    onChange={(e) => {
                      const current = categories ?? allCategories;
                      const next = e.target.checked ? [...current, c] : current.filter((x) => x !== c);
                      setCategories(next.length === allCategories.length ? null : next);
                    }}
                    data-testid={`run-category-${c}`}
                  />
                  {c}
                </label>
              ))}
            </div>
          </div>
        )}
        <label className="field">
          <span>{t('batch.form.firstN')}</span>
          <input
            type="number"
            min={1}
            inputMode="numeric"
            value={firstN}
            placeholder={t('batch.form.all')}
            onChange={(e) => setFirstN(e.target.value)}
            data-testid="run-first-n"
          />
        </label>
        <label className="field">
          <span>{t('batch.form.repeats')}</span>
          <input
            type="number"
            min={1}
            max={BATCH_LIMITS.repeats}
            value={repeats}
            onChange={(e) => setRepeats(clampInt(e.target.value, 1, BATCH_LIMITS.repeats, 1))}
            data-testid="run-repeats"
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('batch.form.endpoints')}</legend>
        <p className="muted small">{t('batch.form.endpointsHelp')}</p>
        <div className="endpoint-choices">
          {endpoints.map((e, i) => {
            const c = choiceOf(e, i);
            const usable = e.url.trim() !== '';
            return (
              <div
                key={e.id}
                className={c.on ? 'endpoint-choice on' : 'endpoint-choice'}
                data-testid="run-endpoint"
                data-endpoint-id={e.id}
              >
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={c.on}
                    disabled={!usable}
                    onChange={(ev) => update(e, i, { on: ev.target.checked })}
                    data-testid={`run-endpoint-${e.id}`}
                  />
                  <span>
                    {e.label} <span className="muted small">{e.model}</span>
                    {!usable && <span className="muted small"> · {t('endpoint.notConfigured')}</span>}
                  </span>
                </label>
                {c.on && (
                  <div className="endpoint-params">
                    <ConcurrencyField
                      value={c.concurrency}
                      onChange={(concurrency) => update(e, i, { concurrency })}
                      testId={`run-concurrency-${e.id}`}
                    />
                    <label className="field">
                      <span>{t('params.maxTokens')}</span>
                      <input
                        type="number"
                        min={1}
                        max={32768}
                        value={c.maxTokens}
                        onChange={(ev) => update(e, i, { maxTokens: clampInt(ev.target.value, 1, 32768, c.maxTokens) })}
                        data-testid={`run-max-tokens-${e.id}`}
                      />
                    </label>
                    <label className="field">
                      <span>{t('params.temperature')}</span>
                      <input
                        type="number"
                        min={0}
                        max={2}
                        step={0.05}
                        value={c.temperature}
                        onChange={(ev) => {
                          const v = Number(ev.target.value);
                          if (Number.isFinite(v)) update(e, i, { temperature: Math.min(2, Math.max(0, v)) });
                        }}
                        data-testid={`run-temperature-${e.id}`}
                      />
                    </label>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
      <p data-testid="run-summary">
        {items === null ? t('review.loading') : t('batch.form.summary', { items: chosenItems, endpoints: chosen.length, repeats, units })}
      </p>
    </StartForm>
  );
}
