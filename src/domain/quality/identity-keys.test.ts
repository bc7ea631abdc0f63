import { describe, expect, it } from 'vitest';
import { channelKey, emailKey, fuzzyBlockingKeys, identityKeys, lookupKeys, nameMatchForm, phoneKey } from './identity-keys.js';
import { normalizeLead } from './normalize.js';
import { identityProfile } from './profile.js';
import { qualityConfigSchema } from './quality.schema.js';

const noFolding = { gmailFolding: false, plusTagFoldingDomains: [] };

describe('emailKey', () => {
  it('folds Gmail dots and +tags and googlemail.com by default', () => {
    expect(emailKey('Jan.Kowalski+leads@GoogleMail.com')).toBe('email:jankowalski@gmail.com');
    expect(emailKey('jankowalski@gmail.com')).toBe('email:jankowalski@gmail.com');
  });

  it('leaves Gmail alone when folding is off, and folds +tags on configured domains only', () => {
    expect(emailKey('jan.k+x@gmail.com', noFolding)).toBe('email:jan.k+x@gmail.com');
    expect(emailKey('jan.k+x@fastmail.com', { gmailFolding: true, plusTagFoldingDomains: ['FastMail.com'] })).toBe('email:jan.k@fastmail.com');
    expect(emailKey('jan.k+x@acme.pl')).toBe('email:jan.k+x@acme.pl');
  });

  it('lower-cases and uses the punycode domain, so Unicode and ASCII spellings meet', () => {
    expect(emailKey('Anna@münchen.de')).toBe(emailKey('anna@xn--mnchen-3ya.de'));
  });
});

describe('identity keys', () => {
  it('lists primary and secondary emails and phones and channel ids once each', () => {
    expect(
      identityKeys({
        email: 'jan@acme.pl',
        phone: '+48888784878',
        secondaryEmails: ['jan@gmail.com', 'JAN@acme.pl'],
        secondaryPhones: ['+48221234567'],
        channelIds: ['whatsapp:+48 888 784 878', 'messenger:6723', 'broken'],
      }),
    ).toEqual([
      { kind: 'email', key: 'email:jan@acme.pl', primary: true },
      { kind: 'phone', key: 'phone:+48888784878', primary: true },
      { kind: 'email', key: 'email:jan@gmail.com', primary: false },
      { kind: 'phone', key: 'phone:+48221234567', primary: false },
      { kind: 'channel', key: 'whatsapp:48888784878', primary: true },
      { kind: 'channel', key: 'messenger:6723', primary: true },
    ]);
  });

  it('keeps opaque channel ids as given and digits only for phone-number channels', () => {
    expect(channelKey(' WhatsApp ', '+48 888-784-878')).toBe('whatsapp:48888784878');
    expect(channelKey('messenger', ' AbC123 ')).toBe('messenger:AbC123');
    expect(phoneKey('+48888784878')).toBe('phone:+48888784878');
  });
});

describe('fuzzy blocking keys', () => {
  it('folds names for matching', () => {
    expect(nameMatchForm('Żółkiewska-Nowak')).toBe('zolkiewskanowak');
    expect(nameMatchForm(null)).toBe('');
  });

  it('needs two of first name, last name and company', () => {
    expect(fuzzyBlockingKeys({ lastName: 'Kowalski' })).toEqual([]);
    expect(fuzzyBlockingKeys({ company: 'Acme' })).toEqual([]);
    expect(fuzzyBlockingKeys({ firstName: 'Jan', lastName: 'Kowalski' })).toEqual(['nnp:jan|kow', 'nns:jan|ski']);
    expect(fuzzyBlockingKeys({ firstName: 'Jan', company: 'Acme' })).toEqual(['ncp:jan|acm', 'ncs:jan|cme']);
  });

  it('finds a lead with one field missing or replaced through the other two', () => {
    const base = { firstName: 'Jan', lastName: 'Kowalski', company: 'Acme Sp. z o.o.' };
    const mine = new Set(fuzzyBlockingKeys(base));
    const variants = [
      { firstName: 'Jan', lastName: 'Kowalski' },
      { firstName: 'Jan', lastName: 'Kowalski', company: 'Globex' },
      { firstName: 'Piotr', lastName: 'Kowalski', company: 'Acme' },
      { firstName: 'Jan', lastName: 'Nowak', company: 'Acme' },
      { lastName: 'Kowalski', company: 'ACME S.A.' },
    ];
    for (const v of variants) expect(fuzzyBlockingKeys(v).some((k) => mine.has(k)), JSON.stringify(v)).toBe(true);
  });

  it('keeps a typo at the start of a value from losing the lead (suffix keys)', () => {
    const mine = new Set(fuzzyBlockingKeys({ firstName: 'Jan', lastName: 'Kowalski' }));
    expect(fuzzyBlockingKeys({ firstName: 'Jan', lastName: 'Gowalski' }).some((k) => mine.has(k))).toBe(true);
  });

  it('shares no key between unrelated people', () => {
    const mine = new Set(fuzzyBlockingKeys({ firstName: 'Jan', lastName: 'Kowalski', company: 'Acme' }));
    expect(fuzzyBlockingKeys({ firstName: 'Ewa', lastName: 'Zielińska', company: 'Globex' }).some((k) => mine.has(k))).toBe(false);
  });

  it('shares a key despite one typo in any one field, swapped names or a different legal form', () => {
    const base = { firstName: 'Jan', lastName: 'Kowalski', company: 'Acme Sp. z o.o.' };
    const variants = [
      { firstName: 'Jna', lastName: 'Kowalski', company: 'ACME' },
      { firstName: 'Jan', lastName: 'Kowlaski', company: 'Acme S.A.' },
      { firstName: 'Jan', lastName: 'Kowalski', company: 'Akme' },
      { firstName: 'Kowalski', lastName: 'Jan', company: 'Acme' },
      { firstName: 'Ján', lastName: 'Kowalski', company: 'Ąćme' },
    ];
    const mine = new Set(fuzzyBlockingKeys(base));
    for (const v of variants) expect(fuzzyBlockingKeys(v).some((k) => mine.has(k)), JSON.stringify(v)).toBe(true);
  });
});

describe('lookupKeys', () => {
  it('gives the same sorted keys for one person however the submission was formatted', () => {
    const config = qualityConfigSchema.parse({});
    const keysOf = (email: string, phone: string, name: string) =>
      lookupKeys(identityProfile(normalizeLead({ email, phone, name, company: 'ACME sp. z o.o.', custom: {} }, { config, sourceCountry: 'PL' }).fields, ['whatsapp:48888784878']));
    const a = keysOf('Jan.Kowalski@Acme.PL', '+48 888-78-48-78', 'jan KOWALSKI');
    const b = keysOf(' jan.kowalski@acme.pl', '888 784 878', 'Jan Kowalski');
    expect(a).toEqual(b);
    expect(a.identity).toEqual(['email:jan.kowalski@acme.pl', 'phone:+48888784878', 'whatsapp:48888784878']);
    expect(a.blocking.length).toBeGreaterThan(0);
  });
});
