import { describe, expect, it } from 'vitest';
import { decideMatch, type MatchCandidate } from './match.js';
import { fieldAgreement, partialMatch } from './partial-match.js';
import type { IdentityProfile } from './profile.js';
import { qualityConfigSchema } from './quality.schema.js';

const options = { ...qualityConfigSchema.parse({}).dedup, emailKeys: { gmailFolding: true, plusTagFoldingDomains: [] } };
const jan: IdentityProfile = { firstName: 'Jan', lastName: 'Kowalski', company: 'Acme Sp. z o.o.' };
const existing = (profile: IdentityProfile): MatchCandidate[] => [{ leadId: 'L1', profile }];
const decide = (incoming: IdentityProfile, held: IdentityProfile = jan) => decideMatch(incoming, existing(held), options);

describe('fieldAgreement', () => {
  it('gives null for a field missing on either side and folds case, diacritics and legal forms', () => {
    expect(fieldAgreement({ firstName: 'JÁN', lastName: 'Kowalski' }, jan)).toEqual({ firstName: 1, lastName: 1, company: null, swapped: false });
    expect(fieldAgreement({ firstName: 'Jan', company: 'ACME S.A.' }, jan)).toMatchObject({ lastName: null, company: 1 });
  });

  it('reads swapped first and last names the right way round', () => {
    expect(fieldAgreement({ firstName: 'Kowalski', lastName: 'Jan' }, jan)).toMatchObject({ firstName: 1, lastName: 1, swapped: true });
  });
});

describe('partialMatch — two strong fields, the third missing or another value', () => {
  it('a missing third field: first+last, last+company, first+company', () => {
    expect(partialMatch({ firstName: 'Jan', lastName: 'Kowalsky' }, jan)?.reason).toBe('field-missing');
    expect(partialMatch({ firstName: 'Jan', company: 'Acme' }, jan)?.reason).toBe('field-missing');
    expect(partialMatch({ firstName: 'Jan', lastName: 'Kowalski', company: 'Acme' }, { firstName: 'Jan', lastName: 'Kowalski' })?.reason).toBe('field-missing');
  });

  it('another first name with the same last name and company (nickname, relative, colleague)', () => {
    expect(partialMatch({ firstName: 'Piotr', lastName: 'Kowalski', company: 'ACME' }, jan)?.reason).toBe('first-name-differs');
  });

  it('another last name with the same first name and company (a married name)', () => {
    expect(partialMatch({ firstName: 'Anna', lastName: 'Nowak', company: 'Acme' }, { firstName: 'Anna', lastName: 'Zielińska', company: 'Acme' })?.reason).toBe('last-name-differs');
  });

  it('ranks below the suggest threshold of the full score and never reaches auto-merge', () => {
    const p = partialMatch({ firstName: 'Jan', lastName: 'Kowalski' }, jan);
    expect(p?.confidence).toBeLessThanOrEqual(options.suggestThreshold);
    expect(p?.confidence).toBeLessThan(options.autoMergeThreshold);
  });

  it('is nothing with one field alike, with typos beyond "strong", or with all three alike', () => {
    expect(partialMatch({ firstName: 'Anna', lastName: 'Nowak', company: 'Acme' }, jan)).toBeNull();
    expect(partialMatch({ lastName: 'Kowalski' }, jan)).toBeNull();
    expect(partialMatch({ firstName: 'Jan', lastName: 'Kowalczyk' }, jan)).toBeNull();
    expect(partialMatch(jan, jan)).toBeNull();
  });

  it('the same name at another company is a namesake, not a suggestion', () => {
    expect(partialMatch({ firstName: 'Jan', lastName: 'Kowalski', company: 'Globex' }, jan)).toBeNull();
  });

  it('another first name needs last name and company near-exact, not merely similar', () => {
    expect(partialMatch({ firstName: 'Piotr', lastName: 'Kowalsky', company: 'Acmex Group' }, jan)).toBeNull();
  });
});

describe('decideMatch — partial evidence only ever suggests', () => {
  it('must suggest: the same person with the company left out of a form', () => {
    const d = decide({ firstName: 'Jan', lastName: 'Kowalski' });
    expect(d).toMatchObject({ action: 'suggest', leadId: 'L1', rule: 'name-company', evidence: { downgradedBecause: 'field-missing' } });
    expect(d.evidence?.fields).toEqual({ firstName: 1, lastName: 1, company: null, swapped: false });
  });

  it('must suggest, never merge: two colleagues with the same surname at one company', () => {
    const d = decide({ firstName: 'Piotr', lastName: 'Kowalski', company: 'Acme' });
    expect(d).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'first-name-differs' } });
  });

  it('must suggest: swapped names with the company missing', () => {
    const d = decide({ firstName: 'Kowalski', lastName: 'Jan' });
    expect(d).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'field-missing', fields: { swapped: true } } });
  });

  it('must stay separate: the same name at another company, even when the companies look a little alike', () => {
    expect(decide({ firstName: 'Jan', lastName: 'Kowalski', company: 'Globex' }).action).toBe('new');
    // Weighted score 0.91 ≥ suggest threshold, but the company is another value (0.70 similar).
    expect(decide({ firstName: 'Jan', lastName: 'Kowalski', company: 'Apex' }).action).toBe('new');
  });

  it('must stay separate: only the company or only the surname in common', () => {
    expect(decide({ firstName: 'Ewa', lastName: 'Nowak', company: 'Acme' }).action).toBe('new');
    expect(decide({ firstName: 'Ewa', lastName: 'Kowalski', company: 'Globex' }).action).toBe('new');
    expect(decide({ lastName: 'Kowalski' }).action).toBe('new');
  });

  it('must still merge: a surname typo and another legal form; several typos stay a full-score suggestion', () => {
    expect(decide({ firstName: 'Jan', lastName: 'Kowalsky', company: 'ACME S.A.' }).action).toBe('merge');
    const typos = decide({ firstName: 'Jan', lastName: 'Kowalsky', company: 'Acma' });
    expect(typos).toMatchObject({ action: 'suggest', evidence: { scores: { complete: true } } });
    expect(typos.evidence?.downgradedBecause).toBeUndefined();
  });

  it('a full match outranks a partial one among several candidates', () => {
    const d = decideMatch({ firstName: 'Jan', lastName: 'Kowalski', company: 'Acme' }, [
      { leadId: 'COLLEAGUE', profile: { firstName: 'Piotr', lastName: 'Kowalski', company: 'Acme' } },
      { leadId: 'SAME', profile: jan },
    ], options);
    expect(d).toMatchObject({ action: 'merge', leadId: 'SAME' });
    expect(d.suggestions.map((s) => [s.leadId, s.downgradedBecause])).toEqual([['COLLEAGUE', 'first-name-differs']]);
  });
});
