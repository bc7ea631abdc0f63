import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countryCodeFrom, countryFromTimeZone, resolveDefaultCountry } from './country.js';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizePhone, preparePhoneText } from './phone.js';

/** Google's libphonenumber vectors for PL/GB/US/DE (/work/shared/data/validation/phone). */
const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/data/validation/phone/phone_vectors_PL_GB_US_DE.json', import.meta.url), 'utf8'),
) as {
  exampleNumbers_formats_computedWithLibphonenumberJs: Array<{ region: string; type: string; e164: string; detectedType: string; national: string; international: string }>;
  parseVariants_computedWithLibphonenumberJs: Array<{ region: string; input: string; e164: string; isValid: boolean; type: string | null }>;
  javaTest_parse_to_E164_with_libphonenumberJs_crosscheck: Array<{ input: string; defaultRegion: string; expectedE164_javaTest: string }>;
};

const typeName = (t: string): string => t.toLowerCase().replace(/_/g, '-');

describe('normalizePhone — SPEC §4', () => {
  it('+48 888-78-48-78 → +48888784878', () => {
    expect(normalizePhone('+48 888-78-48-78')).toEqual({
      raw: '+48 888-78-48-78',
      valid: true,
      problem: null,
      e164: '+48888784878',
      country: 'PL',
      type: 'mobile',
      assumedCountry: null,
    });
  });
});

describe('normalizePhone — libphonenumber example numbers', () => {
  const examples = vectors.exampleNumbers_formats_computedWithLibphonenumberJs;
  it.each(examples.map((x) => [x.region, x.type, x.national, x.international, x.e164, x.detectedType] as const))(
    '%s %s: national %j and international %j → %s (%s)',
    (region, _type, national, international, e164, detected) => {
      for (const input of [national, international, e164]) {
        expect(normalizePhone(input, { sourceCountry: region }), input).toMatchObject({ valid: true, e164, type: typeName(detected) });
      }
    },
  );
});

describe('normalizePhone — parse variants', () => {
  it.each(vectors.parseVariants_computedWithLibphonenumberJs.map((x) => [x.input, x.region, x.isValid, x.e164, x.type] as const))(
    '%j in %s (valid=%s)',
    (input, region, isValid, e164, type) => {
      const result = normalizePhone(input, { sourceCountry: region });
      if (isValid) {
        expect(result).toMatchObject({ valid: true, e164, type: typeName(type ?? '') });
      } else {
        // An invalid number is kept raw and flagged, never turned into a made-up E.164.
        expect(result).toMatchObject({ valid: false, problem: 'invalid', e164: null, raw: input });
      }
    },
  );
});

describe('normalizePhone — Google Java test inputs', () => {
  /** A syntactically parsable number that is not a valid US number: we flag it instead of storing +11234567890. */
  const INVALID_BY_METADATA = new Set(['123-456-7890']);
  const cases = vectors.javaTest_parse_to_E164_with_libphonenumberJs_crosscheck;

  it.each(cases.filter((c) => !INVALID_BY_METADATA.has(c.input)).map((c) => [c.input, c.defaultRegion, c.expectedE164_javaTest] as const))(
    '%j (default %s) → %s — including the NFKC, ++ and Mongolian-digit cases libphonenumber-js alone gets wrong',
    (input, region, e164) => {
      expect(normalizePhone(input, { sourceCountry: region })).toMatchObject({ valid: true, e164 });
    },
  );

  it('flags 123-456-7890 (US area code 123 does not exist) rather than accepting it', () => {
    expect(normalizePhone('123-456-7890', { sourceCountry: 'US' })).toMatchObject({ valid: false, problem: 'invalid', e164: null });
  });
});

describe('normalizePhone — default country and problems', () => {
  it('assumes the source country, then the lead country, then the time zone, then the workspace', () => {
    expect(normalizePhone('888 784 878', { sourceCountry: 'PL', leadCountry: 'DE' })).toMatchObject({ e164: '+48888784878', assumedCountry: 'PL' });
    expect(normalizePhone('0151 23456789', { leadCountry: 'Deutschland', timeZone: 'Europe/Warsaw' })).toMatchObject({ e164: '+4915123456789', assumedCountry: 'DE' });
    expect(normalizePhone('888784878', { timeZone: 'Europe/Warsaw', workspaceCountry: 'GB' })).toMatchObject({ e164: '+48888784878', assumedCountry: 'PL' });
    expect(normalizePhone('07400 123456', { workspaceCountry: 'GB' })).toMatchObject({ e164: '+447400123456', assumedCountry: 'GB' });
  });

  it('needs no country for a number with +, or with a 00 prefix when nothing is known', () => {
    expect(normalizePhone('0048 888 784 878')).toMatchObject({ valid: true, e164: '+48888784878', assumedCountry: null });
  });

  it('flags a national number with no country to read it in', () => {
    expect(normalizePhone('888784878')).toMatchObject({ valid: false, problem: 'no-country', raw: '888784878' });
  });

  it('flags empty and non-numeric input', () => {
    expect(normalizePhone('   ').problem).toBe('empty');
    expect(normalizePhone('brak').problem).toBe('not-a-number');
  });

  it('prepares text with NFKC, ASCII digits and a single leading plus', () => {
    expect(preparePhoneText(' ＋＋４８ ٨٨٨ ')).toBe('+48 888');
  });
});

describe('country hints', () => {
  it('reads ISO codes and common names', () => {
    expect(countryCodeFrom('pl')).toBe('PL');
    expect(countryCodeFrom('UK')).toBe('GB');
    expect(countryCodeFrom(' Polska ')).toBe('PL');
    expect(countryCodeFrom('Atlantis')).toBeNull();
    expect(countryCodeFrom(undefined)).toBeNull();
  });

  it('maps known IANA zones and ignores unknown ones', () => {
    expect(countryFromTimeZone('Europe/Warsaw')).toBe('PL');
    expect(countryFromTimeZone('Mars/Olympus')).toBeNull();
  });

  it('resolves in order source → lead → time zone → workspace', () => {
    expect(resolveDefaultCountry({ leadCountry: 'xx-invalid', timeZone: 'America/Chicago', workspaceCountry: 'PL' })).toBe('US');
    expect(resolveDefaultCountry({})).toBeNull();
  });
});

describe('normalizePhone asks for the type before validity', () => {
  it('gives the validity and type libphonenumber gives when asked both, over every vector', () => {
    const inputs = [
      ...vectors.parseVariants_computedWithLibphonenumberJs.map((v) => [v.input, v.region] as const),
      ...vectors.javaTest_parse_to_E164_with_libphonenumberJs_crosscheck.map((v) => [v.input, v.defaultRegion] as const),
      ['+882 1234 5678', 'PL'], ['+800 1234 5678', 'PL'], ['+48 123', 'PL'], ['123-456-7890', 'US'],
    ];
    for (const [input, region] of inputs) {
      const text = preparePhoneText(input);
      const parsed = text.startsWith('+') ? parsePhoneNumberFromString(text) : parsePhoneNumberFromString(text, { defaultCountry: region as CountryCode });
      const result = normalizePhone(input, { workspaceCountry: region });
      if (!parsed) continue;
      expect(result.valid, input).toBe(parsed.isValid());
      if (result.valid) expect(result.type, input).toBe(parsed.getType() ? typeName(parsed.getType() as string) : 'unknown');
    }
  });
});
