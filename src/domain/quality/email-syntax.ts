import { domainToASCII } from 'node:url';
import { cached } from '../../lib/bounded-cache.js';

/**
 * A practical email syntax check for lead forms: what a person can type into a form and a CRM will
 * store and a mail server will deliver to. Deliberately stricter than RFC 5322 and laxer than
 * plain ASCII. The policy (each point is a case in `email-syntax.test.ts`):
 *
 * - Leading/trailing whitespace, including CR/LF, is trimmed first (pasted values carry it).
 * - Local part: dot-atom only — RFC 5322 `atext` plus any Unicode letter, mark or digit (RFC 6531);
 *   no quoted strings, comments or folding whitespace, because no CRM accepts them. At most
 *   64 octets in UTF-8; no leading, trailing or doubled dot.
 * - Domain: a host name of at least two labels (no dotless hosts, no IP literals); labels of
 *   letters, digits and inner hyphens (Unicode letters for IDN), at most 63 octets each in
 *   their ASCII (punycode) form, the whole at most 253; the top-level label alphabetic with at
 *   least two letters, or an `xn--` label. Compatibility characters (full-width `ｇｍａｉｌ`)
 *   are refused rather than silently mapped.
 * - The whole address at most 254 octets (RFC 5321 path limit).
 */

export type EmailProblem =
  | 'empty'
  | 'unpaired-surrogate'
  | 'whitespace-or-control'
  | 'no-at'
  | 'local-empty'
  | 'local-quoted'
  | 'local-invalid-char'
  | 'local-dots'
  | 'local-too-long'
  | 'domain-empty'
  | 'domain-literal'
  | 'domain-compatibility-form'
  | 'domain-dots'
  | 'domain-invalid-label'
  | 'domain-single-label'
  | 'domain-label-too-long'
  | 'domain-too-long'
  | 'tld-invalid'
  | 'too-long';

export type EmailSyntax =
  | { valid: true; local: string; domain: string; asciiDomain: string }
  | { valid: false; problem: EmailProblem };

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]$/;
const ASCII_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*$/;
const UNICODE_WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const ASCII_TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

function localPartProblem(local: string): EmailProblem | null {
  if (local === '') return 'local-empty';
  if (local.startsWith('"')) return 'local-quoted';
  // Most local parts are plain ASCII atext: one pattern over the whole part answers for every char.
  if (!ASCII_LOCAL.test(local)) {
    for (const ch of local) {
      if (ch !== '.' && !ATEXT.test(ch) && !(ch.charCodeAt(0) > 0x7f && UNICODE_WORD_CHAR.test(ch))) return 'local-invalid-char';
    }
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'local-dots';
  if (utf8Length(local) > 64) return 'local-too-long';
  return null;
}

type DomainCheck = { problem: EmailProblem } | { ascii: string };

// Leads share domains (gmail.com, a company's own): each check — NFKC, label patterns, punycode —
// is kept per domain, up to a bound (cleared when full). The checks are read, never handed out.
export const DOMAIN_CACHE_SIZE = 2048;
const checkedDomains = new Map<string, DomainCheck>();

/** How many domains the cache holds (for the bound's test). */
export const cachedDomains = (): number => checkedDomains.size;

function domainProblem(domain: string): DomainCheck {
  return cached(checkedDomains, DOMAIN_CACHE_SIZE, domain, checkDomain);
}

function checkDomain(domain: string): DomainCheck {
  if (domain === '') return { problem: 'domain-empty' };
  if (domain.startsWith('[')) return { problem: 'domain-literal' };
  if (domain.normalize('NFKC') !== domain) return { problem: 'domain-compatibility-form' };
  const labels = domain.split('.');
  if (labels.some((l) => l === '')) return { problem: 'domain-dots' };
  if (!labels.every((l) => LABEL.test(l))) return { problem: 'domain-invalid-label' };
  if (labels.length < 2) return { problem: 'domain-single-label' };
  const ascii = domainToASCII(domain);
  if (ascii === '') return { problem: 'domain-invalid-label' };
  const asciiLabels = ascii.split('.');
  if (asciiLabels.some((l) => l.length > 63)) return { problem: 'domain-label-too-long' };
  if (ascii.length > 253) return { problem: 'domain-too-long' };
  if (!ASCII_TLD.test(asciiLabels[asciiLabels.length - 1] ?? '')) return { problem: 'tld-invalid' };
  return { ascii };
}

/** Checks one address; on success returns the local part as typed and the domain lower-cased (NFC). */
export function checkEmailSyntax(raw: string): EmailSyntax {
  // `u` mode makes a lone surrogate one code point, so it can be found instead of crashing later.
  if (/\p{Cs}/u.test(raw)) return { valid: false, problem: 'unpaired-surrogate' };
  const text = raw.trim().normalize('NFC');
  if (text === '') return { valid: false, problem: 'empty' };
  if (/[\s\p{Cc}]/u.test(text)) return { valid: false, problem: 'whitespace-or-control' };
  const at = text.lastIndexOf('@');
  if (at < 0) return { valid: false, problem: 'no-at' };
  const local = text.slice(0, at);
  const localIssue = localPartProblem(local);
  if (localIssue) return { valid: false, problem: localIssue };
  const domain = text.slice(at + 1).toLowerCase();
  const checked = domainProblem(domain);
  if ('problem' in checked) return { valid: false, problem: checked.problem };
  if (utf8Length(local) + 1 + checked.ascii.length > 254) return { valid: false, problem: 'too-long' };
  return { valid: true, local, domain, asciiDomain: checked.ascii };
}
