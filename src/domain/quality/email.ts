import { checkEmailSyntax, type EmailProblem } from './email-syntax.js';
import { DISPOSABLE_DOMAINS, FREE_MAIL_DOMAINS, domainInSet, domainSet, isRoleLocalPart } from './email-domains.js';
import type { QualityConfig } from './quality.schema.js';

/**
 * One email as the validate stage records it. `address` is what we store and sync (domain
 * lower-cased in Unicode form, local part lower-cased when the policy says so); `asciiAddress` has
 * the domain in punycode for systems that only take ASCII. An invalid email keeps `raw` and its
 * `problem`; it is never silently dropped.
 */
export interface EmailQuality {
  raw: string;
  valid: boolean;
  problem: EmailProblem | null;
  address: string | null;
  asciiAddress: string | null;
  domain: string | null;
  /** `free` (gmail, wp.pl…), `disposable` (mailinator…) or `company`; feeds scoring. */
  domainKind: 'free' | 'disposable' | 'company' | null;
  disposable: boolean;
  role: boolean;
}

export type EmailOptions = Pick<QualityConfig['email'], 'lowercaseLocalPart' | 'extraDisposableDomains' | 'extraFreeMailDomains' | 'extraRoleLocalParts'>;

const DEFAULT_OPTIONS: EmailOptions = {
  lowercaseLocalPart: true,
  extraDisposableDomains: [],
  extraFreeMailDomains: [],
  extraRoleLocalParts: [],
};

// Per options object (the config's): the built-in domain lists with its extras, as sets.
const domainSets = new WeakMap<EmailOptions, { disposable: ReadonlySet<string>; free: ReadonlySet<string> }>();

function domainSetsOf(options: EmailOptions): { disposable: ReadonlySet<string>; free: ReadonlySet<string> } {
  let sets = domainSets.get(options);
  if (!sets) {
    sets = { disposable: domainSet([...DISPOSABLE_DOMAINS, ...options.extraDisposableDomains]), free: domainSet([...FREE_MAIL_DOMAINS, ...options.extraFreeMailDomains]) };
    domainSets.set(options, sets);
  }
  return sets;
}

export function normalizeEmail(raw: string, options: EmailOptions = DEFAULT_OPTIONS): EmailQuality {
  const syntax = checkEmailSyntax(raw);
  if (!syntax.valid) {
    return { raw, valid: false, problem: syntax.problem, address: null, asciiAddress: null, domain: null, domainKind: null, disposable: false, role: false };
  }
  const local = options.lowercaseLocalPart ? syntax.local.toLowerCase() : syntax.local;
  const sets = domainSetsOf(options);
  const disposable = domainInSet(syntax.asciiDomain, sets.disposable);
  const free = domainInSet(syntax.asciiDomain, sets.free);
  return {
    raw,
    valid: true,
    problem: null,
    address: `${local}@${syntax.domain}`,
    asciiAddress: `${local}@${syntax.asciiDomain}`,
    domain: syntax.domain,
    domainKind: disposable ? 'disposable' : free ? 'free' : 'company',
    disposable,
    role: isRoleLocalPart(local, options.extraRoleLocalParts),
  };
}
