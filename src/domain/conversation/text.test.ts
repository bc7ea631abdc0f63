import { describe, expect, it } from 'vitest';
import { findPhrases, fold, hasPhrase, sentences, snippet } from './text.js';

describe('fold', () => {
  it('lower-cases and strips Polish diacritics keeping the length', () => {
    const text = 'Budżet ŁÓDŹ – wdrożenie’s';
    expect(fold(text)).toBe("budzet lodz - wdrozenie's");
    expect(fold(text)).toHaveLength(text.length);
  });
});

describe('findPhrases', () => {
  it('matches whole words, accepts any ending after *, ignores case and diacritics', () => {
    const text = fold('Chcielibyśmy WDROŻENIA w Q2, ale budżetowanie trwa.');
    expect(findPhrases(text, ['wdroże*']).map((m) => m.phrase)).toEqual(['wdrozenia']);
    expect(findPhrases(text, ['budzet'])).toEqual([]);
    expect(findPhrases(text, ['budzet*'])).toHaveLength(1);
  });

  it('marks a match negated when a negation stands just before it in the same clause', () => {
    const text = fold("We don't need a demo, but pricing would help. Nie potrzebujemy demo");
    const demo = findPhrases(text, ['demo']);
    expect(demo.map((m) => m.negated)).toEqual([true, true]);
    expect(hasPhrase(text, ['demo'])).toBe(false);
    expect(hasPhrase(text, ['pricing'])).toBe(true);
  });
});

describe('sentences', () => {
  it('splits at sentence ends and line breaks but not inside emails or numbers', () => {
    expect(sentences('Hi! Mail: anna@acme.pl. Budget 40.000 zł?\nThanks').map((s) => s.text)).toEqual([
      'Hi!',
      'Mail: anna@acme.pl.',
      'Budget 40.000 zł?',
      'Thanks',
    ]);
  });
});

describe('snippet', () => {
  it('cuts long text at a word boundary', () => {
    expect(snippet('one two three four', 12)).toBe('one two…');
    expect(snippet('  short   text ')).toBe('short text');
  });
});
