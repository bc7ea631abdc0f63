import type { IdentityProfile } from './profile.js';
import { nameMatchForm } from './identity-keys.js';
import { matchForms } from './match-forms.js';
import { frequencyKey, NO_FREQUENCIES, namedPeople, shareOf, totalKey, type FrequencyKind, type NameFrequencies } from './name-frequencies.js';
import { jaroWinkler, memoizedPairs, tokenSimilarity } from './similarity.js';

/**
 * How strongly first name, last name and company say "the same person", Fellegi–Sunter style: each
 * field adds the log of how much likelier its agreement (or disagreement) is for one person than
 * for two, and the sum starts from the odds that one given ledger person is the one (1 in the
 * people counted). Agreement on a value is worth log(M_AGREE / share): a surname one person in
 * 10,000 carries is strong evidence, one carried by 2 % of the ledger is weak — so two "Smith"s at
 * one company with different first names are not the same person, two "Przybyłowicz"es may be.
 *
 * Per field, by similarity (Jaro-Winkler on folded names, `companySimilarity` on company keys):
 * - `agree` — the same value up to a typo a person barely notices: log(M_AGREE / share);
 * - `typo` — a visible typo, or a different value that happens to look alike: weaker, and the
 *   density of look-alike values (U_LOOKALIKE) caps it for rare values;
 * - `variant` (first name only) — a short form, an initial, a diminutive sharing the start: a mild
 *   doubt (W_VARIANT);
 * - `differs` — another value: strong evidence against (W_DIFFERS), unless the other two fields
 *   are rare enough to outweigh it (a married name, a retyped first name, a new employer);
 * - `missing` on either side — no evidence either way.
 * Names are also read swapped (first ↔ last, on one side), whole or half — one name typed into
 * the other field while the other was replaced or left out; the better reading counts, at a small
 * cost (SWAP_COST).
 *
 * The constants were set on the Febrl person sets (docs/benchmarks.md) in round numbers, and the
 * frequencies always come from the workspace's own ledger.
 */

export type FieldLevel = 'agree' | 'typo' | 'variant' | 'differs' | 'missing';

export interface FieldEvidence {
  /** Similarity in [0, 1]; null when the field is missing on either side. */
  similarity: number | null;
  level: FieldLevel;
  /** The log-likelihood ratio this field adds. */
  weight: number;
}

export interface NameEvidence {
  firstName: FieldEvidence;
  lastName: FieldEvidence;
  company: FieldEvidence;
  /** true when the names agree better read first ↔ last on one side. */
  swapped: boolean;
  /** Log-odds that the two profiles are one person. */
  logOdds: number;
  /** The same as a probability: what `decideMatch` compares with its thresholds. */
  probability: number;
}

interface Bands {
  agree: number;
  typo: number;
  variant: number;
}

// First names are short: Jaro-Winkler scores two different short names higher, so their bands sit higher.
const FIRST_NAME: Bands = { agree: 0.95, typo: 0.85, variant: 0.6 };
const LAST_NAME: Bands = { agree: 0.92, typo: 0.8, variant: 0.8 };
const COMPANY: Bands = LAST_NAME;

/** P(field agrees | one person): typos and retyped values make up the rest. */
const M_AGREE = 0.9;
/** P(a visible typo | one person). */
const M_TYPO = 0.1;
/** P(another value looks like a typo of this one | two people), on top of the value's own share. */
const U_LOOKALIKE = 0.002;
const W_VARIANT = -0.5;
const W_DIFFERS = -2;
const SWAP_COST = -1;

const similar = (x: string, y: string, f: (a: string, b: string) => number): number | null =>
  x === '' || y === '' ? null : x === y ? 1 : f(x, y);

/** A single letter against a name it could abbreviate reads as a variant, not as another name. */
function firstNameSimilarity(x: string, y: string): number {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length === 1) return long.startsWith(short) ? FIRST_NAME.variant : 0;
  return jaroWinkler(x, y);
}

