import type { IdentityProfile } from './profile.js';
import { companyKey } from './company.js';
import { nameMatchForm } from './identity-keys.js';
import { jaroWinkler, tokenSimilarity } from './similarity.js';

/**
 * The fuzzy evidence between two profiles: Jaro-Winkler on folded first and last names, token
 * similarity on company keys (legal form and punctuation removed, diacritics folded).
 */
export interface NameCompanyScores {
  firstName: number | null;
  lastName: number;
  company: number;
  /** true when the best reading had first and last name swapped on one side. */
  swapped: boolean;
  /** false when a first name is missing on either side; such a score never merges on its own. */
  complete: boolean;
  score: number;
}

const W_FIRST = 0.3;
const W_LAST = 0.4;
const W_COMPANY = 0.3;
/** A swapped reading is slightly less likely than a straight one with the same similarities. */
const SWAP_PENALTY = 0.97;
/** Without first names, last name + company carry less than the same similarity with them. */
const PARTIAL_FACTOR = 0.95;

/** Null when either side lacks a last name or a company: the rule needs both (SPEC §5). */
// The folded match forms of a profile, computed once per profile object (matching compares one
// submission with many candidates). Profiles are treated as immutable.
const formCache = new WeakMap<IdentityProfile, { first: string; last: string; company: string }>();
export function matchForms(p: IdentityProfile): { first: string; last: string; company: string } {
  let forms = formCache.get(p);
  if (!forms) {
    forms = { first: nameMatchForm(p.firstName), last: nameMatchForm(p.lastName), company: p.company ? companyKey(p.company) : '' };
    formCache.set(p, forms);
  }
  return forms;
}

export function scoreNameCompany(a: IdentityProfile, b: IdentityProfile): NameCompanyScores | null {
  const { first: fa, last: la, company: ca } = matchForms(a);
  const { first: fb, last: lb, company: cb } = matchForms(b);
  if (la === '' || lb === '' || ca === '' || cb === '') return null;
  const company = ca === cb ? 1 : tokenSimilarity(ca, cb);
  const last = jaroWinkler(la, lb);
  if (fa === '' || fb === '') {
    return { firstName: null, lastName: last, company, swapped: false, complete: false, score: (0.55 * last + 0.45 * company) * PARTIAL_FACTOR };
  }
  const first = jaroWinkler(fa, fb);
  const straight = W_FIRST * first + W_LAST * last + W_COMPANY * company;
  const swapFirst = jaroWinkler(fa, lb);
  const swapLast = jaroWinkler(la, fb);
  const swapped = (W_FIRST * swapFirst + W_LAST * swapLast + W_COMPANY * company) * SWAP_PENALTY;
  if (swapped > straight) {
    return { firstName: swapFirst, lastName: swapLast, company, swapped: true, complete: true, score: swapped };
  }
  return { firstName: first, lastName: last, company, swapped: false, complete: true, score: straight };
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
