import { describe, expect, it } from 'vitest';
import { resolveScenario, SCENARIO_NAMES } from './scenarios.ts';

describe('resolveScenario', () => {
  it('resolves a plain name with its defaults', () => {
    const result = resolveScenario('demo-429');
    expect(result).toMatchObject({ ok: true, scenario: { name: 'demo-429', options: { retry_after: 2, fail: null, rate: 60 } } });
  });

  it('reads options after a colon', () => {
    const result = resolveScenario('demo-long:rate=200,tokens=2000');
    expect(result).toMatchObject({ ok: true, scenario: { name: 'demo-long', options: { rate: 200, tokens: 2000 } } });
    expect(resolveScenario('demo-401:token=abc')).toMatchObject({ ok: true, scenario: { options: { token: 'abc' } } });
    expect(resolveScenario('demo:rate=0,first_byte_ms=10')).toMatchObject({
      ok: true,
      scenario: { options: { rate: 0, first_byte_ms: 10 } },
    });
  });

  it('answers 404 for an unknown model and 400 for a bad option', () => {
    expect(resolveScenario('gpt-4o')).toEqual({ ok: false, status: 404, message: 'The model `gpt-4o` does not exist.' });
    expect(resolveScenario('demo:fail=1')).toMatchObject({ ok: false, status: 400 });
    expect(resolveScenario('demo-429:fail=-1')).toMatchObject({ ok: false, status: 400 });
    expect(resolveScenario('demo-429:fail')).toMatchObject({ ok: false, status: 400 });
  });

  it('knows every listed scenario', () => {
    expect(SCENARIO_NAMES).toContain('demo');
    for (const name of SCENARIO_NAMES) expect(resolveScenario(name).ok).toBe(true);
  });
});