/**
 * Token similarity, or the whole names read without spaces when one side split or joined a word
 * (`port macquarie` / `portmacquarie`, `mc donalds` / `mcdonalds`).
 */
export function companySimilarity(a: string, b: string): number {
  const tokens = tokenSimilarity(a, b);
  // Without a space on either side the joined reading is the same comparison.
  if (!a.includes(' ') && !b.includes(' ')) return tokens;
  return Math.max(tokens, jaroWinkler(a.replace(/ /g, ''), b.replace(/ /g, '')));
}

// Each field's similarity by value pair (see `memoizedPairs`); a few MB at most. Companies vary
// more than names and cost more to compare, so more of their pairs are kept.
const firstNames = memoizedPairs(firstNameSimilarity, 20_000);
const lastNames = memoizedPairs((x, y) => jaroWinkler(x, y), 20_000);
const companies = memoizedPairs(companySimilarity, 50_000);

function fieldEvidence(similarity: number | null, bands: Bands, share: () => number): FieldEvidence {
  if (similarity === null) return { similarity, level: 'missing', weight: 0 };
  if (similarity >= bands.agree) return { similarity, level: 'agree', weight: Math.log(M_AGREE / share()) };
  if (similarity >= bands.typo) return { similarity, level: 'typo', weight: Math.log(M_TYPO / (share() + U_LOOKALIKE)) };
  if (similarity >= bands.variant) return { similarity, level: 'variant', weight: W_VARIANT };
  return { similarity, level: 'differs', weight: W_DIFFERS };
}

/** The similarities of one pair of profiles: names as they stand, company, and names crossed (first ↔ last). */
interface Readings {
  first: number | null;
  last: number | null;
  company: number | null;
  /** Computed on first use: only needed when the names as they stand do not both agree. */
  crossed(): { first: number | null; last: number | null };
  /** `mayAgreeOnTwo`, once asked. */
  mayAgree?: boolean;
}

// Computed once per pair of profile objects: `evidenceKeys` and `nameEvidence` both need them.
const readingsCache = new WeakMap<IdentityProfile, WeakMap<IdentityProfile, Readings>>();

function readingsOf(a: IdentityProfile, b: IdentityProfile): Readings {
  let byB = readingsCache.get(a);
  if (!byB) readingsCache.set(a, (byB = new WeakMap()));
  let r = byB.get(b);
  if (!r) {
    const fa = matchForms(a);
    const fb = matchForms(b);
    let crossed: { first: number | null; last: number | null } | undefined;
    r = {
      first: similar(fa.first, fb.first, firstNames),
      last: similar(fa.last, fb.last, lastNames),
      company: similar(fa.company, fb.company, companies),
      crossed: () => (crossed ??= { first: similar(fa.first, fb.last, firstNames), last: similar(fa.last, fb.first, lastNames) }),
    };
    byB.set(b, r);
  }
  return r;
}

/** Both names agree as they stand: that is the reading (a crossed one could at best agree too, at SWAP_COST). */
const namesAgree = (r: Readings): boolean => (r.first ?? 0) >= FIRST_NAME.agree && (r.last ?? 0) >= LAST_NAME.agree;

const alike = (similarity: number | null, bands: Bands): number => (similarity !== null && similarity >= bands.typo ? 1 : 0);

/**
 * Whether name evidence between two profiles can count at all: two of the three fields alike at
 * least as a typo, with the names as they stand or crossed (`agreeingFields` of either reading).
 * The counts only weigh a field, never move it across a band, so a pair that fails here is no
 * name-company match whatever the frequencies: matching skips it before weighing anything.
 */
export function mayAgreeOnTwo(a: IdentityProfile, b: IdentityProfile): boolean {
  const r = readingsOf(a, b);
  return (r.mayAgree ??= twoAlike(r));
}

function twoAlike(r: Readings): boolean {
  const company = alike(r.company, COMPANY);
  if (alike(r.first, FIRST_NAME) + alike(r.last, LAST_NAME) + company >= 2) return true;
  const crossed = r.crossed();
  return alike(crossed.first, FIRST_NAME) + alike(crossed.last, LAST_NAME) + company >= 2;
}

