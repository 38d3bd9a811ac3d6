import { describe, expect, it } from 'vitest';
import { composeAnswer, composeLongAnswer, composeShortAnswer, detectLanguage, groupDigits, type AnswerFacts } from './answer.ts';
import { analyseImage } from './image-analysis.ts';
import { gifHeader, png, RED, stripes } from '../test-support/images.ts';
import { countTokens } from './tokens.ts';

const red = analyseImage(png(768, 1024, () => RED));
const facts = (question: string, images = [red]): AnswerFacts => ({
  question,
  images,
  conversationImages: images.length,
  turns: 1,
});

describe('composeAnswer', () => {
  it('says what it is and lists the measurements in Markdown', () => {
    const text = composeAnswer(facts('What is in this picture?'));
    expect(text).toMatch(/^I am the demo endpoint of Tanuki Vision Studio, not a vision model\. Here is what I measured:/);
    expect(text).toContain('- **Image 1**: 768 × 1024 px, PNG, ');
    expect(text).toContain('  - main colours: red 100%');
    expect(text).toContain('  - brightness: dark (mean ');
    expect(text).toContain('  - looks like text or a document: no');
    expect(text).toContain('You asked: “What is in this picture?”');
    expect(text).toContain('In this conversation I have received 1 image over 1 turn.');
  });

  it('answers in Japanese when the question is Japanese', () => {
    const text = composeAnswer(facts('この画像には何が写っていますか？'));
    expect(text).toMatch(/^これは Tanuki Vision Studio のデモ用エンドポイントで、視覚モデルではありません。画像から測れたこと：/);
    expect(text).toContain('**画像 1**：サイズ 768×1024、PNG、');
    expect(text).toContain('主な色：赤 100%');
    expect(text).toContain('質問：「この画像には何が写っていますか？」');
    expect(text).toContain('この会話で受け取った画像は 1 枚、ターンは 1 回です。');
  });

  it('says so when the last message has no image', () => {
    const text = composeAnswer({ question: 'hello', images: [], conversationImages: 2, turns: 3 });
    expect(text).toContain('Your last message has no image');
    expect(text).toContain('received 2 images over 3 turns');
  });

  it('reports text-likeness and header-only formats', () => {
    const text = composeAnswer(facts('read this', [analyseImage(png(120, 80, stripes(4))), analyseImage(gifHeader(10, 20))]));
    expect(text).toContain('looks like text or a document: yes');
    expect(text).toContain('- **Image 2**: 10 × 20 px, GIF, 13 bytes\n  - I read only the header: I do not decode GIF pixels');
  });

  it('keeps the echoed question on one line', () => {
    expect(composeAnswer(facts('line one\n\n- line two'))).toContain('You asked: “line one - line two”');
    expect(composeAnswer(facts(''))).toContain('Your message has no question text.');
  });

  it('is deterministic', () => {
    const again = analyseImage(png(768, 1024, () => RED));
    expect(composeAnswer(facts('同じ質問'))).toBe(composeAnswer(facts('同じ質問', [again])));
  });
});

describe('composeLongAnswer', () => {
  it('has exactly the requested number of tokens, in the question language', () => {
    const text = composeLongAnswer(facts('describe'), 2000);
    expect(countTokens(text)).toBe(2000);
    expect(text).toContain('\n12. ');
    expect(countTokens(composeLongAnswer(facts('説明して'), 300))).toBe(300);
    expect(composeLongAnswer(facts('説明して'), 300)).toContain('画像 1 の 100% は赤です。');
  });
});

describe('composeShortAnswer', () => {
  it('gives one measured sentence', () => {
    expect(composeShortAnswer('what colour?', red)).toBe(
      'Demo endpoint, not a model: 768 × 1024 PNG, mostly red (100%), dark brightness, not text-like.',
    );
    expect(composeShortAnswer('何色？', red)).toBe(
      'デモ用エンドポイント（モデルではありません）：768×1024 の PNG、主な色は赤（100%）、明るさは暗い、文字らしさなし。',
    );
  });
});

describe('helpers', () => {
  it('detects Japanese by kana or kanji', () => {
    expect(detectLanguage('Is this a cat?')).toBe('en');
    expect(detectLanguage('ねこ')).toBe('ja');
    expect(detectLanguage('カメラ')).toBe('ja');
    expect(detectLanguage('猫')).toBe('ja');
  });

  it('groups digits without a locale', () => {
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(999)).toBe('999');
  });
});
