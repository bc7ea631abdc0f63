import { describe, expect, it } from 'vitest';
import { frequencyKeys, namedPeople, NO_FREQUENCIES, shareOf } from './name-frequencies.js';

describe('frequencyKeys — what one person adds to the table', () => {
  it('counts each folded name once in one pool for both fields, the company by its matching key, and the totals', () => {
    expect(frequencyKeys({ firstName: 'Łukasz', lastName: 'GĘBALA', company: 'Żabka Polska Sp. z o.o.' })).toEqual([
      'name:*',
      'name:lukasz',
      'name:gebala',
      'company:*',
      'company:zabka polska',
    ]);
    expect(frequencyKeys({ firstName: 'Anna', lastName: 'Anna' })).toEqual(['name:*', 'name:anna']);
    expect(frequencyKeys({ email: 'a@b.pl' })).toEqual([]);
  });
});

describe('shareOf — the chance that someone else carries the value', () => {
  // 10,000 people counted the way the store counts them.
  const table = new Map<string, number>();
  const add = (times: number, profile: { firstName?: string; lastName?: string; company?: string }) => {
    for (const k of frequencyKeys(profile)) table.set(k, (table.get(k) ?? 0) + times);
  };
  add(200, { firstName: 'John', lastName: 'Smith' });
  add(1, { firstName: 'Anna', lastName: 'Przybyłowicz' });
  add(9_799, { firstName: 'Ewa', company: 'Acme' });

  it('is near the counted share for a ledger of this size', () => {
    expect(namedPeople(table)).toBe(10_000);
    expect(shareOf(table, 'name', ['smith'])).toBeCloseTo(0.02, 3);
    expect(shareOf(table, 'name', ['przybylowicz'])).toBeCloseTo(1 / 10_000, 4);
  });

  it('takes the commoner of two spellings, since the typo is rarely the real value', () => {
    expect(shareOf(table, 'name', ['smith', 'smiht'])).toBe(shareOf(table, 'name', ['smith']));
  });

  it('never reads a value the candidate holds as unseen, nor one person as the whole of a young ledger', () => {
    expect(shareOf(NO_FREQUENCIES, 'name', ['kowalski'])).toBeCloseTo(1.1 / 100, 6);
    const one = new Map([['name:*', 1], ['name:jan', 1]]);
    expect(shareOf(one, 'name', ['jan'])).toBeLessThan(0.02);
  });
});
