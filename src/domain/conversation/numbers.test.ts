import { describe, expect, it } from 'vitest';
import { findQuantities, maskSpans } from './numbers.js';
import { fold } from './text.js';

const values = (text: string) => findQuantities(fold(text)).map((q) => q.value);

describe('findQuantities', () => {
  it('reads digits with any thousands separator and decimals', () => {
    expect(values('40 000 – 80 000 zł')).toEqual([40_000, 80_000]);
    expect(values('$40,000 or 40.000 or 1,5 or 2.5')).toEqual([40_000, 40_000, 1.5, 2.5]);
  });

  it('applies magnitudes written as abbreviations and words', () => {
    expect(values('40-80k PLN')).toEqual([40, 80_000]);
    expect(values('około 100 tys. zł')).toEqual([100_000]);
    expect(values('1.5 mln, 2 miliony, $50k')).toEqual([1_500_000, 2_000_000, 50_000]);
  });

  it('reads number words in both languages', () => {
    expect(values('half a million')).toEqual([500_000]);
    expect(values('pół miliona złotych')).toEqual([500_000]);
    expect(values('sto tysięcy')).toEqual([100_000]);
    expect(values('two hundred fifty thousand dollars')).toEqual([250_000]);
    expect(values('within two weeks')).toEqual([2]);
    expect(values('w ciągu dwóch tygodni')).toEqual([2]);
    expect(values('za kilka tygodni')).toEqual([3]);
  });

  it('does not read a lone article or magnitude letter as a number', () => {
    expect(values('a demo and k')).toEqual([]);
    expect(findQuantities(fold('50k')).map((q) => q.scaled)).toEqual([true]);
  });
});

describe('maskSpans', () => {
  it('blanks spans keeping the length', () => {
    expect(maskSpans('call 600 100 200 now', [{ index: 5, end: 16 }])).toBe(`call ${' '.repeat(11)} now`);
  });
});
