import { describe, expect, it } from 'vitest';
import { parseScores, readJudgement } from '../src/batch/judge/parse.ts';
import { buildJudgePrompt } from '../src/batch/judge/prompt.ts';
import { DEFAULT_RUBRIC } from '../src/batch/judge/rubric.ts';
import { composeJudgement, contextTerms, measureAnswer, readJudgePrompt } from './judge.ts';

// The app's own judge prompt (src/batch/judge): what the demo judge must read.
const prompt = (reference: string, answer: string, context: string | null = '赤いロケットが発射台から打ち上げられている。') =>
  buildJudgePrompt(DEFAULT_RUBRIC, { context, question: '何が写っていますか？', reference, answer, category: 'conv' }).messages[1].content;

const long = 'ロケットが発射台から打ち上げられています。赤い機体が白い煙を上げて空へ昇っていく様子が写っています。';
const short = '乗り物です。';

describe('readJudgePrompt and contextTerms', () => {
  it('finds the description and both answers in the app’s prompt', () => {
    expect(readJudgePrompt(prompt('A', 'B'))).toEqual({ context: '赤いロケットが発射台から打ち上げられている。', answers: ['A', 'B'] });
    expect(readJudgePrompt('just a question')).toBeNull();
  });

  it('takes kanji and katakana runs and longer Latin words as terms', () => {
    expect(contextTerms('赤いロケットが発射台から打ち上げられている。')).toEqual(['ロケット', '発射台']);
    expect(contextTerms('A red Rocket lifts off; the rocket is red.')).toEqual(['rocket', 'lifts']);
    expect(contextTerms(null)).toEqual([]);
  });
});

describe('measureAnswer', () => {
  it('adds length, repeated description terms and named colours, as the explanation says', () => {
    const m = measureAnswer(long, ['ロケット', '発射台'], ['red', 'white']);
    expect(m).toMatchObject({
      lengthPoints: 1,
      terms: ['ロケット', '発射台'],
      termPoints: 2,
      colours: ['red', 'white'],
      colourPoints: 2,
      score: 6,
    });
    expect(measureAnswer(short, ['ロケット'], ['red'])).toMatchObject({ lengthPoints: 0, termPoints: 0, colourPoints: 0, score: 1 });
  });

  it('does not score colours without an image, and reads English colours as whole words', () => {
    expect(measureAnswer('red', [], null)).toMatchObject({ colours: null, colourPoints: null, score: 1 });
    expect(measureAnswer('The tower is covered in snow.', [], ['red']).colourPoints).toBe(0);
    expect(measureAnswer('A grey tower.', [], ['grey']).colourPoints).toBe(2);
    expect(measureAnswer('A gray tower.', [], ['grey']).colourPoints).toBe(2);
  });

  it('caps the score at 10', () => {
    expect(measureAnswer('x'.repeat(1000) + ' red', ['xxx'], ['red']).score).toBe(8);
  });
});

describe('composeJudgement', () => {
  it('answers in the judge format, which the app’s strict parser reads, and explains itself in Japanese', () => {
    const text = composeJudgement(prompt(long, short), ['red'], { unparseable: false });
    const [first, ...rest] = text.split('\n');
    expect(first).toBe('6 1');
    expect(parseScores(text)).toEqual({ ok: true, score1: 6, score2: 1 });
    expect(readJudgement(text, 'reference-first')).toMatchObject({ ok: true, answer: 1, reference: 6 });
    expect(rest.join('\n')).toContain('デモ審査員');
    expect(rest.join('\n')).toContain('Assistant 1：');
    expect(rest.join('\n')).toContain('スコア 6。');
  });

  it('is the same for the same prompt, and swaps with the answers', () => {
    const forward = composeJudgement(prompt(long, short), null, { unparseable: false });
    expect(composeJudgement(prompt(long, short), null, { unparseable: false })).toBe(forward);
    expect(composeJudgement(prompt(short, long), null, { unparseable: false }).split('\n')[0]).toBe('1 4');
    expect(forward.split('\n')[0]).toBe('4 1');
    expect(forward).toContain('画像が添付されていないので');
  });

  it('answers unparseably on request, and when the message is not a judge prompt', () => {
    const refused = composeJudgement(prompt(long, short), ['red'], { unparseable: true });
    expect(parseScores(refused)).toMatchObject({ ok: false });
    const notJudge = composeJudgement('What is in this picture?', null, { unparseable: false });
    expect(notJudge).toMatch(/^Demo judge/);
    expect(parseScores(notJudge)).toMatchObject({ ok: false });
  });
});
