import type { Language } from './conversation.schema.js';
import { fold } from './text.js';

/**
 * Polish or English, from the visitor's own words. Polish letters (ą ć ę ł ń ó ś ź ż) count
 * double because English text never has them; then common function words of each language.
 * Words both languages share (`i`, `to`, `a`, `no`) are left out. Too little evidence gives the
 * configured default with `confident: false`.
 */

const POLISH_LETTERS = /[ąćęłńóśźż]/giu;

const PL_WORDS = new Set([
  'nie', 'jest', 'sie', 'na', 'ze', 'jak', 'czy', 'mam', 'mamy', 'dla', 'do', 'z', 'w', 'o', 'tak', 'dzien', 'dobry',
  'czesc', 'prosze', 'chcialbym', 'chcialabym', 'chce', 'chcemy', 'jestem', 'jestesmy', 'ile', 'firma', 'firmy', 'jaki',
  'jaka', 'jakie', 'kiedy', 'moze', 'moj', 'moja', 'nasz', 'nasza', 'nasze', 'dziekuje', 'dzieki', 'pan', 'pani',
  'potrzebujemy', 'szukamy', 'bardzo', 'juz', 'tylko', 'tez', 'albo', 'oraz', 'ktory', 'ktora', 'co', 'sa', 'bedzie',
  'mozna', 'witam', 'pozdrawiam', 'ten', 'ta', 'te', 'tego', 'przez', 'po', 'od', 'za', 'ok', 'okolo', 'tys',
]);

const EN_WORDS = new Set([
  'the', 'is', 'are', 'and', 'of', 'you', 'we', 'my', 'our', 'what', 'how', 'can', 'do', 'does', 'for', 'with', 'hi',
  'hello', 'thanks', 'thank', 'please', 'want', 'would', 'like', 'need', 'have', 'has', 'your', 'this', 'that', 'it',
  'be', 'will', 'from', 'about', 'at', 'im', "i'm", 'am', 'there', 'any', 'price', 'when', 'which', 'just', 'us',
  'looking', 'company', 'team', 'could', 'should', 'yes', 'not', 'but', 'if', 'an', 'in', 'on', 'by', 'or',
]);

export interface LanguageGuess {
  language: Language;
  confident: boolean;
  scores: Record<Language, number>;
}

export function scoreLanguage(text: string): Record<Language, number> {
  const pl = (text.match(POLISH_LETTERS)?.length ?? 0) * 2;
  const words = fold(text).match(/[\p{L}']+/gu) ?? [];
  let plWords = 0;
  let enWords = 0;
  for (const w of words) {
    if (PL_WORDS.has(w)) plWords++;
    if (EN_WORDS.has(w)) enWords++;
  }
  return { pl: pl + plWords, en: enWords };
}

/** The language of a set of texts (the visitor's messages), with the default when unclear. */
export function detectLanguage(texts: readonly string[], fallback: Language): LanguageGuess {
  const scores = { pl: 0, en: 0 };
  for (const t of texts) {
    const s = scoreLanguage(t);
    scores.pl += s.pl;
    scores.en += s.en;
  }
  const total = scores.pl + scores.en;
  if (total < 2 || scores.pl === scores.en) return { language: fallback, confident: false, scores };
  const language: Language = scores.pl > scores.en ? 'pl' : 'en';
  const confident = Math.max(scores.pl, scores.en) >= 2 * Math.min(scores.pl, scores.en);
  return { language, confident, scores };
}
