import { describe, expect, it } from 'vitest';
import { decideMatch } from './match.js';
import { agreeingFields, companySimilarity, evidenceKeys, mayAgreeOnTwo, nameEvidence, namesConflict } from './name-evidence.js';
import type { NameFrequencies } from './name-frequencies.js';
import type { IdentityProfile } from './profile.js';
import { qualityConfigSchema } from './quality.schema.js';

/** A ledger of 10,000 people: Smith and John are common, Przybyłowicz rare, Big Bank a large employer. */
const ledger: NameFrequencies = new Map([
  ['name:*', 10_000],
  ['name:john', 200],
  ['name:smith', 200],
  ['name:anna', 150],
  ['name:piotr', 100],
  ['name:przybylowicz', 2],
  ['company:*', 8_000],
  ['company:acme', 40],
  ['company:globex', 30],
  ['company:big bank', 500],
]);
const options = { ...qualityConfigSchema.parse({}).dedup, frequencies: ledger };
const person = (firstName: string | null, lastName: string | null, company: string | null): IdentityProfile => ({ firstName, lastName, company });
const decide = (incoming: IdentityProfile, held: IdentityProfile) => decideMatch(incoming, [{ leadId: 'L1', profile: held }], options);
const levels = (a: IdentityProfile, b: IdentityProfile) => {
  const e = nameEvidence(a, b, ledger);
  return [e.firstName.level, e.lastName.level, e.company.level];
};

describe('nameEvidence — how common the agreeing values are decides how much they say', () => {
  it('two Smiths at one company with different first names are not one person, not even a suggestion', () => {
    const d = decide(person('Anna', 'Smith', 'Acme'), person('John', 'Smith', 'Acme'));
    expect(d.action).toBe('new');
    expect(nameEvidence(person('Anna', 'Smith', 'Acme'), person('John', 'Smith', 'Acme'), ledger).probability).toBeLessThan(0.5);
  });

  it('two rare surnames at one company with different first names are a suggestion (a relative, or a retyped name)', () => {
    const d = decide(person('Anna', 'Przybyłowicz', 'Acme'), person('Piotr', 'Przybylowicz', 'Acme'));
    expect(d).toMatchObject({ action: 'suggest', evidence: { rule: 'name-company', downgradedBecause: 'first-name-differs' } });
  });

  it('a rare surname agreeing with the rest merges, diacritics and legal form aside', () => {
    const d = decide(person('Anna', 'Przybyłowicz', 'ACME S.A.'), person('Anna', 'Przybylowicz', 'Acme'));
    expect(d).toMatchObject({ action: 'merge', rule: 'name-company' });
    expect(d.confidence).toBeGreaterThan(0.99);
  });

  it('a common name at a large employer is only a suggestion even when every field is identical', () => {
    expect(decide(person('John', 'Smith', 'Acme'), person('John', 'Smith', 'Acme')).action).toBe('merge');
    const bigBank = decide(person('John', 'Smith', 'Big Bank'), person('John', 'Smith', 'Big Bank'));
    expect(bigBank).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'common-name' } });
  });

  it('the same rare name at another company is a suggestion; a common one is a namesake', () => {
    expect(decide(person('Anna', 'Przybylowicz', 'Globex'), person('Anna', 'Przybylowicz', 'Acme'))).toMatchObject({
      action: 'suggest',
      evidence: { downgradedBecause: 'company-differs' },
    });
    expect(decide(person('John', 'Smith', 'Globex'), person('John', 'Smith', 'Acme')).action).toBe('new');
  });

  it('a missing field is no evidence either way: a suggestion, never a merge', () => {
    expect(decide(person('Anna', 'Przybylowicz', null), person('Anna', 'Przybylowicz', 'Acme'))).toMatchObject({
      action: 'suggest',
      evidence: { downgradedBecause: 'field-missing', names: { company: { level: 'missing', weight: 0 } } },
    });
  });

  it('one agreeing field alone is nothing, however rare', () => {
    expect(decide(person(null, 'Przybylowicz', null), person('Anna', 'Przybylowicz', 'Acme')).action).toBe('new');
    expect(decide(person('Piotr', 'Przybylowicz', 'Globex'), person('Anna', 'Przybylowicz', 'Acme')).action).toBe('new');
  });

  it('reads an initial as a variant of the name it starts, and another initial as another name', () => {
    expect(levels(person('A.', 'Przybylowicz', 'Acme'), person('Anna', 'Przybylowicz', 'Acme'))[0]).toBe('variant');
    expect(levels(person('P.', 'Przybylowicz', 'Acme'), person('Anna', 'Przybylowicz', 'Acme'))[0]).toBe('differs');
    expect(decide(person('A.', 'Przybylowicz', 'Acme'), person('Anna', 'Przybylowicz', 'Acme')).action).toBe('suggest');
  });

  it('a one-letter typo in a surname still agrees; a visible typo is weaker evidence than agreement', () => {
    expect(levels(person('Anna', 'Przybylowitz', 'Acme'), person('Anna', 'Przybylowicz', 'Acme'))).toEqual(['agree', 'agree', 'agree']);
    const exact = nameEvidence(person('Anna', 'Smith', 'Acme'), person('Anna', 'Smith', 'Acme'), ledger);
    const typo = nameEvidence(person('Anna', 'Smyth', 'Acme'), person('Anna', 'Smith', 'Acme'), ledger);
    expect(typo.lastName.level).toBe('typo');
    expect(typo.lastName.weight).toBeLessThan(exact.lastName.weight);
  });

  it('reads names swapped, whole or with the other name replaced', () => {
    const whole = nameEvidence(person('Przybylowicz', 'Anna', 'Acme'), person('Anna', 'Przybylowicz', 'Acme'), ledger);
    expect(whole).toMatchObject({ swapped: true, firstName: { level: 'agree' }, lastName: { level: 'agree' } });
    expect(decide(person('Przybylowicz', 'Anna', 'Acme'), person('Anna', 'Przybylowicz', 'Acme')).action).toBe('merge');
    // The surname moved into the first-name field and the first name replaced: one rare name and the company agree.
    const half = decide(person('Przybylowicz', 'Zofia', 'Acme'), person('Anna', 'Przybylowicz', 'Acme'));
    expect(half).toMatchObject({ action: 'suggest', evidence: { names: { swapped: true } } });
  });

  it('without a frequency table every value reads at the prior share: identical fields merge, one other value suggests', () => {
    const bare = { ...options, frequencies: undefined };
    const jan = person('Jan', 'Kowalski', 'Acme Sp. z o.o.');
    expect(decideMatch(person('Jan', 'Kowalski', 'ACME'), [{ leadId: 'L1', profile: jan }], bare).action).toBe('merge');
    expect(decideMatch(person('Piotr', 'Kowalski', 'ACME'), [{ leadId: 'L1', profile: jan }], bare).action).toBe('suggest');
  });

  it('keeps no names in the evidence, only similarities, levels and weights', () => {
    const d = decide(person('Anna', 'Przybylowicz', 'Globex'), person('Anna', 'Przybylowicz', 'Acme'));
    expect(JSON.stringify(d.evidence)).not.toMatch(/anna|przybylowicz|globex|acme/i);
  });
});

