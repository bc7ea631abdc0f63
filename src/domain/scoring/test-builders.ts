import type { LeadInput } from '../types.js';
import type { FactsLead } from './lead-facts.js';

/** Test builder: a lead as the score/route/follow-up stages see it, overridable per test. */
export function aLead(input: Partial<LeadInput> = {}, rest: Partial<Omit<FactsLead, 'input'>> = {}): FactsLead {
  return {
    sourceId: 'website',
    input: { custom: {}, ...input },
    data: {},
    flags: [],
    ...rest,
  };
}

export const NOW = Date.UTC(2026, 10, 23, 9, 0, 0); // Monday 23 Nov 2026, 10:00 in Warsaw
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
