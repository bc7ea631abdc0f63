import { describe, expect, it } from 'vitest';
import { normalizeFullName, normalizeNamePart, resolvePersonName, splitFullName } from './names.js';

describe('normalizeNamePart', () => {
  it.each([
    ['KOWALSKI', 'Kowalski'],
    ['kowalski', 'Kowalski'],
    ['  jan  ', 'Jan'],
    ['nowak-kowalska', 'Nowak-Kowalska'],
    ['NOWAK - KOWALSKA', 'Nowak-Kowalska'],
    ["o'brien", "O'Brien"],
    ['O’BRIEN', 'O’Brien'],
    ['mcdonald', 'McDonald'],
    ['ŻÓŁKIEWSKA', 'Żółkiewska'],
    ['łukasz', 'Łukasz'],
    ['van der berg', 'van der Berg'],
    ['Dr. Kowalski', 'Kowalski'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeNamePart(raw)).toBe(expected);
  });

  it('keeps a mixed-case token as the person typed it', () => {
    expect(normalizeNamePart('McDonald')).toBe('McDonald');
    expect(normalizeNamePart('DeVito')).toBe('DeVito');
    expect(normalizeNamePart('MacKenzie')).toBe('MacKenzie');
  });

  it('does not invent a Mac prefix (Mack, Machado are names of their own)', () => {
    expect(normalizeNamePart('MACHADO')).toBe('Machado');
  });

  it('keeps diacritics and composes decomposed input (NFC)', () => {
    expect(normalizeNamePart('ge\u0328bala')).toBe('Gębala');
    expect(normalizeNamePart('MÜLLER')).toBe('Müller');
  });

  it('returns null for empty input and keeps a lone title-like word', () => {
    expect(normalizeNamePart('   ')).toBeNull();
    expect(normalizeNamePart('pan')).toBe('Pan');
  });
});

describe('splitFullName', () => {
  it.each([
    ['jan KOWALSKI', 'Jan', 'Kowalski'],
    ['anna nowak-kowalska', 'Anna', 'Nowak-Kowalska'],
    ['ludwig VAN DER berg', 'Ludwig', 'van der Berg'],
    ['JUAN DE LA CRUZ', 'Juan', 'de la Cruz'],
    ["SEAN O'BRIEN", 'Sean', "O'Brien"],
    ['ronald mcdonald', 'Ronald', 'McDonald'],
    ['Dr. Jan Kowalski', 'Jan', 'Kowalski'],
    ['Pan Jan Kowalski', 'Jan', 'Kowalski'],
    ['Prof. dr hab. inż. Anna Nowak', 'Anna', 'Nowak'],
    ['Jan Kowalski PhD', 'Jan', 'Kowalski'],
    ['ZOFIA ŻÓŁKIEWSKA', 'Zofia', 'Żółkiewska'],
    ['Anna Maria Nowak', 'Anna Maria', 'Nowak'],
    ['MARIE-CLAIRE DUPONT', 'Marie-Claire', 'Dupont'],
    ['Kowalski, Jan', 'Jan', 'Kowalski'],
  ])('%j → %j / %j', (raw, firstName, lastName) => {
    expect(splitFullName(raw)).toEqual({ firstName, lastName });
  });

  it('reads one token as a first name', () => {
    expect(splitFullName('JAN')).toEqual({ firstName: 'Jan', lastName: null });
  });

  it('returns nulls for empty input', () => {
    expect(splitFullName(' ')).toEqual({ firstName: null, lastName: null });
  });
});

describe('normalizeFullName', () => {
  it('is the SPEC §4 example: jan KOWALSKI → Jan Kowalski', () => {
    expect(normalizeFullName('jan KOWALSKI')).toBe('Jan Kowalski');
  });

  it('is null when nothing is left', () => {
    expect(normalizeFullName('')).toBeNull();
  });
});

describe('resolvePersonName', () => {
  it('prefers explicit parts and fills only the missing ones from the full name', () => {
    expect(resolvePersonName({ firstName: 'JAN', name: 'Janek Kowalski' })).toEqual({ firstName: 'Jan', lastName: 'Kowalski' });
    expect(resolvePersonName({ firstName: 'jan', lastName: 'KOWALSKI', name: 'X Y' })).toEqual({ firstName: 'Jan', lastName: 'Kowalski' });
  });

  it('splits the full name when no parts are given', () => {
    expect(resolvePersonName({ name: 'anna nowak-kowalska' })).toEqual({ firstName: 'Anna', lastName: 'Nowak-Kowalska' });
  });

  it('gives nulls without any name', () => {
    expect(resolvePersonName({})).toEqual({ firstName: null, lastName: null });
  });
});
