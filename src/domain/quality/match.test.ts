import { describe, expect, it } from 'vitest';
import { decideMatch, type MatchCandidate } from './match.js';
import type { IdentityProfile } from './profile.js';
import { qualityConfigSchema } from './quality.schema.js';

const options = { ...qualityConfigSchema.parse({}).dedup, emailKeys: { gmailFolding: true, plusTagFoldingDomains: [] } };
const jan: IdentityProfile = { email: 'jan.kowalski@acme.pl', phone: '+48888784878', firstName: 'Jan', lastName: 'Kowalski', company: 'Acme Sp. z o.o.' };
const existing = (leadId: string, profile: IdentityProfile): MatchCandidate => ({ leadId, profile });

describe('decideMatch — SPEC §5 order: email, phone, name + company', () => {
  it('an exact email merges automatically, whatever else differs', () => {
    const d = decideMatch({ email: 'jan.kowalski@acme.pl', firstName: 'Janek', phone: '+48500000000' }, [existing('L1', jan)], options);
    expect(d).toMatchObject({ action: 'merge', leadId: 'L1', rule: 'email', confidence: 1, suggestions: [] });
    expect(d.evidence?.sharedKeys).toEqual(['email:jan.kowalski@acme.pl']);
  });

  it('matches a secondary email and a Gmail-folded spelling', () => {
    const gmail = existing('L2', { email: 'jankowalski@gmail.com', lastName: 'Kowalski' });
    expect(decideMatch({ email: 'Jan.Kowalski+form@googlemail.com' }, [gmail], options)).toMatchObject({ action: 'merge', leadId: 'L2' });
    const secondary = existing('L3', { email: 'jan@acme.pl', secondaryEmails: ['jan@home.pl'] });
    expect(decideMatch({ email: 'jan@home.pl' }, [secondary], options)).toMatchObject({ action: 'merge', leadId: 'L3', rule: 'email' });
  });

  it('a channel id merges automatically', () => {
    const d = decideMatch({ channelIds: ['whatsapp:48888784878'] }, [existing('L1', { channelIds: ['whatsapp:+48 888 784 878'] })], options);
    expect(d).toMatchObject({ action: 'merge', rule: 'channel' });
  });

  it('a shared phone merges when the names agree or are missing', () => {
    expect(decideMatch({ phone: '+48888784878', firstName: 'Jan', lastName: 'Kowalski' }, [existing('L1', jan)], options)).toMatchObject({ action: 'merge', rule: 'phone' });
    expect(decideMatch({ phone: '+48888784878' }, [existing('L1', jan)], options)).toMatchObject({ action: 'merge', rule: 'phone' });
  });

  it('a shared phone with conflicting names (a household landline) is only a suggestion', () => {
    const d = decideMatch({ phone: '+48888784878', firstName: 'Anna', lastName: 'Kowalska' }, [existing('L1', jan)], options);
    expect(d).toMatchObject({ action: 'suggest', leadId: 'L1', rule: 'phone' });
    expect(d.evidence?.downgradedBecause).toBe('names-conflict');
  });

  it('a shared switchboard number with two different emails and no surname to confirm is only a suggestion', () => {
    const d = decideMatch({ phone: '+48888784878', email: 'biuro@acme.pl' }, [existing('L1', jan)], options);
    expect(d).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'different-emails' } });
    const confirmed = decideMatch({ phone: '+48888784878', email: 'jan@gmail.com', lastName: 'KOWALSKI' }, [existing('L1', jan)], options);
    expect(confirmed.action).toBe('merge');
  });

  it('a close name + company merges above the high threshold', () => {
    const d = decideMatch({ firstName: 'Jan', lastName: 'Kowalsky', company: 'ACME S.A.' }, [existing('L1', jan)], options);
    expect(d).toMatchObject({ action: 'merge', rule: 'name-company' });
    expect(d.confidence).toBeGreaterThanOrEqual(options.autoMergeThreshold);
  });

  it('folds diacritics and accepts swapped first and last names', () => {
    expect(decideMatch({ firstName: 'Łukasz', lastName: 'Gębala', company: 'Żabka' }, [existing('L1', { firstName: 'Lukasz', lastName: 'Gebala', company: 'Zabka Polska' })], options).action).not.toBe('new');
    const swapped = decideMatch({ firstName: 'Kowalski', lastName: 'Jan', company: 'Acme' }, [existing('L1', jan)], options);
    expect(swapped.evidence?.names?.swapped).toBe(true);
    expect(swapped.action).toBe('merge');
  });

  it('with more than one field only a typo away it suggests, never merges silently', () => {
    const d = decideMatch({ firstName: 'Janusz', lastName: 'Kowalczyk', company: 'Acme' }, [existing('L1', jan)], options);
    expect(d.confidence).toBeGreaterThanOrEqual(options.suggestThreshold);
    expect(d).toMatchObject({ action: 'suggest', leadId: 'L1', rule: 'name-company', evidence: { downgradedBecause: 'typos' } });
  });

  it('a perfect name + company match is only a suggestion without a first name or with two different emails', () => {
    const noFirst = decideMatch({ lastName: 'Kowalski', company: 'Acme' }, [existing('L1', jan)], options);
    expect(noFirst).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'field-missing' } });
    const otherEmail = decideMatch({ email: 'jk@globex.com', firstName: 'Jan', lastName: 'Kowalski', company: 'Acme' }, [existing('L1', jan)], options);
    expect(otherEmail).toMatchObject({ action: 'suggest', evidence: { downgradedBecause: 'different-emails' } });
  });

  it('a different person at the same company, or the same name elsewhere, is new', () => {
    expect(decideMatch({ firstName: 'Anna', lastName: 'Nowak', company: 'Acme' }, [existing('L1', jan)], options).action).toBe('new');
    expect(decideMatch({ firstName: 'Jan', lastName: 'Kowalski', company: 'Globex' }, [existing('L1', jan)], options).action).not.toBe('merge');
    expect(decideMatch({}, [existing('L1', jan)], options)).toEqual({ action: 'new', leadId: null, rule: null, confidence: 0, evidence: null, suggestions: [] });
  });

  it('prefers the stronger rule over candidate order and lists the other strong matches as suggestions', () => {
    const byPhone = existing('OLD', { phone: '+48888784878' });
    const byEmail = existing('NEW', { email: 'jan.kowalski@acme.pl' });
    const d = decideMatch({ email: 'jan.kowalski@acme.pl', phone: '+48888784878' }, [byPhone, byEmail], options);
    expect(d).toMatchObject({ action: 'merge', leadId: 'NEW', rule: 'email' });
    expect(d.suggestions.map((s) => [s.leadId, s.rule])).toEqual([['OLD', 'phone']]);
  });

  it('breaks ties by candidate order (oldest first)', () => {
    const d = decideMatch({ email: 'jan.kowalski@acme.pl' }, [existing('A', jan), existing('B', jan)], options);
    expect(d.leadId).toBe('A');
  });

  it('50 submissions of one person with varied formatting all match the first one, with no suggestions', () => {
    const spellings = ['Jan.Kowalski@ACME.pl', 'jan.kowalski@acme.pl', ' JAN.KOWALSKI@Acme.PL '];
    for (let i = 0; i < 50; i++) {
      const email = (spellings[i % spellings.length] ?? '').trim().toLowerCase();
      const d = decideMatch({ email, firstName: i % 2 ? 'JAN' : 'jan', lastName: 'Kowalski' }, [existing('L1', jan)], options);
      expect(d).toMatchObject({ action: 'merge', leadId: 'L1', suggestions: [] });
    }
  });
});
