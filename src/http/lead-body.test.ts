import { describe, expect, it } from 'vitest';
import { parseLeadBody, splitName } from './lead-body.js';

const limits = { customMaxKeys: 3, customMaxValueChars: 20 };

describe('parseLeadBody', () => {
  it('trims, drops empty form fields, folds flat utm_* and unknown fields into their places', () => {
    const result = parseLeadBody(
      { email: '  ada@example.com ', phone: '', utm_source: 'g', utm: { source: 'ignored', campaign: 'spring' }, plan: 'pro', custom: { plan: 'enterprise' }, formToken: 't' },
      limits,
    );
    expect(result).toEqual({ ok: true, input: { email: 'ada@example.com', utm: { source: 'g', campaign: 'spring' }, custom: { plan: 'enterprise' } } });
  });

  it('splits a full name only when first and last are absent', () => {
    expect(parseLeadBody({ phone: '+48600100200', name: 'Anna Maria Kowalska' }, limits)).toMatchObject({ ok: true, input: { firstName: 'Anna Maria', lastName: 'Kowalska' } });
    expect(parseLeadBody({ phone: '1', name: 'Anna Kowalska', firstName: 'Ania' }, limits)).toMatchObject({ ok: true, input: { firstName: 'Ania' } });
    expect(splitName('Madonna')).toEqual({ firstName: 'Madonna' });
    expect(splitName('   ')).toEqual({});
  });

  it('accepts numbers where clients send them (phone, budget) and coerces checkbox words', () => {
    const result = parseLeadBody({ phone: 48600100200, budget: 5000, consent: { marketing: 'on', contact: 'no' } }, limits);
    expect(result).toEqual({ ok: true, input: { phone: '48600100200', budget: '5000', consent: { marketing: true, contact: false }, custom: {} } });
  });

  it('reports every problem with its path', () => {
    const result = parseLeadBody({ email: 'nope', company: ['a'], budget: {}, utm: 'x', consent: { contact: 'perhaps' }, a: 1, b: 2, c: 3, d: 4 }, limits);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(['budget', 'company', 'consent.contact', 'custom', 'email', 'utm']);
  });

  it('strips control characters', () => {
    expect(parseLeadBody({ email: 'a@b.co', message: 'hi\u0000 there\u0007' }, limits)).toMatchObject({ ok: true, input: { message: 'hi there' } });
  });
});
