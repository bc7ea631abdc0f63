import { z } from 'zod';
import { DEAD_LETTER_REASONS } from '../pipeline/errors.js';

/**
 * The API's shapes as zod schemas: fastify validates query and path parameters with them, and the
 * OpenAPI document at /docs is generated from them. The lead body itself is parsed by
 * `lead-body.ts` (it folds unknown fields into `custom` and reports every issue at once); the
 * schema here documents it.
 */
const text = (max: number, description?: string) => (description ? z.string().max(max).describe(description) : z.string().max(max));

export const leadBodySchema = z
  .looseObject({
    email: text(254).optional(),
    phone: z.union([text(64), z.number()]).optional(),
    firstName: text(100).optional(),
    lastName: text(100).optional(),
    name: text(200, 'full name; split into first/last when those are absent').optional(),
    company: text(200).optional(),
    jobTitle: text(200).optional(),
    message: text(10_000).optional(),
    product: text(200).optional(),
    budget: z.union([text(100), z.number()]).optional(),
    timeline: text(100).optional(),
    country: text(100).optional(),
    language: text(35).optional(),
    timezone: text(64).optional(),
    utm: z.object({ source: text(256), medium: text(256), campaign: text(256), term: text(256), content: text(256) }).partial().optional(),
    utm_source: text(256).optional(),
    utm_medium: text(256).optional(),
    utm_campaign: text(256).optional(),
    utm_term: text(256).optional(),
    utm_content: text(256).optional(),
    landingUrl: text(2048).optional(),
    referrer: text(2048).optional(),
    gclid: text(256).optional(),
    fbclid: text(256).optional(),
    consent: z.object({ marketing: z.boolean(), contact: z.boolean(), policyVersion: text(50), text: text(5000) }).partial().optional(),
    source: text(100, 'the lead source as you name it, e.g. "Website form"').optional(),
    channel: text(50).optional(),
    custom: z.record(z.string(), z.unknown()).optional().describe('free-form, bounded; unknown top-level fields land here too'),
    formToken: z.string().optional().describe('public form sources only: the form token (or send X-Form-Token)'),
  })
  .describe('A lead. At least an email or a phone. JSON or application/x-www-form-urlencoded (utm[source]=… nests).');

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const acceptedSchema = z.object({
  leadId: z.string(),
  eventId: z.string(),
  status: z.literal('received'),
  links: z.object({ self: z.string() }),
});

const eventSchema = z.object({
  eventId: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  at: z.string(),
  durationMs: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const leadSchema = z.object({
  id: z.string(),
  status: z.string(),
  sourceId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  mergedInto: z.string().nullable().describe('set when this submission turned out to be a known person: the lead it was merged into'),
  input: z.record(z.string(), z.unknown()).describe('the lead as accepted'),
  identity: z.record(z.string(), z.unknown()).describe('normalized identity and context derived by the pipeline'),
  flags: z.array(z.string()),
  score: z.number().nullable(),
  segment: z.string().nullable(),
  owner: z.string().nullable(),
  routingReason: z.string().nullable(),
  crmIds: z.record(z.string(), z.string()),
  events: z.array(eventSchema).optional(),
});

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
const limit = z.coerce.number().int().min(1).max(200).default(50);

export const leadListQuery = z
  .object({
    status: z.string().max(50).optional(),
    source: z.string().max(63).optional(),
    segment: z.string().max(100).optional(),
    owner: z.string().max(200).optional(),
    createdFrom: isoDate.optional().describe('inclusive, ISO 8601'),
    createdTo: isoDate.optional().describe('exclusive, ISO 8601'),
    limit,
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const leadListSchema = z.object({ items: z.array(leadSchema), nextCursor: z.string().nullable() });

export const deadLetterSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  stage: z.string(),
  reason: z.enum(DEAD_LETTER_REASONS),
  error: z.string(),
  attempts: z.number(),
  createdAt: z.string(),
  replayedAt: z.string().nullable(),
});

export const deadLetterListQuery = z
  .object({
    reason: z.enum(DEAD_LETTER_REASONS).optional(),
    includeReplayed: z.enum(['true', 'false']).optional(),
    limit,
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const idParams = z.object({ id: z.string().min(1).max(100) });

export const replayedSchema = z.object({ deadLetterId: z.string(), leadId: z.string(), jobId: z.string(), status: z.literal('replayed') });

export const suggestionSchema = z.object({
  id: z.string(),
  leadId: z.string().describe('the newer lead'),
  candidateId: z.string().describe('the existing lead it may be the same person as'),
  rule: z.string(),
  confidence: z.number(),
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'accepted', 'rejected']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

export const suggestionListQuery = z
  .object({ status: z.enum(['open', 'accepted', 'rejected']).default('open'), limit, cursor: z.string().max(200).optional() })
  .strict();

export const consentRecordSchema = z.object({
  purpose: z.string(),
  action: z.enum(['granted', 'declined', 'withdrawn']),
  at: z.string(),
  policyVersion: z.string().nullable(),
  policySha256: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  source: z.string(),
  evidenceText: z.string().nullable(),
});

export const consentsSchema = z.object({
  leadId: z.string(),
  current: z.record(z.string(), z.object({ granted: z.boolean(), decidedAt: z.string().nullable(), policyVersion: z.string().nullable() })).describe('per purpose, derived from the history'),
  history: z.array(consentRecordSchema),
});

export const withdrawalSchema = z
  .object({
    purpose: z.string().min(1).max(50).describe('e.g. marketing'),
    source: z.string().min(1).max(50).default('api'),
    evidenceText: z.string().max(5000).optional().describe('what the person did or saw, e.g. "unsubscribe link in email of 2026-11-20"'),
  })
  .strict();
