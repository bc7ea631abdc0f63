import { describe, expect, it } from 'vitest';
import type { LeadInput } from '../types.js';
import { normalizeLead } from './normalize.js';
import { qualityConfigSchema } from './quality.schema.js';

const config = qualityConfigSchema.parse({});
const lead = (over: Partial<LeadInput>): LeadInput => ({ custom: {}, ...over });

describe('normalizeLead', () => {
  it('applies the SPEC §4 examples together', () => {
    const result = normalizeLead(lead({ name: 'jan KOWALSKI', phone: '+48 888-78-48-78', email: ' Jan@Acme.PL ', company: 'ACME SP. Z O.O.' }), { config });
    expect(result.fields).toEqual({
      email: 'jan@acme.pl',
      phone: '+48888784878',
      firstName: 'Jan',
      lastName: 'Kowalski',
      company: 'Acme Sp. z o.o.',
      companyKey: 'acme',
      jobTitle: null,
      country: 'PL',
    });
    expect(result.flags).toEqual([]);
    expect(result.phone?.type).toBe('mobile');
  });

  it('keeps an invalid email and phone raw and flagged, with null stored values', () => {
    const result = normalizeLead(lead({ email: 'jan@', phone: '12345' }), { config, sourceCountry: 'PL' });
    expect(result.fields.email).toBeNull();
    expect(result.fields.phone).toBeNull();
    expect(result.email).toMatchObject({ raw: 'jan@', valid: false, problem: 'domain-empty' });
    expect(result.phone).toMatchObject({ raw: '12345', valid: false, problem: 'invalid' });
    expect(result.flags).toEqual(['email-invalid', 'phone-invalid']);
  });

  it('flags a national phone nobody can place, and places it from the source, the lead or the workspace', () => {
    expect(normalizeLead(lead({ phone: '888 784 878' }), { config }).flags).toEqual(['phone-no-country']);
    expect(normalizeLead(lead({ phone: '888 784 878' }), { config, sourceCountry: 'PL' }).fields.phone).toBe('+48888784878');
    expect(normalizeLead(lead({ phone: '888 784 878', timezone: 'Europe/Warsaw' }), { config }).fields.phone).toBe('+48888784878');
    const workspacePl = qualityConfigSchema.parse({ phone: { defaultCountry: 'PL' } });
    expect(normalizeLead(lead({ phone: '888 784 878' }), { config: workspacePl }).fields.phone).toBe('+48888784878');
  });

  it('records disposable, role and free-mail flags', () => {
    expect(normalizeLead(lead({ email: 'info@mailinator.com' }), { config }).flags).toEqual(['email-disposable', 'email-role']);
    expect(normalizeLead(lead({ email: 'jan@gmail.com' }), { config }).flags).toEqual(['email-free']);
  });

  it('treats blank values as absent and collapses whitespace in free text', () => {
    const result = normalizeLead(lead({ email: '  ', phone: '', jobTitle: '  Head   of  Sales ', country: 'Polska' }), { config });
    expect(result.email).toBeNull();
    expect(result.phone).toBeNull();
    expect(result.fields).toMatchObject({ jobTitle: 'Head of Sales', country: 'PL' });
    expect(result.flags).toEqual([]);
  });

  it('keeps the local part case when the policy says so', () => {
    const keepCase = qualityConfigSchema.parse({ email: { lowercaseLocalPart: false } });
    expect(normalizeLead(lead({ email: 'Jan.K@ACME.pl' }), { config: keepCase }).fields.email).toBe('Jan.K@acme.pl');
  });
});
