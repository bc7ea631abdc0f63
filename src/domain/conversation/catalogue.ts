import type { CatalogueEntry } from './conversation.schema.js';
import { fold } from './text.js';

/**
 * Catalogue matching for products and competitors. An entry matches by its name or any synonym,
 * ignoring case and diacritics, and a word also matches in its Polish case forms: words of five or
 * more letters by their stem (final vowels dropped) plus up to four letters (`automatyzacja` →
 * `automatyzacji`, `automatyzacją`; `chatbot` → `chatbota`, `chatbotem`), shorter words with the
 * common endings (`CRM` → `CRM-a`, `CRM-u`, `CRMem`). A `*` still means any ending.
 */

export interface CatalogueHit {
  id: string;
  name: string;
  mentions: number;
  /** Offset of the first mention in the joined texts (for ordering). */
  firstIndex: number;
}

const SHORT_ENDINGS = String.raw`(?:-?(?:a|u|em|ie|y|ow|ach|om|ami|e|i))?`;

function wordSource(word: string): string {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (word.endsWith('*')) return `${escape(word.slice(0, -1))}[\\p{L}\\p{N}]*`;
  if (!/^\p{L}+$/u.test(word)) return escape(word);
  if (word.length >= 5) {
    const stem = word.replace(/[aeiouy]+$/u, '');
    return `${escape(stem.length >= 4 ? stem : word)}\\p{L}{0,4}`;
  }
  return `${escape(word)}${SHORT_ENDINGS}`;
}

const cache = new Map<string, RegExp>();

function entryPattern(entry: CatalogueEntry): RegExp {
  const key = `${entry.id}\u0000${entry.name}\u0000${entry.synonyms.join('\u0000')}`;
  let re = cache.get(key);
  if (!re) {
    const alternatives = [entry.name, ...entry.synonyms]
      .map((p) => fold(p.trim()).split(/\s+/).filter(Boolean).map(wordSource).join('[\\s-]+'))
      .filter((s) => s !== '')
      .sort((a, b) => b.length - a.length);
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** The entries mentioned in the texts, in order of first mention. */
export function matchCatalogue(texts: readonly string[], entries: readonly CatalogueEntry[]): CatalogueHit[] {
  const folded = texts.map(fold).join('\n');
  const hits: CatalogueHit[] = [];
  for (const entry of entries) {
    const matches = [...folded.matchAll(entryPattern(entry))];
    const first = matches[0];
    if (first) hits.push({ id: entry.id, name: entry.name, mentions: matches.length, firstIndex: first.index });
  }
  return hits.sort((a, b) => a.firstIndex - b.firstIndex);
}
