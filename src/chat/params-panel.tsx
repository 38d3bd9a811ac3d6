import type { Endpoint, GenerationParams } from '../config/schema';
import { own } from '../config/own';
import { paramSpecOf } from '../config/presets';
import type { MessageKey } from '../i18n';
import { useAppStore } from '../store';
import { resolveParams, resolveSystemPrompt } from '../store/endpoints';
import { useT } from '../store/use-t';

const controls: { key: keyof Omit<GenerationParams, 'seed'>; label: MessageKey }[] = [
  { key: 'maxTokens', label: 'params.maxTokens' },
  { key: 'temperature', label: 'params.temperature' },
  { key: 'topP', label: 'params.topP' },
  { key: 'repetitionPenalty', label: 'params.repetitionPenalty' },
  { key: 'noRepeatNgramSize', label: 'params.noRepeatNgramSize' },
];

export function ParamsPanel({ endpoint }: { endpoint: Endpoint }) {
  const t = useT();
  const overrides = useAppStore((s) => own(s.overrides, endpoint.id));
  const state = { overrides: overrides ? { [endpoint.id]: overrides } : {} };
  const params = resolveParams(endpoint, state);
  const systemPrompt = resolveSystemPrompt(endpoint, state);
  const spec = paramSpecOf(endpoint);
  const set = (patch: Partial<GenerationParams>, prompt?: string) =>
    useAppStore.getState().setOverrides(endpoint.id, {
      params: { ...overrides?.params, ...patch },
      systemPrompt: prompt ?? overrides?.systemPrompt,
    });

  return (
    <details className="params" data-testid="params-panel">
      <summary>{t('params.title')}</summary>
      <div className="params-grid">
        {controls.map(({ key, label }) => {
          const range = spec[key];
          return (
            <label key={key} className="param">
              <span>
                {t(label)} <output>{params[key]}</output>
              </span>
              <input
                type="range"
                min={range.min}
                max={range.max}
                step={range.step}
                value={params[key]}
                onChange={(e) => set({ [key]: Number(e.target.value) })}
                data-testid={`param-${key}`}
              />
            </label>
          );
        })}
        <label className="param">
          <span>{t('params.seed')}</span>
          <input
            type="number"
            inputMode="numeric"
            placeholder={t('params.seedNone')}
            value={params.seed ?? ''}
            onChange={(e) => set({ seed: e.target.value === '' ? undefined : Math.trunc(Number(e.target.value)) })}
            data-testid="param-seed"
          />
        </label>
        <label className="param wide">
          <span>{t('params.systemPrompt')}</span>
          <textarea value={systemPrompt} rows={3} onChange={(e) => set({}, e.target.value)} data-testid="param-system-prompt" />
        </label>
        <button type="button" className="link-button" onClick={() => useAppStore.getState().setOverrides(endpoint.id, null)}>
          {t('params.reset')}
        </button>
      </div>
    </details>
  );
}
