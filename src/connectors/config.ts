import { z } from 'zod';

/**
 * What every CRM account in `crm.accounts` has in common: whether it is on, where its API is, how
 * leads are sent (realtime, batch, auto), how many calls run at once, the field mapping, and when
 * a deal is created. Each CRM folder extends this with its own auth and objects (`<crm>/config.ts`).
 */

/** Our side of a mapping: a lead field (see `mapping.ts` for the list). */
export const MAPPABLE = [
  'leadId',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'country',
  'product',
  'budget',
  'timeline',
  'language',
  'score',
  'segment',
  'owner',
  'routingReason',
  'source',
  'receivedAt',
  'message',
  'conversationId',
  'initialQuestion',
  'channel',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'landingPage',
  'referrer',
] as const;
export type Mappable = (typeof MAPPABLE)[number];

export const transformSchema = z.union([
  z.enum(['string', 'number', 'lower', 'upper', 'trim', 'date', 'datetime', 'epochMs']).describe('date = YYYY-MM-DD, datetime = ISO 8601 UTC, epochMs = milliseconds'),
  z.object({ map: z.record(z.string(), z.string()), default: z.string().optional() }).strict().describe('map values; unmapped values pass through unless `default` is given'),
  z.object({ prefix: z.string() }).strict(),
  z.object({ truncate: z.number().int().min(1) }).strict(),
]);
export type Transform = z.infer<typeof transformSchema>;

export const customFieldSchema = z
  .object({
    label: z.string().min(1),
    type: z.enum(['text', 'textarea', 'number', 'date', 'datetime', 'enum', 'bool']).default('text'),
    options: z.array(z.string()).optional().describe('values of an enum field'),
  })
  .strict()
  .describe('a custom field `leadwire crm setup` creates when it does not exist');

export const mappingEntrySchema = z
  .object({
    from: z.union([z.enum(MAPPABLE), z.string().regex(/^custom\.[A-Za-z0-9_.-]{1,64}$/, 'custom.<key> reads a custom form field')]),
    to: z.string().min(1).describe("the CRM field's API name (HubSpot property, Pipedrive field key or name …)"),
    transform: z.array(transformSchema).default([]),
    /** Also written on updates (false: only when the CRM record is created). */
    onUpdate: z.boolean().default(true),
    custom: customFieldSchema.optional(),
  })
  .strict();
export type MappingEntry = z.output<typeof mappingEntrySchema>;

export const syncModeSchema = z.enum(['realtime', 'batch', 'auto']).describe('realtime: each lead now; batch: flush every N seconds or M leads; auto: hot and high-intent now, the rest batched');

export const accountBaseSchema = z.object({
  enabled: z.boolean().default(true),
  baseUrl: z.url().optional().describe("the API's base URL; default: the vendor's, or the built-in sandbox when no credential is configured"),
  mode: syncModeSchema.default('realtime'),
  batch: z
    .object({
      size: z.number().int().min(1).max(200).default(100),
      flushSeconds: z.number().min(0.1).max(3600).default(10),
    })
    .strict()
    .prefault({}),
  concurrency: z.number().int().min(1).max(64).default(4).describe('sync jobs of this account in flight at once'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Replaces the CRM's default mapping when given. */
  mapping: z.array(mappingEntrySchema).optional(),
  deal: z
    .object({
      enabled: z.boolean().default(true),
      segments: z.array(z.string()).default(['hot']).describe('segments that get a deal'),
      minScore: z.number().optional().describe('…or a score at least this high'),
      intents: z.array(z.string()).default(['purchase', 'demo', 'pricing']).describe('…or one of these conversation intents'),
    })
    .strict()
    .prefault({}),
  note: z.boolean().default(true).describe('attach the lead summary / conversation as a note'),
  ticket: z
    .object({
      enabled: z.boolean().default(true),
      intents: z.array(z.string()).default(['support']).describe('conversation intents that open a ticket (Salesforce / Zoho Case; a high-priority task elsewhere)'),
    })
    .strict()
    .prefault({})
    .describe('one support ticket per lead whose conversation asks for support'),
  company: z.boolean().default(true).describe('find or create the company / organization and link the person to it'),
  budget: z
    .object({
      requests: z.number().int().min(1),
      intervalMs: z.number().int().min(100),
      searchRequests: z.number().int().min(1).optional(),
      searchIntervalMs: z.number().int().min(100).optional(),
    })
    .strict()
    .optional()
    .describe("overrides the plan's published request limits (an API limit pack, a negotiated limit)"),
});
export type AccountBase = z.output<typeof accountBaseSchema>;

/**
 * When a person is qualified enough to be written as a Contact instead of a Lead (CRMs with both:
 * Salesforce, Zoho). Once a Contact, always a Contact: the ledger remembers it.
 */
export function contactThresholdSchema(defaultLeadStatus: string) {
  return z
    .object({
      enabled: z.boolean().default(true),
      segments: z.array(z.string()).default(['hot']).describe('segments written as a Contact'),
      minScore: z.number().nullable().default(70).describe('…or a score at least this high (null: segments only)'),
      leadStatus: z.string().min(1).default(defaultLeadStatus).describe('the status a Lead gets when its person becomes a Contact'),
    })
    .strict()
    .prefault({});
}
export type ContactThreshold = z.output<ReturnType<typeof contactThresholdSchema>>;
