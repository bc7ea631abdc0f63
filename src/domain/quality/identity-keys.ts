import { domainToASCII } from 'node:url';
import type { IdentityProfile } from './profile.js';
import { foldDiacritics } from './text.js';
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

const prefix = (text: string, n: number): string => Array.from(text).slice(0, n).join('');

/** A name part folded for matching: no diacritics, lower-case, letters only. */
export function nameMatchForm(name: string | null | undefined): string {
  return name ? foldDiacritics(name).toLowerCase().replace(/[^\p{L}]+/gu, '') : '';
}

/**
 * Blocking keys for the fuzzy name+company rule: the store returns leads sharing any of them as
 * candidates for `decideMatch`. Several short keys, so that one typo in one field still leaves a
 * shared key: name prefixes in both orders (first/last are sometimes swapped) and company prefix
 * with a surname initial. Empty when the profile lacks a last name or a company.
 */
export function fuzzyBlockingKeys(profile: IdentityProfile): string[] {
  const first = nameMatchForm(profile.firstName);
  const last = nameMatchForm(profile.lastName);
  const company = profile.company ? companyKey(profile.company).replace(/\s+/g, '') : '';
  if (last === '' || company === '') return [];
  const keys = new Set<string>();
  const pair = [prefix(first, 2), prefix(last, 2)].sort().join('|');
  if (first !== '') keys.add(`nn:${pair}`);
  keys.add(`lc:${prefix(last, 3)}|${prefix(company, 3)}`);
  if (first !== '') keys.add(`fc:${prefix(first, 3)}|${prefix(company, 3)}`);
  keys.add(`ln:${last}`);
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
