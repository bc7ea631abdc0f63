import { domainToASCII } from 'node:url';
import type { IdentityProfile } from './profile.js';
import { foldDiacritics, hasSurrogates } from './text.js';
import { companyKey } from './company.js';

/**
 * Identity-ledger keys. A key is a string `kind:value` the store indexes; two leads that share any
 * email, phone or channel key are the same person by the rules in `match.ts`. Keys are derived,
 * never shown: the email key may fold Gmail dots and `+tags`, which the stored address keeps.
 */

export type IdentityKeyKind = 'email' | 'phone' | 'channel';

export interface IdentityKey {
  kind: IdentityKeyKind;
  key: string;
  /** false for secondary emails/phones kept from earlier submissions. */
  primary: boolean;
}

export interface EmailKeyOptions {
  gmailFolding: boolean;
  plusTagFoldingDomains: readonly string[];
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function emailKey(address: string, options: EmailKeyOptions = { gmailFolding: true, plusTagFoldingDomains: [] }): string {
  const at = address.lastIndexOf('@');
  let local = address.slice(0, at).toLowerCase();
  let domain = domainToASCII(address.slice(at + 1).toLowerCase()) || address.slice(at + 1).toLowerCase();
  if (options.gmailFolding && GMAIL_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    local = (local.split('+')[0] ?? '').replace(/\./g, '');
  } else if (options.plusTagFoldingDomains.some((d) => d.toLowerCase() === domain)) {
    local = local.split('+')[0] ?? '';
  }
  return `email:${local}@${domain}`;
}

export function phoneKey(e164: string): string {
  return `phone:${e164}`;
}

/**
 * A channel identity as a key. WhatsApp ids are phone digits, so any `+`, spaces or dashes are
 * dropped; other channels' ids are opaque and kept as given (trimmed).
 */
export function channelKey(channel: string, id: string): string {
  const c = channel.trim().toLowerCase();
  const value = c === 'whatsapp' || c === 'sms' ? id.replace(/\D/g, '') : id.trim();
  return `${c}:${value}`;
}

export function identityKeys(profile: IdentityProfile, options?: EmailKeyOptions): IdentityKey[] {
  const out: IdentityKey[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentityKeyKind, key: string, primary: boolean): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, key, primary });
  };
  if (profile.email) add('email', emailKey(profile.email, options), true);
  if (profile.phone) add('phone', phoneKey(profile.phone), true);
  for (const e of profile.secondaryEmails ?? []) add('email', emailKey(e, options), false);
  for (const p of profile.secondaryPhones ?? []) add('phone', phoneKey(p), false);
  for (const c of profile.channelIds ?? []) {
    const colon = c.indexOf(':');
    if (colon > 0) add('channel', channelKey(c.slice(0, colon), c.slice(colon + 1)), true);
  }
  return out;
}

// By code point; text without surrogate pairs (nearly all) is cut as it stands.
const prefix = (text: string, n: number): string => (hasSurrogates(text) ? Array.from(text).slice(0, n).join('') : text.slice(0, n));
const suffix = (text: string, n: number): string => (hasSurrogates(text) ? Array.from(text).slice(-n).join('') : text.slice(-n));

/** A name part folded for matching: no diacritics, lower-case, letters only. */
export function nameMatchForm(name: string | null | undefined): string {
  return name ? foldDiacritics(name).toLowerCase().replace(/[^\p{L}]+/gu, '') : '';
}

/** The company folded for blocking: its matching key (legal form and punctuation gone), no spaces. */
export function companyBlockingForm(company: string | null | undefined): string {
  return company ? companyKey(company).replace(/\s+/g, '') : '';
}

/**
 * Blocking keys for the fuzzy name rules: the store returns leads sharing any of them as
 * candidates for `decideMatch`. One pair of keys for each two of the three fields a profile has —
 * first+last, name+company for either name — so a lead with one field missing or replaced is still
 * found through the other two. Each pair is keyed twice, by the first three letters of both values
 * and by the last three, so one typo in each value still leaves a shared key (typos rarely hit the
 * start and the end of one short value together). Names are unordered in the first+last key and
 * both names pair with the company, so swapped first/last names share keys too. Three-letter
 * pieces of two values keep each key small (a store caps candidates per lookup). Empty when the
 * profile has fewer than two of the three fields.
 */
export function fuzzyBlockingKeys(profile: IdentityProfile): string[] {
  const first = nameMatchForm(profile.firstName);
  const last = nameMatchForm(profile.lastName);
  const company = companyBlockingForm(profile.company);
  const keys = new Set<string>();
  const add = (kind: string, x: string, y: string, ordered: boolean): void => {
    for (const [tag, cut] of [['p', prefix], ['s', suffix]] as const) {
      const parts = [cut(x, 3), cut(y, 3)];
      keys.add(`${kind}${tag}:${(ordered ? parts : parts.sort()).join('|')}`);
    }
  };
  if (first !== '' && last !== '') add('nn', first, last, false);
  if (company !== '') {
    for (const name of new Set([first, last])) if (name !== '') add('nc', name, company, true);
  }
  return [...keys];
}

/**
 * What the dedupe stage asks the store for, from one incoming profile: `identity` — its email,
 * phone and channel keys, sorted, which are also the keys to serialize on so two racing
 * submissions of one new person become one lead; `blocking` — the fuzzy candidates' keys.
 */
export function lookupKeys(profile: IdentityProfile, options?: EmailKeyOptions): { identity: string[]; blocking: string[] } {
  return { identity: identityKeys(profile, options).map((k) => k.key).sort(), blocking: fuzzyBlockingKeys(profile) };
}
