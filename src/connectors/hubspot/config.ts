import { z } from 'zod';
import type { BudgetLimits } from '../budget.js';
import { accountBaseSchema, type MappingEntry } from '../config.js';
import { secret } from '../../config/secret.js';

/**
 * A HubSpot account in `crm.accounts`: a private-app token (from the environment; absent = the
 * built-in sandbox, which accepts `sandbox-token`), the account's tier (sizes the rate budget),
 * the deal pipeline and stage, the lead source written on contacts, and an optional static list
 * every synced contact joins.
 */

export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const HUBSPOT_SANDBOX_TOKEN = 'sandbox-token';

export const HUBSPOT_TIERS = ['free', 'starter', 'professional', 'enterprise', 'api-pack'] as const;
export type HubspotTier = (typeof HUBSPOT_TIERS)[number];

export const hubspotAccountSchema = accountBaseSchema.extend({
  type: z.literal('hubspot'),
  token: secret('private-app access token (pat-…), normally `${HUBSPOT_TOKEN}`; absent or empty = the built-in sandbox'),
  tier: z.enum(HUBSPOT_TIERS).default('free').describe('the portal tier: sizes the rate budget (api-pack = with the API limit increase)'),
  pipeline: z.string().min(1).default('default').describe('deal pipeline id'),
  dealStage: z.string().min(1).default('appointmentscheduled').describe('deal stage id within the pipeline'),
  leadSource: z.string().default('Chatbot AI').describe('value of the contact property `leadsource`; empty = not written'),
  listId: z
    .string()
    .regex(/^\d+$/, 'a list id is numeric')
    .optional()
    .describe('static (MANUAL) contact list every synced contact is added to'),
});
export type HubspotAccount = z.output<typeof hubspotAccountSchema>;

/** SPEC §9 defaults. The custom properties are created by `ensureCustomFields`. */
export const defaultHubspotMapping: readonly MappingEntry[] = [
  { from: 'firstName', to: 'firstname', transform: [], onUpdate: true },
  { from: 'lastName', to: 'lastname', transform: [], onUpdate: true },
  { from: 'email', to: 'email', transform: ['lower'], onUpdate: true },
  { from: 'phone', to: 'phone', transform: [], onUpdate: true },
  { from: 'company', to: 'company', transform: [], onUpdate: true },
  { from: 'jobTitle', to: 'jobtitle', transform: [], onUpdate: true },
  { from: 'channel', to: 'chatbot_source', transform: [], onUpdate: false, custom: { label: 'Chatbot source', type: 'text' } },
  { from: 'initialQuestion', to: 'initial_question', transform: [{ truncate: 65_536 }], onUpdate: false, custom: { label: 'Initial question', type: 'textarea' } },
  { from: 'score', to: 'lead_score', transform: ['number'], onUpdate: true, custom: { label: 'Qualification score', type: 'number' } },
  { from: 'conversationId', to: 'conversation_id', transform: [], onUpdate: true, custom: { label: 'Conversation ID', type: 'text' } },
];

/** The property `leadsource` is not built into HubSpot: it is created like the mapping's custom fields. */
export const LEAD_SOURCE_PROPERTY = { name: 'leadsource', label: 'Lead source', type: 'text' } as const;

const BURST_BY_TIER: Record<HubspotTier, number> = { free: 100, starter: 100, professional: 190, enterprise: 190, 'api-pack': 250 };
/** Daily requests by tier (api-pack: one pack on a professional portal). */
export const HUBSPOT_DAILY_BY_TIER: Record<HubspotTier, number> = { free: 250_000, starter: 250_000, professional: 650_000, enterprise: 1_000_000, 'api-pack': 1_650_000 };

/** HubSpot's published limits for private apps (changelog "Increasing our API limits"); search is separate: 5/s. */
export function hubspotLimits(config: Pick<HubspotAccount, 'tier'>): BudgetLimits {
  return {
    windows: {
      default: { limit: BURST_BY_TIER[config.tier], intervalMs: 10_000 },
      search: { limit: 5, intervalMs: 1_000 },
    },
  };
}
