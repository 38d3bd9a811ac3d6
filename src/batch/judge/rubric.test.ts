import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, fnv1a64, judgeRubricSchema, ruleFor, rubricVersion } from './rubric';

describe('the default rubric', () => {
  it('has a rule per Heron-Bench category and a default, each asking for the four qualities, 1-10, scores first', () => {
    expect(Object.keys(DEFAULT_RUBRIC.rules)).toEqual(['conv', 'detail', 'complex']);
    for (const text of [...Object.values(DEFAULT_RUBRIC.rules), DEFAULT_RUBRIC.defaultRule]) {
      expect(text).toMatch(/helpfulness, relevance, accuracy and level of detail/);
      expect(text).toMatch(/from 1 to 10/);
      expect(text).toMatch(/alone on the first line/);
      expect(text).toMatch(/Japanese/);
    }
    expect(judgeRubricSchema.safeParse(DEFAULT_RUBRIC).success).toBe(true);
  });

  it('picks the category rule, or the default for anything else', () => {
    expect(ruleFor(DEFAULT_RUBRIC, 'detail')).toEqual({ key: 'detail', text: DEFAULT_RUBRIC.rules.detail });
    expect(ruleFor(DEFAULT_RUBRIC, 'ocr')).toEqual({ key: 'default', text: DEFAULT_RUBRIC.defaultRule });
    expect(ruleFor(DEFAULT_RUBRIC, null).key).toBe('default');
    expect(ruleFor(DEFAULT_RUBRIC, 'constructor').key).toBe('default');
  });
});

describe('rubricVersion', () => {
  it('is a stable hash of what reaches the judge', () => {
    const v = rubricVersion(DEFAULT_RUBRIC);
    expect(v).toMatch(/^rubric-[0-9a-f]{16}$/);
    expect(rubricVersion(structuredClone(DEFAULT_RUBRIC))).toBe(v);
    // The name does not reach the judge; the order of the rules does not matter.
    expect(rubricVersion({ ...DEFAULT_RUBRIC, name: 'renamed' })).toBe(v);
    const { conv, detail, complex } = DEFAULT_RUBRIC.rules;
    expect(rubricVersion({ ...DEFAULT_RUBRIC, rules: { complex: complex!, conv: conv!, detail: detail! } })).toBe(v);
    // One changed word changes it.
    expect(rubricVersion({ ...DEFAULT_RUBRIC, rules: { ...DEFAULT_RUBRIC.rules, conv: conv!.replace('short', 'brief') } })).not.toBe(v);
    expect(rubricVersion({ ...DEFAULT_RUBRIC, defaultRule: DEFAULT_RUBRIC.defaultRule + ' ' })).not.toBe(v);
  });

  it('hashes with FNV-1a 64 (the published test vectors)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('refuses a rubric without a default rule or with an empty rule', () => {
    expect(judgeRubricSchema.safeParse({ ...DEFAULT_RUBRIC, defaultRule: '' }).success).toBe(false);
    expect(judgeRubricSchema.safeParse({ ...DEFAULT_RUBRIC, rules: { conv: '' } }).success).toBe(false);
  });
});
