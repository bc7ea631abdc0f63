import { describe, expect, it } from 'vitest';
import { normalizeEmail, type EmailOptions } from './email.js';
import { domainInList, domainInSet, domainSet, isRoleLocalPart } from './email-domains.js';

const options = (over: Partial<EmailOptions> = {}): EmailOptions => ({
  lowercaseLocalPart: true,
  extraDisposableDomains: [],
  extraFreeMailDomains: [],
  extraRoleLocalParts: [],
  ...over,
});

describe('normalizeEmail', () => {
  it('trims and lower-cases domain and (by default) local part', () => {
    expect(normalizeEmail('  Jan.Kowalski@Firma.COM \n')).toMatchObject({
      valid: true,
      address: 'jan.kowalski@firma.com',
      domain: 'firma.com',
      domainKind: 'company',
      disposable: false,
      role: false,
    });
  });

  it('keeps the local part as typed when the policy says so', () => {
    expect(normalizeEmail('Jan.Kowalski@Firma.COM', options({ lowercaseLocalPart: false })).address).toBe('Jan.Kowalski@firma.com');
  });

  it('stores an IDN domain in Unicode and offers the punycode address for ASCII-only systems', () => {
    expect(normalizeEmail('Anna@MÜNCHEN.de')).toMatchObject({ address: 'anna@münchen.de', asciiAddress: 'anna@xn--mnchen-3ya.de' });
  });

  it('records free-mail vs company domains (scoring input)', () => {
    expect(normalizeEmail('jan@gmail.com').domainKind).toBe('free');
    expect(normalizeEmail('jan@wp.pl').domainKind).toBe('free');
    expect(normalizeEmail('jan@acme.pl').domainKind).toBe('company');
    expect(normalizeEmail('jan@acme.pl', options({ extraFreeMailDomains: ['acme.pl'] })).domainKind).toBe('free');
  });

  it('flags disposable domains, their subdomains and configured extras', () => {
    expect(normalizeEmail('x@mailinator.com')).toMatchObject({ disposable: true, domainKind: 'disposable' });
    expect(normalizeEmail('x@eu.mailinator.com').disposable).toBe(true);
    expect(normalizeEmail('x@notmailinator.com').disposable).toBe(false);
    expect(normalizeEmail('x@burner.example.org', options({ extraDisposableDomains: ['burner.example.org'] })).disposable).toBe(true);
  });

  it.each(['info@acme.pl', 'sales@acme.com', 'Biuro@firma.pl', 'no-reply@acme.com', 'sales+eu@acme.com'])('flags the role address %s', (e) => {
    expect(normalizeEmail(e).role).toBe(true);
  });

  it('does not flag a personal address as a role, and honours extra role parts', () => {
    expect(normalizeEmail('information.officer@acme.pl').role).toBe(false);
    expect(normalizeEmail('jan.kowalski@acme.pl').role).toBe(false);
    expect(normalizeEmail('zarzad@acme.pl', options({ extraRoleLocalParts: ['zarzad'] })).role).toBe(true);
  });

  it('keeps an invalid address raw with its problem instead of dropping it', () => {
    expect(normalizeEmail('jan.kowalski@')).toEqual({
      raw: 'jan.kowalski@',
      valid: false,
      problem: 'domain-empty',
      address: null,
      asciiAddress: null,
      domain: null,
      domainKind: null,
      disposable: false,
      role: false,
    });
  });

  it('is syntactically fine with test@test.test — the test flag is the spam screen’s job (SPEC §4)', () => {
    expect(normalizeEmail('test@test.test')).toMatchObject({ valid: true, address: 'test@test.test' });
  });
});

describe('email domain lists', () => {
  it('matches a domain and its subdomains case-insensitively', () => {
    expect(domainInList('Mail.YOPMAIL.com', ['yopmail.com'])).toBe(true);
    expect(domainInList('yopmail.com.evil.io', ['yopmail.com'])).toBe(false);
  });

  it('reads role local parts without separators', () => {
    expect(isRoleLocalPart('customer_service', ['customerservice'])).toBe(true);
    expect(isRoleLocalPart('no.reply')).toBe(true);
  });
});

describe('domainInSet', () => {
  it('answers as domainInList does', () => {
    const list = ['Mailinator.com', 'wp.pl', 'co.uk', '.odd', ''];
    const set = domainSet(list);
    for (const domain of ['mailinator.com', 'x.MAILINATOR.com', 'xmailinator.com', 'wp.pl', 'o2.pl', 'a.co.uk', 'co.uk', 'uk', 'a..odd', 'a.odd', 'end.', 'plain']) {
      expect(domainInSet(domain, set)).toBe(domainInList(domain, list));
    }
  });
});
