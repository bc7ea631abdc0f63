import { INTENTS, OBJECTIONS, type ConversationConfig, type Intent, type Objection } from './conversation.schema.js';
import { INTENT_PHRASES, OBJECTION_PHRASES, PROBLEM_PHRASES } from './lexicon.js';
import { findPhrases, fold, hasPhrase, sentences, snippet } from './text.js';

/**
 * What the visitor wants and what holds them back: intents, objections, the questions they asked
 * and the problems or needs they described. Phrases preceded by a negation ("we don't need a demo")
 * do not count. Results keep the order of first mention, which the note uses ("Main concern").
 */

interface Ranked<T> {
  value: T;
  index: number;
}

function ranked<T extends string>(folded: string, kinds: readonly T[], phrasesOf: (kind: T) => readonly string[]): T[] {
  const found: Array<Ranked<T>> = [];
  for (const kind of kinds) {
    const first = findPhrases(folded, phrasesOf(kind)).find((m) => !m.negated);
    if (first) found.push({ value: kind, index: first.index });
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.value);
}

/** Intents other than spam (which `spam.ts` decides), in order of first mention. */
export function detectIntents(userTexts: readonly string[], config: Pick<ConversationConfig, 'extraKeywords'>): Intent[] {
  const folded = userTexts.map(fold).join('\n');
  const kinds = INTENTS.filter((i): i is Exclude<Intent, 'spam'> => i !== 'spam');
  return ranked(folded, kinds, (k) => [...INTENT_PHRASES[k], ...(config.extraKeywords.intents[k] ?? [])]);
}

export function detectObjections(userTexts: readonly string[], config: Pick<ConversationConfig, 'extraKeywords'>): Objection[] {
  const folded = userTexts.map(fold).join('\n');
  return ranked(folded, OBJECTIONS, (k) => [...OBJECTION_PHRASES[k], ...(config.extraKeywords.objections[k] ?? [])]);
}

const QUESTION_START = /^(?:what|how|when|where|which|who|why|can|could|do|does|is|are|will|would|should|ile|jak|jaki\p{L}*|kiedy|gdzie|czy|co|kto|dlaczego|ktor\p{L}*)\b/u;

/** The questions the visitor asked (sentences ending with `?` or opening with a question word). */
export function questionsAsked(userTexts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of userTexts) {
    for (const s of sentences(text)) {
      const body = s.text.replace(/^(?:hi|hello|hey|ok|okay|and|also|a|i|oraz|czesc|dzien dobry)[,!\s]+/iu, '');
      if (s.text.endsWith('?') || (QUESTION_START.test(fold(body)) && !/[.!]$/.test(s.text))) out.push(snippet(s.text, 200));
    }
  }
  return out;
}

/** Sentences in which the visitor describes a problem or a need. */
export function problemsAndNeeds(userTexts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of userTexts) {
    for (const s of sentences(text)) {
      if (!s.text.endsWith('?') && hasPhrase(fold(s.text), PROBLEM_PHRASES)) out.push(snippet(s.text, 200));
    }
  }
  return out;
}
