import { capitalizeFirst, collapseWhitespace, isAllLower, isAllUpper } from './text.js';

/**
 * Person-name cleaning. Contract: diacritics are kept, titles are removed, and the casing of a
 * token is rewritten only when the token arrived all upper-case or all lower-case — a mixed-case
 * token (`McDonald`, `DeVito`, `MacKenzie`) is what the person typed and is kept as is.
 */

/** Honorifics and academic titles dropped before anything else (lower-case, without the dot). */
const TITLES = new Set([
  'dr', 'prof', 'mr', 'mrs', 'ms', 'miss', 'mx', 'sir', 'dame', 'pan', 'pani', 'panna', 'mgr', 'inż', 'inz',
  'hab', 'herr', 'frau', 'mme', 'mlle', 'sra', 'srta', 'dott', 'ing',
]);

/** Surname particles written in lower case inside a full name (`Ludwig van Beethoven`). */
const PARTICLES = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'zu', 'y', 'e', 'al', 'bin', 'ibn',
]);

/** Single letters (`M.`) are never titles: they are initials. */
function isTitle(token: string): boolean {
  const bare = token.toLowerCase().replace(/\.$/, '');
  return TITLES.has(bare);
}

function stripTitles(tokens: string[]): string[] {
  const out = [...tokens];
  // Keep at least one token: "Pan" alone is a (rare) surname, not an empty name.
  while (out.length > 1 && isTitle(out[0] ?? '')) out.shift();
  while (out.length > 1 && /^(phd|md|mba)\.?$/i.test(out[out.length - 1] ?? '')) out.pop();
  return out;
}

/** Cases one already-lower-cased word part: `o'brien` → `O'Brien`, `mcdonald` → `McDonald`. */
function caseWordPart(part: string): string {
  const apostrophe = /^([\p{L}])(['’])(\p{L}.*)$/u.exec(part);
  if (apostrophe) return `${(apostrophe[1] ?? '').toUpperCase()}${apostrophe[2]}${capitalizeFirst(apostrophe[3] ?? '')}`;
  // "Mc" is always a prefix in surnames; "Mac" is not (Mack, Macy, Machado), so it is left alone.
  const mc = /^mc(\p{L}{2,})$/u.exec(part);
  if (mc) return `Mc${capitalizeFirst(mc[1] ?? '')}`;
  return capitalizeFirst(part);
}

function caseToken(token: string, lowerParticle: boolean): string {
  if (!isAllUpper(token) && !isAllLower(token)) return token;
  const lower = token.toLowerCase();
  if (lowerParticle && PARTICLES.has(lower)) return lower;
  return lower
    .split('-')
    .map((p) => caseWordPart(p))
    .join('-');
}

/** Cleans the tokens of a name; `particlesLowerFromIndex` is where particles start being lower-cased. */
function caseTokens(tokens: string[], particlesLowerFromIndex: number): string[] {
  return tokens.map((t, i) => caseToken(t, i >= particlesLowerFromIndex && i < tokens.length - 1));
}

function tokenize(raw: string): string[] {
  const cleaned = collapseWhitespace(raw.normalize('NFC')).replace(/\s*-\s*/g, '-');
  return cleaned === '' ? [] : cleaned.split(' ');
}

/** One name field (first or last name) cleaned: `KOWALSKI` → `Kowalski`, `van der berg` → `van der Berg`. */
export function normalizeNamePart(raw: string): string | null {
  const tokens = stripTitles(tokenize(raw));
  if (tokens.length === 0) return null;
  return caseTokens(tokens, 0).join(' ');
}

export interface SplitName {
  firstName: string | null;
  lastName: string | null;
}

/**
 * A full name split into first and last name and cleaned. `Kowalski, Jan` is read as last, first.
 * Otherwise the last name is the last token plus the particles right before it (`Jan van der Berg`
 * → `Jan` / `van der Berg`) and everything before it is the first name (`Anna Maria Nowak` →
 * `Anna Maria` / `Nowak`). One token is a first name.
 */
export function splitFullName(raw: string): SplitName {
  const comma = raw.indexOf(',');
  if (comma > 0) {
    const last = normalizeNamePart(raw.slice(0, comma));
    const first = normalizeNamePart(raw.slice(comma + 1));
    if (last && first) return { firstName: first, lastName: last };
  }
  const tokens = stripTitles(tokenize(raw.replace(/,/g, ' ')));
  if (tokens.length === 0) return { firstName: null, lastName: null };
  if (tokens.length === 1) return { firstName: caseTokens(tokens, 1).join(' '), lastName: null };
  let lastStart = tokens.length - 1;
  while (lastStart > 1 && PARTICLES.has((tokens[lastStart - 1] ?? '').toLowerCase())) lastStart--;
  const cased = caseTokens(tokens, 1);
  return { firstName: cased.slice(0, lastStart).join(' '), lastName: cased.slice(lastStart).join(' ') };
}

/** A full display name from the cleaned parts: `Jan Kowalski`. */
export function normalizeFullName(raw: string): string | null {
  const { firstName, lastName } = splitFullName(raw);
  const joined = [firstName, lastName].filter((p): p is string => p !== null).join(' ');
  return joined === '' ? null : joined;
}

/**
 * The first/last name of a lead from whatever it gave: the explicit fields win; a full `name` fills
 * the parts that are missing.
 */
export function resolvePersonName(input: { firstName?: string; lastName?: string; name?: string }): SplitName {
  const first = input.firstName ? normalizeNamePart(input.firstName) : null;
  const last = input.lastName ? normalizeNamePart(input.lastName) : null;
  if ((first && last) || !input.name) return { firstName: first, lastName: last };
  const split = splitFullName(input.name);
  return { firstName: first ?? split.firstName, lastName: last ?? split.lastName };
}
