import type { NormalizedFields } from './normalize.js';

/**
 * The identity part of a lead as dedup sees it: normalized values only (an email as
 * `normalizeEmail` returns it, a phone in E.164, names as `normalizeNamePart` returns them).
 * Raw values never reach matching.
 */
export interface IdentityProfile {
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  secondaryEmails?: readonly string[];
  secondaryPhones?: readonly string[];
  /** Channel identities as `channel:id` strings, e.g. `whatsapp:48888784878`, `messenger:6723…`. */
  channelIds?: readonly string[];
}

/** The profile of a validated submission: its normalized fields plus the channel ids it came with. */
export function identityProfile(fields: NormalizedFields, channelIds: readonly string[] = []): IdentityProfile {
  return {
    email: fields.email,
    phone: fields.phone,
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: fields.company,
    channelIds,
  };
}
