import { describe, expect, it } from 'vitest';
import { builtInEndpoints } from '../config/presets';
import type { ImageFacts } from '../images/types';
import { historyBefore, toChatTurns, type TurnMessage } from './turns';

const [demo, tanuki] = builtInEndpoints({});
const img = (sha: string): ImageFacts => ({ sha256: sha, mime: 'image/jpeg', width: 768, height: 1024, bytes: 10 });
const blobs = new Map([
  ['s1', new Blob(['1'])],
  ['s2', new Blob(['2'])],
]);
type Msg = TurnMessage & { id: string };
const user = (id: string, text: string, images: ImageFacts[] = []): Msg => ({ id, role: 'user', text, images });
const answer = (id: string, text: string, status = 'ok'): Msg => ({ id, role: 'assistant', text, status });

describe('toChatTurns', () => {
  it('puts the system prompt first and each image before its question', () => {
    const turns = toChatTurns([user('u', 'q', [img('s1'), img('s2')])], demo!, 'sys', blobs);
    expect(turns.map((t) => t.role)).toEqual(['system', 'user']);
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'image', 'text']);
  });

  it('for one-image-per-conversation models, moves a later image into the first user message', () => {
    const history = [user('u1', 'hello'), answer('a1', 'hi'), user('u2', 'and this?', [img('s1')])];
    const turns = toChatTurns(history, tanuki!, tanuki!.systemPrompt, blobs);
    expect(turns[0]).toEqual({ role: 'system', parts: [{ type: 'text', text: tanuki!.systemPrompt }] });
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'text']);
    expect(turns[3]!.parts.map((p) => p.type)).toEqual(['text']);
  });

  it('omits an empty system prompt', () => {
    expect(toChatTurns([], demo!, '  ', blobs)).toEqual([]);
  });
});

describe('historyBefore', () => {
  it('drops failed and empty answers and everything from the answer on', () => {
    const messages = [
      user('u1', 'q1'),
      answer('a1', 'partial', 'error'),
      answer('a2', 'kept', 'aborted'),
      user('u2', 'q2'),
      answer('a3', ''),
    ];
    expect(historyBefore(messages, 'a3').map((m) => m.id)).toEqual(['u1', 'a2', 'u2']);
  });
});
