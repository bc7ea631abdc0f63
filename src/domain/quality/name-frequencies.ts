import type { IdentityProfile } from './profile.js';
import { matchForms } from './match-forms.js';

/**
 * How common a name or a company is among the people a workspace already holds — what tells two
 * "Smith"s at one company (weak evidence: there are many) from two "Przybyłowicz"es (strong). The
 * store keeps one count per key and adds a person's `frequencyKeys` once, when the ledger creates
 * them as a new lead; matching reads the counts of the values it compares. Plain data: the store
 * owns the table, this module owns the key format and turns counts into shares.
 *
 * Keys: `name:<form>` for each distinct folded first or last name — one pool for both fields, so a
 * surname typed into the first-name field is still known as a surname; `company:<key>` for the
 * company's matching key; `name:*` and `company:*` count the people with a name and with a company.
 * Counts only grow: a suggestion accepted later leaves its lead's counts (a slight overcount, which
 * makes names look more common, the cautious side).
 */
export type NameFrequencies = ReadonlyMap<string, number>;

/** A ledger that has counted no one: every value is read at the prior share. */
export const NO_FREQUENCIES: NameFrequencies = new Map();

export type FrequencyKind = 'name' | 'company';

/** The key counting the people with a value of this kind, and the key of one value. */
export const totalKey = (kind: FrequencyKind): string => `${kind}:*`;
export const frequencyKey = (kind: FrequencyKind, value: string): string => `${kind}:${value}`;

/** The keys one person adds to the table. */
export function frequencyKeys(profile: IdentityProfile): string[] {
  const { first, last, company } = matchForms(profile);
  const keys: string[] = [];
  if (first !== '' || last !== '') keys.push(totalKey('name'));
  if (first !== '') keys.push(frequencyKey('name', first));
  if (last !== '' && last !== first) keys.push(frequencyKey('name', last));
  if (company !== '') keys.push(totalKey('company'), frequencyKey('company', company));
  return keys;
}

/**
 * A young ledger is smoothed toward this many pseudo-people sharing a value at PRIOR_SHARE, so one
 * person is not read as 100 % of the world and an unseen value not as impossible.
 */
const PRIOR_PEOPLE = 100;
const PRIOR_SHARE = 0.001;

/**
 * The share of the ledger's people carrying a value — the chance that someone else agrees on it by
 * coincidence. Of several spellings (one a typo of the other) the most common counts: the typo is
 * rarely the real value. At least one person holds it (the candidate that has it).
 */
export function shareOf(frequencies: NameFrequencies, kind: FrequencyKind, values: readonly string[]): number {
  const people = frequencies.get(totalKey(kind)) ?? 0;
  let count = 1;
  for (const v of values) count = Math.max(count, frequencies.get(frequencyKey(kind, v)) ?? 0);
  return (count + PRIOR_PEOPLE * PRIOR_SHARE) / (people + PRIOR_PEOPLE);
}

/** The number of people the ledger has counted with a name: any one of them could be a candidate. */
export function namedPeople(frequencies: NameFrequencies): number {
  return frequencies.get(totalKey('name')) ?? 0;
}