/**
 * The frequency keys `nameEvidence` reads to compare `incoming` with each candidate that
 * `mayAgreeOnTwo`: the totals and both values of every field alike enough to weigh (a typo or
 * closer); none when no candidate is weighed. Values that differ carry no frequency, so a
 * submission with 25 candidates reads a handful of counts, not 75.
 */
export function evidenceKeys(incoming: IdentityProfile, candidates: readonly IdentityProfile[]): string[] {
  const weighed = candidates.filter((c) => mayAgreeOnTwo(incoming, c));
  if (weighed.length === 0) return [];
  const keys = new Set([totalKey('name'), totalKey('company')]);
  const fa = matchForms(incoming);
  for (const c of weighed) {
    const r = readingsOf(incoming, c);
    const fb = matchForms(c);
    const add = (kind: FrequencyKind, similarity: number | null, bands: Bands, x: string, y: string): void => {
      if (similarity !== null && similarity >= bands.typo) keys.add(frequencyKey(kind, x)).add(frequencyKey(kind, y));
    };
    add('name', r.first, FIRST_NAME, fa.first, fb.first);
    add('name', r.last, LAST_NAME, fa.last, fb.last);
    if (!namesAgree(r)) {
      add('name', r.crossed().first, FIRST_NAME, fa.first, fb.last);
      add('name', r.crossed().last, LAST_NAME, fa.last, fb.first);
    }
    add('company', r.company, COMPANY, fa.company, fb.company);
  }
  return [...keys];
}

export function nameEvidence(a: IdentityProfile, b: IdentityProfile, frequencies: NameFrequencies = NO_FREQUENCIES): NameEvidence {
  const fa = matchForms(a);
  const fb = matchForms(b);
  const r = readingsOf(a, b);
  const share = (kind: FrequencyKind, ...values: string[]) => () => shareOf(frequencies, kind, values);
  let firstName = fieldEvidence(r.first, FIRST_NAME, share('name', fa.first, fb.first));
  let lastName = fieldEvidence(r.last, LAST_NAME, share('name', fa.last, fb.last));
  let swapped = false;
  if (!namesAgree(r)) {
    const crossFirst = fieldEvidence(r.crossed().first, FIRST_NAME, share('name', fa.first, fb.last));
    const crossLast = fieldEvidence(r.crossed().last, LAST_NAME, share('name', fa.last, fb.first));
    if (crossFirst.weight + crossLast.weight + SWAP_COST > firstName.weight + lastName.weight) {
      [firstName, lastName, swapped] = [crossFirst, crossLast, true];
    }
  }
  const company = fieldEvidence(r.company, COMPANY, share('company', fa.company, fb.company));
  const prior = -Math.log(Math.max(1, namedPeople(frequencies)));
  const logOdds = prior + firstName.weight + lastName.weight + company.weight + (swapped ? SWAP_COST : 0);
  return { firstName, lastName, company, swapped, logOdds, probability: 1 / (1 + Math.exp(-logOdds)) };
}

/** How many fields agree at least as a typo: name evidence needs two (one alone is a namesake). */
export function agreeingFields(e: NameEvidence): number {
  return [e.firstName, e.lastName, e.company].filter((f) => f.level === 'agree' || f.level === 'typo').length;
}

/**
 * Whether the names of two profiles that share a phone point at different people (a household
 * landline, a company switchboard). Missing names never conflict.
 */
export function namesConflict(a: IdentityProfile, b: IdentityProfile, threshold: number): boolean {
  const pairs: Array<[string, string]> = [
    [nameMatchForm(a.firstName), nameMatchForm(b.firstName)],
    [nameMatchForm(a.lastName), nameMatchForm(b.lastName)],
  ];
  return pairs.some(([x, y]) => x !== '' && y !== '' && jaroWinkler(x, y) < threshold);
}
