import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedDomains, checkEmailSyntax, DOMAIN_CACHE_SIZE } from './email-syntax.js';

/**
 * Table-driven over the validator.js and is_email corpora in /work/shared/data/validation/email.
 * Where our policy (see the header of email-syntax.ts) differs from a corpus, the case is listed
 * with the reason.
 */
const corpus = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../shared/data/validation/email/${name}`, import.meta.url), 'utf8'));

interface ValidatorCase { it: string; args: null | Array<Record<string, unknown>>; valid: string[]; invalid: string[] }
interface IsEmailCase { id: number; address_decoded: string; category: string; diagnosis: string }

const validator = (corpus('validatorjs_isEmail_cases.json') as { cases: ValidatorCase[] }).cases;
const isemail = (corpus('isemail_tests.json') as { cases: IsEmailCase[] }).cases;

/** validator.js accepts these by default; we refuse quoted local parts, because no CRM stores them. */
const VALIDATOR_QUOTED = new Set(['"foobar"@example.com', '"  foo  m端ller "@example.com', '"foo\\@bar"@example.com']);

describe('checkEmailSyntax — validator.js isEmail cases (default options)', () => {
  const defaults = validator.filter((c) => c.args === null);
  const valid = defaults.flatMap((c) => c.valid);
  const invalid = defaults.flatMap((c) => c.invalid);

  it('has the corpus', () => {
    expect(valid.length).toBeGreaterThan(15);
    expect(invalid.length).toBeGreaterThan(40);
  });

  it.each(valid.filter((e) => !VALIDATOR_QUOTED.has(e)))('accepts %j', (address) => {
    expect(checkEmailSyntax(address).valid).toBe(true);
  });

  it.each([...VALIDATOR_QUOTED])('refuses the quoted local part %j (policy: no CRM accepts it)', (address) => {
    expect(checkEmailSyntax(address).valid).toBe(false);
  });

  it.each(invalid)('refuses %j', (address) => {
    expect(checkEmailSyntax(address).valid).toBe(false);
  });

  it('accepts the ASCII-only valid set too (we allow UTF-8 local parts, a superset)', () => {
    const ascii = validator.filter((c) => c.args?.[0]?.allow_utf8_local_part === false).flatMap((c) => c.valid).filter((e) => !e.startsWith('"'));
    expect(ascii.length).toBeGreaterThan(5);
    for (const address of ascii) expect(checkEmailSyntax(address), address).toMatchObject({ valid: true });
  });
});

/**
 * is_email categories: ERR is invalid; VALID and DNSWARN are valid syntax; RFC5321 (quoted strings,
 * IP literals), RFC5322 (obsolete syntax) and CFWS/DEPREC (comments, folding whitespace) are refused
 * by our policy. One exception to the categories applies throughout: surrounding whitespace,
 * including CR/LF, is trimmed first, because pasted values carry it.
 */
const ACCEPTING_CATEGORIES = new Set(['ISEMAIL_VALID_CATEGORY', 'ISEMAIL_DNSWARN']);
const REFUSED_VALID: Readonly<Record<number, string>> = {
  5: 'dotless host (test@io): no lead address is on a TLD itself',
  13: 'one-letter TLD (iana.a): no such TLD exists or can be delegated',
  33: 'TLD with a hyphen (co-uk) is not a TLD',
  37: 'one-letter TLD at the end of a long chain',
};

function expectedByPolicy(c: IsEmailCase): boolean {
  if (c.id in REFUSED_VALID) return false;
  const trimmed = c.address_decoded.trim();
  if (trimmed !== c.address_decoded) {
    const inner = isemail.find((o) => o.address_decoded === trimmed);
    if (inner) return expectedByPolicy(inner);
  }
  return ACCEPTING_CATEGORIES.has(c.category);
}

describe('checkEmailSyntax — is_email v3.05 cases', () => {
  it('has the corpus', () => {
    expect(isemail.length).toBe(164);
  });

  it.each(isemail.map((c) => [c.id, c.category, c.diagnosis, c.address_decoded, expectedByPolicy(c)] as const))(
    '#%i %s %s %j → valid=%s',
    (_id, _category, _diagnosis, address, expected) => {
      expect(checkEmailSyntax(address).valid).toBe(expected);
    },
  );

  it('trims CR/LF and spaces around a pasted address (differs from is_email ERR_CR_NO_LF etc.)', () => {
    expect(checkEmailSyntax(' \r\ntest@iana.org\r\n ')).toMatchObject({ valid: true, local: 'test', domain: 'iana.org' });
  });
});

describe('checkEmailSyntax — our own cases', () => {
  it.each([
    ['', 'empty'],
    ['jan.kowalski', 'no-at'],
    ['@x.pl', 'local-empty'],
    ['"jan"@x.pl', 'local-quoted'],
    ['jan kowalski@x.pl', 'whitespace-or-control'],
    ['jan,k@x.pl', 'local-invalid-char'],
    ['.jan@x.pl', 'local-dots'],
    ['jan..k@x.pl', 'local-dots'],
    [`${'a'.repeat(65)}@x.pl`, 'local-too-long'],
    ['jan@', 'domain-empty'],
    ['jan@[127.0.0.1]', 'domain-literal'],
    ['jan@ｇｍａｉｌ.com', 'domain-compatibility-form'],
    ['jan@x..pl', 'domain-dots'],
    ['jan@-x.pl', 'domain-invalid-label'],
    ['jan@x_y.pl', 'domain-invalid-label'],
    ['jan@localhost', 'domain-single-label'],
    [`jan@${'a'.repeat(64)}.pl`, 'domain-label-too-long'],
    ['jan@x.p1', 'tld-invalid'],
    ['jan\uD800@x.pl', 'unpaired-surrogate'],
  ])('%j → %s', (address, problem) => {
    expect(checkEmailSyntax(address)).toEqual({ valid: false, problem });
  });

  it('lower-cases the domain, keeps the local part as typed, and gives the punycode form of an IDN', () => {
    expect(checkEmailSyntax('Jan.Kowalski@Żółw.PL')).toEqual({
      valid: true,
      local: 'Jan.Kowalski',
      domain: 'żółw.pl',
      asciiDomain: 'xn--w-uga1v8h.pl',
    });
  });

  it('accepts a Unicode local part (RFC 6531) and an xn-- TLD', () => {
    expect(checkEmailSyntax('łukasz@poczta.pl').valid).toBe(true);
    expect(checkEmailSyntax('test@xn--hxajbheg2az3al.xn--jxalpdlp').valid).toBe(true);
  });

  it('refuses an address over 254 octets even when each part is within its limit', () => {
    const label = 'a'.repeat(60);
    expect(checkEmailSyntax(`${'b'.repeat(64)}@${[label, label, label, label].join('.')}.com`)).toEqual({ valid: false, problem: 'too-long' });
  });
});

describe('the per-domain check cache', () => {
  it('stays bounded over ever-new domains and answers as the first time', () => {
    const first = checkEmailSyntax('anna@Firma.pl');
    const bad = checkEmailSyntax('anna@ｇｍａｉｌ.com');
    for (let i = 0; i < DOMAIN_CACHE_SIZE * 2; i++) checkEmailSyntax(`anna@firma-${i}.pl`);
    expect(cachedDomains()).toBeLessThanOrEqual(DOMAIN_CACHE_SIZE);
    expect(checkEmailSyntax('anna@Firma.pl')).toEqual(first);
    expect(checkEmailSyntax('anna@ｇｍａｉｌ.com')).toEqual(bad);
  });
});
