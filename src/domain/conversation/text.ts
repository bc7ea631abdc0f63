import { foldDiacritics } from '../quality/text.js';

/**
 * Text helpers for matching Polish and English messages. Matching runs on a *fold*: lower-case,
 * diacritics removed, typographic apostrophes and dashes made ASCII — and exactly as long as the
 * NFC text it came from, so a match's index and length cut the original words (with their
 * diacritics) out of the message for notes and labels.
 */

/** The message text in NFC; every index the helpers return refers to this string. */
export function canonical(text: string): string {
  return text.normalize('NFC');
}

/** Lower-case, diacritic-free copy of `canonical(text)` with the same length. */
export function fold(text: string): string {
  let out = '';
  for (const ch of canonical(text)) {
    const lower = ch.toLowerCase();
    let folded = foldDiacritics(lower);
    if (folded === '’' || folded === '‘' || folded === '`') folded = "'";
    else if (folded === '–' || folded === '—' || folded === '‑') folded = '-';
    out += folded.length === ch.length ? folded : lower.length === ch.length ? lower : ch;
  }
  return out;
}

export interface PhraseMatch {
  phrase: string;
  index: number;
  length: number;
  /** A negation (`not`, `don't`, `nie`, `bez`…) stands up to three words before, in the same clause. */
  negated: boolean;
}

const patternCache = new Map<string, RegExp>();

function phraseSource(phrase: string): string {
  return fold(phrase.trim())
    .split(/\s+/)
    .map((word) => {
      const wildcard = word.endsWith('*');
      const bare = (wildcard ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return wildcard ? `${bare}[\\p{L}\\p{N}]*` : bare;
    })
    .join('[\\s-]+');
}

/** One regex for a phrase list (cached by the list's content; deterministic). */
export function phrasePattern(phrases: readonly string[]): RegExp | null {
  const list = phrases.filter((p) => p.trim() !== '');
  if (list.length === 0) return null;
  const key = list.join('\u0000');
  let pattern = patternCache.get(key);
  if (!pattern) {
    // Longest first, so "ile kosztuje wdrożenie" wins over "ile".
    const sources = list.map(phraseSource).sort((a, b) => b.length - a.length);
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    if (patternCache.size > 500) patternCache.clear();
    patternCache.set(key, pattern);
  }
  return pattern;
}

const NEGATORS = new Set([
  'not', 'no', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'never', "isn't", "aren't", "won't", 'without',
  'nie', 'bez', 'ani', 'nigdy', 'zadnego', 'zadnej', 'zadnych',
]);

function isNegated(folded: string, index: number): boolean {
  const before = folded.slice(Math.max(0, index - 60), index);
  const clause = before.split(/[.,;!?:\n]|\b(?:but|ale|lecz)\b/).pop() ?? '';
  const words = clause.trim().split(/\s+/).filter(Boolean).slice(-3);
  return words.some((w) => NEGATORS.has(w));
}

/** Every match of the phrases in an already-folded text, left to right. */
export function findPhrases(folded: string, phrases: readonly string[]): PhraseMatch[] {
  const pattern = phrasePattern(phrases);
  if (!pattern) return [];
  const out: PhraseMatch[] = [];
  for (const m of folded.matchAll(pattern)) {
    out.push({ phrase: m[0], index: m.index, length: m[0].length, negated: isNegated(folded, m.index) });
  }
  return out;
}

/** True when a phrase occurs without a negation before it. */
export function hasPhrase(folded: string, phrases: readonly string[]): boolean {
  return findPhrases(folded, phrases).some((m) => !m.negated);
}

export interface Sentence {
  text: string;
  index: number;
}

/** Sentences of a message (split after . ! ? and at line breaks), trimmed, with their offsets. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  // A dot inside a token (`anna@acme.pl`, `40.000`, `3.5`) does not end a sentence.
  const re = /(?:[^.!?\n]|[.!?](?![\s.!?]|$))+(?:[.!?]+|(?=\n)|$)/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') out.push({ text: trimmed, index: m.index + lead });
  }
  return out;
}

/** A snippet for notes: whitespace collapsed, cut at a word boundary with an ellipsis. */
export function snippet(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
