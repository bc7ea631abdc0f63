import type { IdentityProfile } from './profile.js';
import { matchForms } from './name-company-score.js';
import { jaroWinkler, tokenSimilarity } from './similarity.js';

/**
 * Partial name evidence: two of the three fields (first name, last name, company) agree strongly
 * while the third is missing on one side, weak, or different. Forms lose fields and people retype
 * them, so such a pair is often one person — but as often a relative or a colleague (same surname
 * at one company), a namesake, or a second person with the same first name at one company. It is
 * therefore only ever a merge **suggestion** for a human to review, never an automatic merge.
 *
 * Which partial patterns suggest:
 * - `field-missing` — two fields ≥ STRONG and the third missing on either side;
 * - `first-name-differs` — last name and company ≥ NEAR_EXACT, another first name (a nickname, a
 *   retyped or swapped-in name; also a relative or a colleague);
 * - `last-name-differs` — first name and company ≥ NEAR_EXACT, another last name (a married name).
 *
 * A third field that is only a typo away (all three ≥ 0.8) is the full name+company score's case.
 * Same first and last name at a *different* company does not suggest: a namesake is far more
 * common than one person retyping the company beyond recognition (Febrl 4: 144 true pairs of
 * this pattern against 234 namesakes).
 */

/** Per-field similarity in [0, 1]; null when the field is missing on either side. */
export interface FieldAgreement {
  firstName: number | null;
  lastName: number | null;
  company: number | null;
  /** true when the names agree better read with first and last swapped on one side. */
  swapped: boolean;
}

export type PartialReason = 'field-missing' | 'first-name-differs' | 'last-name-differs';

export interface PartialMatch {
  reason: PartialReason;
  /** Below any full name+company score of the same strength: partial evidence ranks last. */
  confidence: number;
  fields: FieldAgreement;
}

export const STRONG = 0.9;
export const NEAR_EXACT = 0.95;
/** Confidence = the mean of the two agreeing fields times this (missing third) or the lower one. */
const MISSING_FACTOR = 0.85;
const DIFFERS_FACTOR = 0.8;

const similar = (x: string, y: string, f: (a: string, b: string) => number): number | null =>
  x === '' || y === '' ? null : x === y ? 1 : f(x, y);

export function fieldAgreement(a: IdentityProfile, b: IdentityProfile): FieldAgreement {
  const { first: fa, last: la, company: ca } = matchForms(a);
  const { first: fb, last: lb, company: cb } = matchForms(b);
  const company = similar(ca, cb, tokenSimilarity);
  const first = similar(fa, fb, jaroWinkler);
  const last = similar(la, lb, jaroWinkler);
  if (first !== null && last !== null) {
    const swapFirst = jaroWinkler(fa, lb);
    const swapLast = jaroWinkler(la, fb);
    if (swapFirst + swapLast > first + last) {
      return { firstName: swapFirst, lastName: swapLast, company, swapped: true };
    }
  }
  return { firstName: first, lastName: last, company, swapped: false };
}

const mean = (x: number, y: number): number => (x + y) / 2;

export function partialMatch(a: IdentityProfile, b: IdentityProfile): PartialMatch | null {
  const fields = fieldAgreement(a, b);
  const { firstName: f, lastName: l, company: c } = fields;
  const strong = [f, l, c].filter((s): s is number => s !== null && s >= STRONG);
  // Fewer than two strong fields is no evidence; three is the full name+company score's case.
  if (strong.length !== 2) return null;
  const [s1 = 0, s2 = 0] = strong;
  if (f === null || l === null || c === null) return { reason: 'field-missing', confidence: mean(s1, s2) * MISSING_FACTOR, fields };
  const near = (s: number | null): s is number => s !== null && s >= NEAR_EXACT;
  if (near(l) && near(c)) return { reason: 'first-name-differs', confidence: mean(l, c) * DIFFERS_FACTOR, fields };
  if (near(f) && near(c)) return { reason: 'last-name-differs', confidence: mean(f, c) * DIFFERS_FACTOR, fields };
  return null;
}
