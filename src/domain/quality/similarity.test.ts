import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, memoizedPairs, tokenSimilarity } from './similarity.js';

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

  it('scores text with and without surrogate pairs alike (two code paths, one algorithm)', () => {
    // Each letter mapped to a mathematical letter outside the BMP: the same equalities, other units.
    const astral = (text: string) => Array.from(text, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)).join('');
    const words = ['martha', 'marhta', 'dwayne', 'duane', 'dixon', 'dicksonx', 'anna', 'ana', 'jan', 'janina', 'kowalski', 'kowalsky', 'a', 'ab', 'ba'];
    for (const x of words) {
      for (const y of words) {
        expect(jaro(astral(x), astral(y))).toBe(jaro(x, y));
        expect(jaroWinkler(astral(x), astral(y))).toBe(jaroWinkler(x, y));
      }
    }
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

describe('memoizedPairs', () => {
  it('scores a pair once, keeps the order of the pair, and starts over past its limit', () => {
    const scored: string[] = [];
    const score = memoizedPairs((x, y) => (scored.push(`${x}/${y}`), jaroWinkler(x, y)), 2);
    expect(score('anna', 'ana')).toBe(jaroWinkler('anna', 'ana'));
    expect(score('anna', 'ana')).toBe(jaroWinkler('anna', 'ana'));
    score('ana', 'anna');
    expect(scored).toEqual(['anna/ana', 'ana/anna']);
    score('jan', 'jon');
    score('anna', 'ana');
    expect(scored).toEqual(['anna/ana', 'ana/anna', 'jan/jon', 'anna/ana']);
  });
});
