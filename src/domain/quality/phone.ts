import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { resolveDefaultCountry, type CountryHints } from './country.js';
import { toAsciiDigits } from './text.js';

/**
 * Phone normalization to E.164 with Google's metadata (libphonenumber-js, `max` for the number
 * type). Contract: an invalid number is returned with `valid: false`, its `raw` text and a
 * `problem` — it is kept and flagged by the caller, never dropped.
 */

export type PhoneType =
  | 'mobile' | 'fixed-line' | 'fixed-line-or-mobile' | 'toll-free' | 'premium-rate' | 'shared-cost'
  | 'voip' | 'personal-number' | 'pager' | 'uan' | 'voicemail' | 'unknown';

export type PhoneProblem = 'empty' | 'not-a-number' | 'no-country' | 'invalid';

export interface PhoneQuality {
  raw: string;
  valid: boolean;
  problem: PhoneProblem | null;
  e164: string | null;
  country: string | null;
  type: PhoneType | null;
  /** The country assumed for a number written without `+`, and null when it had one. */
  assumedCountry: string | null;
}

const TYPE_NAMES: Readonly<Record<NumberType & string, PhoneType>> = {
  MOBILE: 'mobile', FIXED_LINE: 'fixed-line', FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile', TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate', SHARED_COST: 'shared-cost', VOIP: 'voip', PERSONAL_NUMBER: 'personal-number',
  PAGER: 'pager', UAN: 'uan', VOICEMAIL: 'voicemail',
};

/**
 * Text cleaned for the parser: NFKC first (full-width `＋１` → `+1`), every script's digits to
 * ASCII, a doubled leading plus (`++48`, a common typo) to one.
 */
export function preparePhoneText(raw: string): string {
  return toAsciiDigits(raw.normalize('NFKC')).trim().replace(/^\++/, '+');
}

export function normalizePhone(raw: string, hints: CountryHints = {}): PhoneQuality {
  const text = preparePhoneText(raw);
  const base = { raw, e164: null, country: null, type: null };
  if (!/\d/.test(text)) return { ...base, valid: false, problem: text === '' ? 'empty' : 'not-a-number', assumedCountry: null };
  // With a `+` the number names its country. Otherwise the assumed country also decides what an
  // international prefix looks like (00 in Europe, 011 in the US), so the parser gets it; `00…`
  // without any country hint is read as the European prefix.
  const assumed = text.startsWith('+') ? null : resolveDefaultCountry(hints);
  let parsed;
  if (assumed) parsed = parsePhoneNumberFromString(text, { defaultCountry: assumed as CountryCode });
  else if (text.startsWith('+')) parsed = parsePhoneNumberFromString(text);
  else if (text.startsWith('00')) parsed = parsePhoneNumberFromString(`+${text.slice(2)}`);
  else return { ...base, valid: false, problem: 'no-country', assumedCountry: null };
  if (!parsed) return { ...base, valid: false, problem: 'not-a-number', assumedCountry: assumed };
  // A number gets a type only when its pattern and a type's pattern both match, which is all that
  // `isValid` asks when the metadata has types (as `max` does): asking for the type first saves the
  // second pass through the patterns for every valid number; the rest still ask `isValid`.
  const type = parsed.getType();
  if (type === undefined && !parsed.isValid()) return { ...base, valid: false, problem: 'invalid', assumedCountry: assumed };
  return {
    raw,
    valid: true,
    problem: null,
    e164: parsed.number,
    country: parsed.country ?? null,
    type: type ? TYPE_NAMES[type] : 'unknown',
    assumedCountry: assumed,
  };
}
