import { describe, expect, it } from 'vitest';
import { builtInEndpoints } from '../config/presets';
import type { ImageFacts } from '../images/types';
import { historyBefore, toChatTurns, type TurnMessage } from './turns';

const [demo, tanuki] = builtInEndpoints({});
const img = (sha: string): ImageFacts => ({ sha256: sha, mime: 'image/jpeg', width: 768, height: 1024, bytes: 10 });
const images = new Map([
  ['s1', { blob: new Blob(['1']), dataUrl: 'data:image/jpeg;base64,MQ==' }],
  ['s2', { blob: new Blob(['2']), dataUrl: 'data:image/jpeg;base64,Mg==' }],
]);
type Msg = TurnMessage & { id: string };
const user = (id: string, text: string, images: ImageFacts[] = []): Msg => ({ id, role: 'user', text, images });
const answer = (id: string, text: string, status = 'ok'): Msg => ({ id, role: 'assistant', text, status });

describe('toChatTurns', () => {
  it('puts the system prompt first and each image before its question', () => {
    const turns = toChatTurns([user('u', 'q', [img('s1'), img('s2')])], demo!, 'sys', images);
    expect(turns.map((t) => t.role)).toEqual(['system', 'user']);
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'image', 'text']);
    // The bytes travel in the form the request carries them, made beforehand.
    expect(turns[1]!.parts[0]).toMatchObject({ type: 'image', image: { sha256: 's1', dataUrl: 'data:image/jpeg;base64,MQ==' } });
  });

  it('for one-image-per-conversation models, moves a later image into the first user message', () => {
    const history = [user('u1', 'hello'), answer('a1', 'hi'), user('u2', 'and this?', [img('s1')])];
    const turns = toChatTurns(history, tanuki!, tanuki!.systemPrompt, images);
    expect(turns[0]).toEqual({ role: 'system', parts: [{ type: 'text', text: tanuki!.systemPrompt }] });
    expect(turns[1]!.parts.map((p) => p.type)).toEqual(['image', 'text']);
    expect(turns[3]!.parts.map((p) => p.type)).toEqual(['text']);
  });

  it('omits an empty system prompt', () => {
    expect(toChatTurns([], demo!, '  ', images)).toEqual([]);
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
