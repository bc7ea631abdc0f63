import { z } from 'zod';
import { privateKeyFrom } from './jwt.js';
import type { BudgetLimits } from '../budget.js';
import { accountBaseSchema, contactThresholdSchema, mappingEntrySchema, type MappingEntry } from '../config.js';
import { secret } from '../../config/secret.js';

/**
 * A Salesforce org: OAuth 2.0 refresh-token flow (or the JWT bearer flow, `auth: jwt`) against
 * `{loginUrl}/services/oauth2/token`, the
 * REST API (v62.0) at the `instance_url` the token answer names, and the daily API request
 * allocation that sizes the budget (corrected from `Sforce-Limit-Info`).
 */

export const SALESFORCE_API_VERSION = 'v62.0';
export const SALESFORCE_API = `/services/data/${SALESFORCE_API_VERSION}`;
export const SALESFORCE_LOGIN_URL = 'https://login.salesforce.com';
/** The built-in sandbox's OAuth client and refresh token. */
export const SALESFORCE_SANDBOX_CLIENT = { clientId: 'sandbox', clientSecret: 'sandbox', refreshToken: 'sandbox-refresh' } as const;

export const salesforceAccountSchema = accountBaseSchema.extend({
  type: z.literal('salesforce'),
  clientId: z.string().optional().describe('connected app consumer key; absent or empty = the built-in sandbox'),
  clientSecret: secret('connected app consumer secret, normally `${SALESFORCE_CLIENT_SECRET}`'),
  refreshToken: secret('OAuth refresh token, normally `${SALESFORCE_REFRESH_TOKEN}`'),
  auth: z.enum(['refresh-token', 'jwt']).default('refresh-token').describe('jwt: the JWT bearer flow (server-to-server, a pre-authorized user, no refresh token)'),
  username: z.string().min(1).optional().describe('jwt: the Salesforce username the app acts as (`sub`)'),
  privateKey: secret('jwt: PEM private key of the certificate uploaded to the connected app, normally `${SALESFORCE_PRIVATE_KEY}` (`\\n` escapes allowed)'),
  audience: z.url().optional().describe('jwt: `aud`; default https://test.salesforce.com when loginUrl is test.salesforce.com, else https://login.salesforce.com'),
  loginUrl: z.url().default(SALESFORCE_LOGIN_URL).describe('https://test.salesforce.com for a Salesforce sandbox org, or a My Domain URL'),
  dailyApiRequests: z.number().int().min(1).default(100_000).describe("the org's 24 h API request allocation (Enterprise: 100,000 + per-licence)"),
  leadSource: z.string().min(1).default('Chatbot'),
  defaultCompany: z.string().min(1).default('[not provided]').describe('Lead.Company when the lead has none (Lead requires it)'),
  // REST has no convertLead: a Lead whose person became a Contact is closed with this status and
  // points at the Contact through Leadwire_Contact__c (design note 27).
  contact: contactThresholdSchema('Closed - Not Converted').describe('qualified persons are written as Contacts (linked to their Account) instead of Leads'),
  chatbotRecordType: z
    .string()
    .min(1)
    .nullable()
    .default('Lead from Chatbot')
    .describe("the Lead record type (Name or DeveloperName) of leads from a chatbot conversation; `crm setup` reports it when the org lacks it; null: none"),
  campaign: z
    .object({
      name: z.string().min(1).max(80).optional().describe('the campaign every person joins, e.g. "Chatbot Website Q1" (`leadwire crm setup` creates it)'),
      fromUtm: z.boolean().default(false).describe("join the campaign named by the lead's utm_campaign when the org has one (else `name`)"),
      memberStatus: z.string().min(1).default('Responded').describe("one of the campaign's member statuses"),
    })
    .strict()
    .refine((c) => c.name !== undefined || c.fromUtm, { message: 'campaign needs a `name`, `fromUtm: true`, or both' })
    .optional()
    .describe('CampaignMember for every person synced'),
}).superRefine((config, ctx) => {
  if (config.auth !== 'jwt' || !config.clientId) return;
  if (!config.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'auth: jwt needs the username the app acts as' });
  if (!config.privateKey) ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'auth: jwt needs the private key (PEM), normally ${SALESFORCE_PRIVATE_KEY}' });
  else {
    try {
      privateKeyFrom(config.privateKey);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'not a PEM private key (-----BEGIN PRIVATE KEY----- … or RSA PRIVATE KEY)' });
    }
  }
});
export type SalesforceAccount = z.output<typeof salesforceAccountSchema>;

/** The unique external-id field leads are upserted by (lower-cased email). */
export const LEAD_KEY_FIELD = 'Lead_Key__c';
/** `aud` of a JWT assertion: the login server the org authenticates at. */
export function jwtAudience(config: Pick<SalesforceAccount, 'audience' | 'loginUrl'>): string {
  return config.audience ?? (/\/\/test\.salesforce\.com/.test(config.loginUrl) ? 'https://test.salesforce.com' : SALESFORCE_LOGIN_URL);
}

/** The unique external-id field contacts are upserted by (lower-cased email). */
export const CONTACT_KEY_FIELD = 'Contact_Key__c';
/** Lookup(Contact) on Lead: the Contact a Lead's person became (REST cannot convert a Lead). */
export const LEAD_CONTACT_FIELD = 'Leadwire_Contact__c';
/** Lookup(Account) on Lead: a Lead has no AccountId until it is converted. */
export const LEAD_ACCOUNT_FIELD = 'Leadwire_Account__c';
/** Opportunity external id carrying `DealRecord.key`, and Lookup(Lead) linking the deal to the person. */
export const DEAL_KEY_FIELD = 'Leadwire_Key__c';
export const DEAL_LEAD_FIELD = 'Leadwire_Lead__c';
/** Lookup(Lead) on Case: a Case links a Contact by ContactId, but has no standard Lead link. */
export const CASE_LEAD_FIELD = 'Leadwire_Lead__c';

/** SPEC §9: score and conversation facts as custom Lead fields; name, email, phone, company are structural. */
export const defaultSalesforceMapping: MappingEntry[] = [
  { from: 'score', to: 'Lead_Score__c', custom: { label: 'Lead Score', type: 'number' } },
  { from: 'source', to: 'Chatbot_Source__c', custom: { label: 'Chatbot Source', type: 'text' } },
  { from: 'initialQuestion', to: 'Initial_Question__c', transform: [{ truncate: 2000 }], onUpdate: false, custom: { label: 'Initial Question', type: 'textarea' } },
  { from: 'conversationId', to: 'Conversation_ID__c', custom: { label: 'Conversation ID', type: 'text' } },
  { from: 'jobTitle', to: 'Title' },
].map((entry) => mappingEntrySchema.parse(entry));

/**
 * Salesforce has no per-second limit, only a rolling 24 h request allocation and concurrency caps:
 * the daily budget counts every call (cost 1), the window is a gentle self-imposed pace.
 */
export function salesforceLimits(config: Pick<SalesforceAccount, 'dailyApiRequests'>): BudgetLimits {
  return {
    windows: { default: { limit: 50, intervalMs: 1_000 } },
    daily: { tokens: config.dailyApiRequests, resetAt: (now) => now + 24 * 3_600_000 },
  };
}