describe('companySimilarity', () => {
  it('reads a word split or joined as the same company, and word order as irrelevant', () => {
    expect(companySimilarity('port macquarie', 'portmacquarie')).toBe(1);
    expect(companySimilarity('bank polski', 'polski bank')).toBe(1);
    expect(companySimilarity('acme', 'globex')).toBeLessThan(0.6);
  });
});

describe('namesConflict', () => {
  const jan = person('Jan', 'Kowalski', 'Acme');
  it('calls names on a shared phone conflicting only when both sides have them and they differ', () => {
    expect(namesConflict(jan, { firstName: 'Anna' }, 0.85)).toBe(true);
    expect(namesConflict(jan, { firstName: 'Jan', lastName: 'Kowalsky' }, 0.85)).toBe(false);
    expect(namesConflict(jan, {}, 0.85)).toBe(false);
  });
});

describe('mayAgreeOnTwo and evidenceKeys — pairs that can never be a name-company match are not weighed', () => {
  const pairs: Array<[IdentityProfile, IdentityProfile]> = [
    [person('Anna', 'Przybyłowicz', 'Acme'), person('Anna', 'Przybylowicz', 'Globex')],
    [person('Anna', 'Przybyłowicz', 'Acme'), person('Przybyłowicz', 'Anna', null)],
    [person('Anna', 'Przybyłowicz', 'Acme'), person('Piotr', 'Przybyłowicz', 'Globex')],
    [person('John', 'Smith', null), person('Anna', 'Nowak', 'Acme')],
    [person(null, 'Smith', 'Acme'), person('John', 'Smith', 'Acme')],
  ];

  it('says no only where the evidence, weighed at any counts, has fewer than two agreeing fields', () => {
    expect(pairs.map(([a, b]) => mayAgreeOnTwo(a, b))).toEqual([true, true, false, false, true]);
    for (const [a, b] of pairs) {
      for (const counts of [ledger, new Map<string, number>()]) {
        if (!mayAgreeOnTwo(a, b)) expect(agreeingFields(nameEvidence(a, b, counts))).toBeLessThan(2);
      }
    }
  });

  it('reads no counts when no candidate is weighed', () => {
    const incoming = person('Anna', 'Przybyłowicz', 'Acme');
    expect(evidenceKeys(incoming, [person('Piotr', 'Przybyłowicz', 'Globex'), person('John', 'Smith', null)])).toEqual([]);
    expect(evidenceKeys(incoming, [person('Anna', 'Przybylowicz', 'Globex')])).toContain('name:przybylowicz');
  });
});
