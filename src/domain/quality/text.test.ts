import { describe, expect, it } from 'vitest';
import { capitalizeFirst, collapseWhitespace, foldDiacritics, isAllLower, isAllUpper, toAsciiDigits } from './text.js';

describe('text helpers', () => {
  it('collapses every kind of whitespace, including zero-width and NBSP', () => {
    expect(collapseWhitespace('  Jan\u00A0\u200B\t Kowalski \n')).toBe('Jan Kowalski');
  });

  it('folds diacritics for matching, including letters NFD does not decompose', () => {
    expect(foldDiacritics('Łódź Żółć')).toBe('Lodz Zolc');
    expect(foldDiacritics('Müller Straße Ørsted')).toBe('Muller Strasse Orsted');
  });

  it('maps digits of any script to ASCII', () => {
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789'); // Arabic-Indic
    expect(toAsciiDigits('᠑᠒᠓')).toBe('123'); // Mongolian, which NFKC leaves alone
    expect(toAsciiDigits('a1-２')).toBe('a1-2'); // full-width digits are Nd too
  });

  it('capitalizes the first code point only', () => {
    expect(capitalizeFirst('żaneta')).toBe('Żaneta');
    expect(capitalizeFirst('')).toBe('');
  });

  it('detects single-case text and needs a letter', () => {
    expect(isAllUpper('KOWALSKI-NOWAK')).toBe(true);
    expect(isAllUpper('Kowalski')).toBe(false);
    expect(isAllLower('jan')).toBe(true);
    expect(isAllLower('123')).toBe(false);
    expect(isAllUpper('123')).toBe(false);
  });
});
