/**
 * Recognising obvious test entries (SPEC §4: `test@test.test` never reaches a CRM). Deliberately
 * narrow: a real person named "Testa" or working at test.io must not be caught, so words are
 * compared whole and domains by their reserved names.
 */

/** RFC 2606 / RFC 6761 top-level names that can never be real mail domains. */
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost']);
/** RFC 2606 second-level names reserved for documentation. */
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'];
/** Words people type when they try a form out. */
export const TEST_WORDS = new Set([
  'test', 'testing', 'tester', 'testowy', 'testowa', 'asdf', 'qwerty', 'foo', 'foobar', 'fake', 'dummy',
  'sample', 'example', 'nobody', 'noone', 'none', 'null', 'undefined', 'abc', 'xxx', 'aaa', 'lorem', 'ipsum',
]);

export type TestEmailReason = 'reserved-tld' | 'example-domain' | 'test-address';

export function testEmailReason(address: string, extraTestDomains: readonly string[] = []): TestEmailReason | null {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase().split('+')[0] ?? '';
  const domain = address.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  if (RESERVED_TLDS.has(labels[labels.length - 1] ?? '')) return 'reserved-tld';
  if ([...EXAMPLE_DOMAINS, ...extraTestDomains].some((d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`))) {
    return 'example-domain';
  }
  // "test@test.com", "asdf@asdf.pl": a test word both before the @ and as the domain's name.
  if (TEST_WORDS.has(local) && TEST_WORDS.has(labels[0] ?? '')) return 'test-address';
  return null;
}

/** A name part that is just a test word ("Test", "Testowy"). */
export function isTestName(name: string | null | undefined): boolean {
  return !!name && TEST_WORDS.has(name.trim().toLowerCase());
}

/**
 * A phone whose national digits are all one digit or a plain run (`111111111`, `123456789`):
 * typed to get past a required field, not a number anyone answers.
 */
export function isTestPhoneDigits(digits: string): boolean {
  const national = digits.replace(/\D/g, '').slice(-9);
  if (national.length < 6) return false;
  if (/^(\d)\1+$/.test(national)) return true;
  return '01234567890'.includes(national) || '98765432109'.includes(national);
}
