import { describe, expect, it } from 'vitest';
import { askedSlots } from './slots.js';

describe('askedSlots', () => {
  it('reads what a bot asks for, in both languages', () => {
    expect(askedSlots("What's your email address?")).toEqual(['email']);
    expect(askedSlots('Jak się Pan nazywa?')).toEqual(['firstName']);
    expect(askedSlots('Jaki budżet planujecie przeznaczyć na wdrożenie?')).toEqual(['budget']);
    expect(askedSlots('Kiedy chcielibyście wystartować?')).toEqual(['timeline']);
    expect(askedSlots('Please share your company name')).toEqual(['company']);
  });

  it('ignores statements that only mention a field', () => {
    expect(askedSlots('Thanks, we will email you the offer.')).toEqual([]);
  });
});
