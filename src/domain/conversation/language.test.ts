import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('recognises Polish, also without diacritics', () => {
    expect(detectLanguage(['Dzień dobry, ile kosztuje wdrożenie dla naszej firmy?'], 'en').language).toBe('pl');
    expect(detectLanguage(['czesc, chcialbym zapytac o cennik'], 'en')).toMatchObject({ language: 'pl', confident: true });
  });

  it('recognises English', () => {
    expect(detectLanguage(['Hi, what is the price for the Enterprise plan?'], 'pl')).toMatchObject({ language: 'en', confident: true });
  });

  it('falls back to the default when there is too little text', () => {
    expect(detectLanguage(['ok'], 'pl')).toMatchObject({ language: 'pl', confident: false });
    expect(detectLanguage([], 'en').language).toBe('en');
  });
});
