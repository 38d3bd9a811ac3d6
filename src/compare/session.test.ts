import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/random';
import {
  maskNames,
  namesHidden,
  newSession,
  patchAnswer,
  recoverSession,
  sideLetter,
  sideOrder,
  sidePairs,
  slotHistory,
  type CompareSession,
  type SideAnswer,
} from './session';

const IMG = { sha256: 'a'.repeat(64), mime: 'image/jpeg', width: 768, height: 576, bytes: 10 };
const side = (id: string, text: string, status: SideAnswer['status'] = 'ok'): SideAnswer => ({
  answerId: id,
  recordId: `r-${id}`,
  endpointId: 'e',
  endpointLabel: 'E',
  model: 'm',
  status,
  text,
  finishReason: null,
  error: null,
  ttftMs: null,
  tokensPerSecond: null,
  images: [IMG],
});

function session(): CompareSession {
  return {
    ...newSession(['x', 'y'], false),
    turns: [
      { groupId: 'g1', question: 'q1', createdAt: 0, answers: [side('a1', 'x says'), side('b1', '', 'error')] },
      { groupId: 'g2', question: 'q2', createdAt: 0, answers: [side('a2', 'x again', 'streaming'), side('b2', 'y again', 'streaming')] },
    ],
  };
}

describe('sides', () => {
  it('letters and pairs', () => {
    expect([0, 1, 2, 3].map(sideLetter).join('')).toBe('ABCD');
    expect(sidePairs(2)).toEqual([[0, 1]]);
    expect(sidePairs(4)).toHaveLength(6);
  });

  it('shuffles sides only when blind, and every order turns up', () => {
    expect(sideOrder(3, false)).toEqual([0, 1, 2]);
    const random = seededRandom(7);
    const seen = new Set(Array.from({ length: 200 }, () => sideOrder(2, true, random).join()));
    expect(seen).toEqual(new Set(['0,1', '1,0']));
    expect(sideOrder(4, true, random).sort()).toEqual([0, 1, 2, 3]);
  });

  it('a blind session hides names until revealed', () => {
    expect(namesHidden(newSession(['x', 'y'], true))).toBe(true);
    expect(namesHidden(newSession(['x', 'y'], false))).toBe(false);
  });
});

describe('slotHistory', () => {
  it('gives each slot the questions with its own answers, leaving out failed ones', () => {
    const s = session();
    expect(slotHistory(s, 0, 1)).toEqual([
      { role: 'user', text: 'q1', images: [IMG] },
      { role: 'assistant', text: 'x says' },
      { role: 'user', text: 'q2', images: [IMG] },
    ]);
    expect(slotHistory(s, 1, 1).map((m) => m.role)).toEqual(['user', 'user']);
    expect(slotHistory(s, 1, 0)).toEqual([{ role: 'user', text: 'q1', images: [IMG] }]);
  });
});

describe('recoverSession and patchAnswer', () => {
  it('marks streaming answers incomplete with the longest known text', () => {
    const s = recoverSession(session(), { a2: 'x again, longer', b2: 'y' });
    expect(s.turns[1]!.answers.map((a) => [a.status, a.text])).toEqual([
      ['incomplete', 'x again, longer'],
      ['incomplete', 'y again'],
    ]);
  });

  it('patches one answer and keeps other turns as they were', () => {
    const s = session();
    const next = patchAnswer(s, 'b2', { status: 'ok', text: 'done' });
    expect(next.turns[0]).toBe(s.turns[0]);
    expect(next.turns[1]!.answers[1]).toMatchObject({ status: 'ok', text: 'done' });
  });
});

describe('maskNames', () => {
  it('masks every name, longest first, whatever the case', () => {
    expect(maskNames('The model `demo-500` at tanuki.example failed (Tanuki-8B)', ['demo-500', 'Tanuki-8B', 'tanuki.example'])).toBe(
      'The model `•••` at ••• failed (•••)',
    );
    expect(maskNames('nothing', [])).toBe('nothing');
  });
});
