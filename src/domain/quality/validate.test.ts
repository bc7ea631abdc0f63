import { describe, expect, it } from 'vitest';
import type { LeadInput } from '../types.js';
import { qualityConfigSchema } from './quality.schema.js';
import { validateLead } from './validate.js';

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const timing = { submittedAt: T0 + 30_000, renderedAt: T0 };
const lead = (over: Partial<LeadInput>): LeadInput => ({ custom: {}, ...over });
const run = (input: LeadInput, configInput: Record<string, unknown> = {}) =>
  validateLead(input, { config: qualityConfigSchema.parse(configInput), timing, sourceCountry: 'PL' });

describe('validateLead', () => {
  it('accepts a clean B2B lead', () => {
    const result = run(lead({ email: 'jan@acme.pl', name: 'jan KOWALSKI' }));
    expect(result).toMatchObject({ decision: 'accept', flags: [], blocksSync: false });
    expect(result.missingData.outcome).toBe('complete');
  });

  it('SPEC §4: test@test.test is accepted and stored, flagged test, and kept out of every CRM', () => {
    const result = run(lead({ email: 'test@test.test', name: 'Test Test' }));
    expect(result.decision).toBe('accept');
    expect(result.flags).toContain('test');
    expect(result.blocksSync).toBe(true);
    expect(result.spam.signals.map((s) => s.code)).toEqual(['reserved-tld', 'test-name', 'test-name']);
  });

  it('flags spam (honeypot) and blocks sync', () => {
    const result = run(lead({ email: 'jan@acme.pl', custom: { website_url: 'x' } }));
    expect(result).toMatchObject({ decision: 'accept', blocksSync: true });
    expect(result.flags).toEqual(['spam']);
  });

  it('keeps a lead without its minimum as incomplete by default', () => {
    const result = run(lead({ phone: '888 784 878', firstName: 'Jan' }));
    expect(result.decision).toBe('incomplete');
    expect(result.flags).toEqual(['incomplete']);
    expect(result.missingData.missingRequired).toEqual(['email']);
  });

  it('rejects under require-minimum, naming the missing fields for the 422', () => {
    const result = run(lead({ firstName: 'Jan' }), { missingData: { mode: 'b2c', strategy: 'require-minimum' } });
    expect(result.decision).toBe('reject');
    expect(result.missingData.missingRequired).toEqual(['phone']);
  });

  it('an invalid email does not satisfy B2B; it stays visible as email-invalid', () => {
    const result = run(lead({ email: 'jan(at)acme.pl' }), { missingData: { strategy: 'create-with-available' } });
    expect(result.decision).toBe('accept');
    expect(result.missingData.outcome).toBe('create');
    expect(result.flags).toEqual(['email-invalid']);
    expect(result.normalized.email?.raw).toBe('jan(at)acme.pl');
  });

  it('catches a test domain even in an email that failed syntax', () => {
    expect(run(lead({ email: 'foo bar@example.com' })).spam.verdict).toBe('test');
  });
});
