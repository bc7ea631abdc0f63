import type { LeadInput } from '../types.js';
import { normalizeCompany, type CompanyQuality } from './company.js';
import { countryCodeFrom } from './country.js';
import { normalizeEmail, type EmailQuality } from './email.js';
import { resolvePersonName } from './names.js';
import { normalizePhone, type PhoneQuality } from './phone.js';
import type { QualityConfig } from './quality.schema.js';
import { collapseWhitespace } from './text.js';

/**
 * All field normalizers applied to one intake input. `fields` holds the values we store and
 * sync — null where a value is absent or invalid; the per-field results keep the raw text and the
 * reason, so an invalid email or phone is visible and flagged, never lost.
 */
export interface NormalizedFields {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  companyKey: string | null;
  jobTitle: string | null;
  country: string | null;
}

export interface NormalizedLead {
  fields: NormalizedFields;
  email: EmailQuality | null;
  phone: PhoneQuality | null;
  company: CompanyQuality | null;
  /** email-invalid, email-disposable, email-role, email-free, phone-invalid, phone-no-country */
  flags: string[];
}

export interface NormalizeContext {
  config: QualityConfig;
  /** The intake source's `defaultCountry`, which wins over the lead's own hints. */
  sourceCountry?: string | null;
}

const text = (value: string | undefined): string | null => {
  const t = value === undefined ? '' : collapseWhitespace(value);
  return t === '' ? null : t;
};

export function normalizeLead(input: LeadInput, context: NormalizeContext): NormalizedLead {
  const { config } = context;
  const flags: string[] = [];
  const email = text(input.email) ? normalizeEmail(input.email ?? '', config.email) : null;
  if (email && !email.valid) flags.push('email-invalid');
  if (email?.disposable) flags.push('email-disposable');
  if (email?.role) flags.push('email-role');
  if (email?.domainKind === 'free') flags.push('email-free');
  const phone = text(input.phone)
    ? normalizePhone(input.phone ?? '', {
        sourceCountry: context.sourceCountry,
        leadCountry: input.country,
        timeZone: input.timezone,
        workspaceCountry: config.phone.defaultCountry,
      })
    : null;
  if (phone && !phone.valid) flags.push(phone.problem === 'no-country' ? 'phone-no-country' : 'phone-invalid');
  const company = input.company ? normalizeCompany(input.company) : null;
  const name = resolvePersonName(input);
  return {
    fields: {
      email: email?.address ?? null,
      phone: phone?.e164 ?? null,
      firstName: name.firstName,
      lastName: name.lastName,
      company: company?.name ?? null,
      companyKey: company?.key || null,
      jobTitle: text(input.jobTitle),
      country: countryCodeFrom(input.country) ?? phone?.country ?? null,
    },
    email,
    phone,
    company,
    flags,
  };
}
