import { z } from 'zod';
import type { BudgetLimits } from '../budget.js';
import { accountBaseSchema, contactThresholdSchema, mappingEntrySchema, type MappingEntry } from '../config.js';
import { secret } from '../../config/secret.js';

/**
 * A Zoho CRM account: OAuth 2.0 refresh-token flow against the accounts server of its data centre
 * (`/oauth/v2/token`), the API at the token answer's `api_domain` (`/crm/v8/…`), and the edition
 * that sizes the daily API credits. No client credentials = the built-in sandbox.
 */

export const ZOHO_DATA_CENTRES = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa'] as const;
export type ZohoDataCentre = (typeof ZOHO_DATA_CENTRES)[number];

export const ZOHO_ACCOUNTS: Record<ZohoDataCentre, string> = {
  us: 'https://accounts.zoho.com',
  eu: 'https://accounts.zoho.eu',
  in: 'https://accounts.zoho.in',
  au: 'https://accounts.zoho.com.au',
  jp: 'https://accounts.zoho.jp',
  ca: 'https://accounts.zohocloud.ca',
  cn: 'https://accounts.zoho.com.cn',
  sa: 'https://accounts.zoho.sa',
};
export const ZOHO_API: Record<ZohoDataCentre, string> = {
  us: 'https://www.zohoapis.com',
  eu: 'https://www.zohoapis.eu',
  in: 'https://www.zohoapis.in',
  au: 'https://www.zohoapis.com.au',
  jp: 'https://www.zohoapis.jp',
  ca: 'https://www.zohoapis.ca',
  cn: 'https://www.zohoapis.com.cn',
  sa: 'https://www.zohoapis.sa',
};

export const ZOHO_SANDBOX_CLIENT = { clientId: 'sandbox', clientSecret: 'sandbox', refreshToken: 'sandbox-refresh' } as const;

export const ZOHO_EDITIONS = ['free', 'standard', 'professional', 'enterprise', 'ultimate'] as const;
export type ZohoEdition = (typeof ZOHO_EDITIONS)[number];

export const zohoAccountSchema = accountBaseSchema.extend({
  type: z.literal('zoho'),
  clientId: z.string().optional().describe('OAuth client id; absent or empty = the built-in sandbox'),
  clientSecret: secret('OAuth client secret, normally `${ZOHO_CLIENT_SECRET}`'),
  refreshToken: secret('OAuth refresh token, normally `${ZOHO_REFRESH_TOKEN}`'),
  dataCenter: z.enum(ZOHO_DATA_CENTRES).default('us'),
  accountsUrl: z.url().optional().describe("the accounts server; default: the data centre's (the sandbox's in embedded mode)"),
  edition: z.enum(ZOHO_EDITIONS).default('enterprise').describe('sizes the daily API credits'),
  licenses: z.number().int().min(1).max(100_000).default(1),
  dealStage: z.string().min(1).default('Qualification'),
  contact: contactThresholdSchema('Pre-Qualified').describe('qualified persons are written to Contacts instead of Leads'),
});
export type ZohoAccount = z.output<typeof zohoAccountSchema>;

export function zohoAccountsUrl(config: Pick<ZohoAccount, 'accountsUrl' | 'dataCenter'>): string {
  return config.accountsUrl ?? ZOHO_ACCOUNTS[config.dataCenter];
}

/** Custom Leads fields: score and conversation facts (API names as setup creates them). */
export const defaultZohoMapping: MappingEntry[] = [
  { from: 'score', to: 'Qualification_Score', custom: { label: 'Qualification Score', type: 'number' } },
  { from: 'source', to: 'Chatbot_Source', custom: { label: 'Chatbot Source', type: 'text' } },
  { from: 'initialQuestion', to: 'Initial_Question', transform: [{ truncate: 2000 }], onUpdate: false, custom: { label: 'Initial Question', type: 'textarea' } },
  { from: 'conversationId', to: 'Conversation_ID', custom: { label: 'Conversation ID', type: 'text' } },
  { from: 'jobTitle', to: 'Designation' },
].map((entry) => mappingEntrySchema.parse(entry));

/**
 * Published limits: API credits per rolling 24 h by edition (base + per licence, capped), and
 * concurrency per org (approximated as a per-second window). Zoho: 10 token refreshes / 10 min.
 */
export const ZOHO_CREDITS: Record<ZohoEdition, { base: number; perLicense: number; max: number }> = {
  free: { base: 5_000, perLicense: 0, max: 5_000 },
  standard: { base: 50_000, perLicense: 250, max: 100_000 },
  professional: { base: 50_000, perLicense: 500, max: 3_000_000 },
  enterprise: { base: 50_000, perLicense: 1_000, max: 5_000_000 },
  ultimate: { base: 50_000, perLicense: 2_000, max: 5_000_000 },
};
export const ZOHO_CONCURRENCY: Record<ZohoEdition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };
export const ZOHO_REFRESH_LIMIT = { limit: 10, intervalMs: 10 * 60_000 };

export function zohoDailyCredits(edition: ZohoEdition, licenses: number): number {
  const c = ZOHO_CREDITS[edition];
  return Math.min(c.max, c.base + c.perLicense * licenses);
}

export function zohoLimits(config: Pick<ZohoAccount, 'edition' | 'licenses'>): BudgetLimits {
  return {
    windows: { default: { limit: ZOHO_CONCURRENCY[config.edition] * 10, intervalMs: 1_000 } },
    daily: { tokens: zohoDailyCredits(config.edition, config.licenses), resetAt: (now) => now + 24 * 3_600_000 },
  };
}
