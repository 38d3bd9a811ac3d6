import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY_WORDS, MAX_IDENTITY_WORDS, findIdentityWords, parseIdentityWords } from './identity';

const words = [...DEFAULT_IDENTITY_WORDS];

describe('findIdentityWords', () => {
  it('finds models and vendors named in either answer, in Latin and Japanese spellings', () => {
    expect(findIdentityWords(['I am the demo endpoint of Tanuki Vision Studio.'], words)).toEqual(['Tanuki']);
    expect(findIdentityWords(['私はタヌキです。', 'こんにちは'], words)).toEqual(['タヌキ']);
    expect(findIdentityWords(['As an OpenAI model (GPT-4o), I…'], words)).toEqual(['GPT', 'OpenAI']);
    expect(findIdentityWords(['ＧＰＴ で作られました'], words)).toEqual(['GPT']);
    expect(findIdentityWords(['クロードと申します'], words)).toEqual(['クロード']);
  });

  it('does not take a Latin word inside another word, nor ordinary answers', () => {
    expect(findIdentityWords(['The cryptic gptq notation', 'A cat on a sofa.'], words)).toEqual([]);
    expect(findIdentityWords(['猫がソファの上で寝ています。'], words)).toEqual([]);
    expect(findIdentityWords(['Chatbots'], ['ChatGPT'])).toEqual([]);
  });

  it('uses the list it is given', () => {
    expect(findIdentityWords(['made by Acme Labs'], ['Acme'])).toEqual(['Acme']);
    expect(findIdentityWords(['made by Acme Labs'], [])).toEqual([]);
  });
});

describe('parseIdentityWords', () => {
  it('splits on lines and commas, trims, drops repeats and empties, and caps the list', () => {
    expect(parseIdentityWords(' GPT,Claude\n\nタヌキ、GPT ')).toEqual(['GPT', 'Claude', 'タヌキ']);
    expect(parseIdentityWords(Array.from({ length: 40 }, (_, i) => `w${i}`).join(','))).toHaveLength(MAX_IDENTITY_WORDS);
  });
});
