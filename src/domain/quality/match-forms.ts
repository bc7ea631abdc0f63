import type { IdentityProfile } from './profile.js';
import { companyKey } from './company.js';
import { nameMatchForm } from './identity-keys.js';

/** The folded forms matching compares: names as `nameMatchForm`, the company as `companyKey`; '' when missing. */
export interface MatchForms {
  first: string;
  last: string;
  company: string;
}

// Computed once per profile object (matching compares one submission with many candidates, and
// the frequency keys read the same forms). Profiles are treated as immutable.
const formCache = new WeakMap<IdentityProfile, MatchForms>();

export function matchForms(p: IdentityProfile): MatchForms {
  let forms = formCache.get(p);
  if (!forms) {
    forms = { first: nameMatchForm(p.firstName), last: nameMatchForm(p.lastName), company: p.company ? companyKey(p.company) : '' };
    formCache.set(p, forms);
  }
  return forms;
}
