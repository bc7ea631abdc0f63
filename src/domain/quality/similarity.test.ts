import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, tokenSimilarity } from './similarity.js';

describe('Jaro and Jaro-Winkler', () => {
  it.each([
    // The textbook values (Winkler 1990; Wikipedia's worked examples).
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
  ])('%s / %s → jaro %f, jaro-winkler %f', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side, and symmetric', () => {
    expect(jaroWinkler('kowalski', 'kowalski')).toBe(1);
    expect(jaro('abc', 'xyz')).toBe(0);
    expect(jaro('', 'abc')).toBe(0);
    expect(jaroWinkler('nowak', 'nowakowska')).toBeCloseTo(jaroWinkler('nowakowska', 'nowak'), 10);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(jaro('𝒜b', '𝒜b')).toBe(1);
    expect(jaro('𝒜bc', '𝒜bd')).toBeCloseTo(jaro('abc', 'abd'), 10);
  });
});

describe('tokenSimilarity', () => {
  it('ignores word order and charges a typo only to its word', () => {
    expect(tokenSimilarity('bank polski', 'polski bank')).toBe(1);
    expect(tokenSimilarity('acme software house', 'acme sotfware house')).toBeGreaterThan(0.95);
  });

  it('lowers the score a little for unpaired extra words', () => {
    const s = tokenSimilarity('acme', 'acme polska');
    expect(s).toBeLessThan(1);
    expect(s).toBeGreaterThan(0.9);
  });

  it('is 0 for an empty side', () => {
    expect(tokenSimilarity('', 'acme')).toBe(0);
  });
});
