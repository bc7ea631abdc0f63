import { z } from 'zod';

/**
 * The `quality` config section: everything the validate / enrich / dedupe / consent functions
 * read. Every field has a default, so `qualityConfigSchema.parse({})` is a working config.
 * Lists named `extra…` are additions to the built-in lists, never replacements, so an upgrade that
 * grows a built-in list reaches every install.
 *
 * Per-source overrides (`qualitySourceOverrideSchema`) are meant to sit inside a source entry;
 * `configForSource` folds one into the workspace section. A source's default phone country is
 * the existing `sources.<id>.defaultCountry` and is passed to `normalizePhone` by the caller.
 */

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. PL');

/** The missing-data fields without defaults, so a per-source override holds only what it sets. */
const missingDataFields = {
  mode: z.enum(['b2b', 'b2c', 'custom']).describe('b2b requires an email, b2c a phone, custom uses `required`'),
  required: z.array(z.string().min(1)).describe('custom mode: fields that must be present; `email|phone` means either one'),
  preferred: z.array(z.string().min(1)).describe('reported when missing, never required'),
  strategy: z
    .enum(['create-with-available', 'require-minimum', 'incomplete'])
    .describe('what to do when the minimum is missing: create anyway, reject (422), or keep as incomplete'),
};

export const missingDataPolicySchema = z
  .object({
    mode: missingDataFields.mode.default('b2b'),
    required: missingDataFields.required.default([]),
    preferred: missingDataFields.preferred.default(['firstName']),
    strategy: missingDataFields.strategy.default('incomplete'),
  })
  .strict();

export const qualityConfigSchema = z
  .object({
    email: z
      .object({
        lowercaseLocalPart: z.boolean().default(true).describe('lower-case the local part of stored emails'),
        gmailFolding: z.boolean().default(true).describe('identity key ignores dots and +tags on gmail.com/googlemail.com'),
        plusTagFoldingDomains: z.array(z.string()).default([]).describe('other domains whose +tags the identity key drops'),
        extraDisposableDomains: z.array(z.string()).default([]),
        extraFreeMailDomains: z.array(z.string()).default([]),
        extraRoleLocalParts: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    phone: z
      .object({
        defaultCountry: countryCode.optional().describe('last resort after the source\'s defaultCountry and the lead\'s country/timezone'),
      })
      .strict()
      .prefault({}),
    spam: z
      .object({
        honeypotFields: z.array(z.string()).default(['website_url', 'hp', '_gotcha', 'fax_number']),
        minFillMs: z.number().int().min(0).default(3000).describe('a form submitted sooner after render is flagged too-fast'),
        maxLinks: z.number().int().min(0).default(2).describe('more links than this in the message is link stuffing'),
        extraTestDomains: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    missingData: missingDataPolicySchema.prefault({}),
    enrichment: z
      .object({
        extraStrippedParams: z.array(z.string()).default([]).describe('query params removed from the stored landing path'),
        internalHosts: z.array(z.string()).default([]).describe('referrers from these hosts are not a referral channel'),
      })
      .strict()
      .prefault({}),
    dedup: z
      .object({
        autoMergeThreshold: z
          .number()
          .min(0)
          .max(1)
          .default(0.95)
          .describe('name+company match probability that merges without review (all three fields present, at most one typo)'),
        suggestThreshold: z.number().min(0).max(1).default(0.5).describe('name+company match probability that creates a merge suggestion'),
        nameConflictThreshold: z.number().min(0).max(1).default(0.85).describe('below this, names on a shared phone conflict'),
      })
      .strict()
      .refine((d) => d.suggestThreshold <= d.autoMergeThreshold, { message: 'suggestThreshold must not exceed autoMergeThreshold' })
      .prefault({}),
    merge: z
      .object({
        volatileFields: z
          .array(z.string())
          .default(['jobTitle', 'companySize', 'budget', 'timeline', 'product'])
          .describe('fields where the newer non-empty value replaces the older one'),
      })
      .strict()
      .prefault({}),
    consent: z
      .object({
        ipPolicy: z.enum(['store', 'truncate', 'omit']).default('truncate').describe('truncate keeps /24 (IPv4) or /48 (IPv6)'),
        policies: z.record(z.string(), z.string()).default({}).describe('privacy-policy version → the policy text shown'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const qualitySourceOverrideSchema = z
  .object({
    missingData: z.object(missingDataFields).partial().strict().optional(),
  })
  .strict();

export type QualityConfig = z.output<typeof qualityConfigSchema>;
export type QualitySourceOverride = z.output<typeof qualitySourceOverrideSchema>;
export type MissingDataPolicy = z.output<typeof missingDataPolicySchema>;

/** The workspace section with one source's overrides applied; the input is not modified. */
export function configForSource(config: QualityConfig, override: QualitySourceOverride | undefined): QualityConfig {
  if (!override) return config;
  return {
    ...config,
    missingData: { ...config.missingData, ...stripUndefined(override.missingData ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
