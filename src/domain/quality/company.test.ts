import { describe, expect, it } from 'vitest';
import { companyKey, normalizeCompany } from './company.js';
import { splitLegalForm } from './legal-forms.js';

describe('normalizeCompany', () => {
  it.each([
    ['acme sp. z o.o.', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['ACME SP. Z O.O.', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['Acme sp.z o.o.', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['Acme Sp. z o. o.', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['Acme spółka z o.o.', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['Acme spółka z ograniczoną odpowiedzialnością', 'Acme Sp. z o.o.', 'Sp. z o.o.'],
    ['Acme sp. z o.o. sp. k.', 'Acme Sp. z o.o. Sp.k.', 'Sp. z o.o. Sp.k.'],
    ['Acme s.c.', 'Acme s.c.', 's.c.'],
    ['acme sa', 'Acme S.A.', 'S.A.'],
    ['Acme S.A', 'Acme S.A.', 'S.A.'],
    ['Acme Spółka Akcyjna', 'Acme S.A.', 'S.A.'],
    ['ACME GMBH', 'Acme GmbH', 'GmbH'],
    ['Acme GmbH & Co. KG', 'Acme GmbH & Co. KG', 'GmbH & Co. KG'],
    ['acme inc', 'Acme Inc.', 'Inc.'],
    ['ACME, Inc.', 'Acme Inc.', 'Inc.'],
    ['Acme Limited', 'Acme Ltd', 'Ltd'],
    ['Acme Ltd.', 'Acme Ltd', 'Ltd'],
    ['Acme Pty. Ltd.', 'Acme Pty Ltd', 'Pty Ltd'],
  ])('%j → %j (%s)', (raw, name, legalForm) => {
    expect(normalizeCompany(raw)).toMatchObject({ name, legalForm, key: 'acme' });
  });

  it('collapses whitespace and keeps diacritics in the stored name', () => {
    expect(normalizeCompany('  żabka   polska  sp. z o.o. ')).toMatchObject({ name: 'Żabka Polska Sp. z o.o.', key: 'zabka polska' });
  });

  it('keeps short all-caps words of an all-caps name as acronyms', () => {
    expect(normalizeCompany('PKO BANK POLSKI SA')?.name).toBe('PKO Bank Polski S.A.');
  });

  it('keeps a mixed-case name as typed', () => {
    expect(normalizeCompany('mBank S.A.')?.name).toBe('mBank S.A.');
    expect(normalizeCompany('The Coca-Cola Company')).toMatchObject({ name: 'The Coca-Cola Company', legalForm: null });
  });

  it('needs a separator before a legal form: NASA is not NA + S.A., and a bare form is a name', () => {
    expect(normalizeCompany('NASA')?.legalForm).toBeNull();
    expect(normalizeCompany('Sp. z o.o.')?.legalForm).toBeNull();
  });

  it('returns null for an empty name', () => {
    expect(normalizeCompany('   ')).toBeNull();
  });
});

describe('companyKey', () => {
  it('drops legal form, punctuation and diacritics and spells & as and', () => {
    expect(companyKey('Łódzkie Zakłady "Włókno" S.A.')).toBe('lodzkie zaklady wlokno');
    expect(companyKey('Smith & Sons Ltd')).toBe(companyKey('SMITH AND SONS LIMITED'));
    expect(companyKey("O'Neill Inc.")).toBe('oneill');
  });
});

describe('splitLegalForm', () => {
  it('prefers the compound form over its tail', () => {
    expect(splitLegalForm('Acme GmbH & Co. KG')).toEqual({ base: 'Acme', legalForm: 'GmbH & Co. KG' });
    expect(splitLegalForm('Acme KG')).toEqual({ base: 'Acme', legalForm: 'KG' });
  });
});
