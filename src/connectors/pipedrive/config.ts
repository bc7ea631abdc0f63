import { z } from 'zod';
import type { BudgetLimits } from '../budget.js';
import { accountBaseSchema, mappingEntrySchema, type MappingEntry } from '../config.js';
import { secret } from '../../config/secret.js';

/**
 * A Pipedrive account: API token auth against `https://{companyDomain}.pipedrive.com` (API v2 for
 * persons, organizations, deals, activities, fields, pipelines; v1 for notes and users/me), the
 * plan and seats that size the rate budget, and the objects leads land in (pipeline, stage, label).
 */

export const PIPEDRIVE_PLANS = ['lite', 'growth', 'premium', 'ultimate'] as const;
export type PipedrivePlan = (typeof PIPEDRIVE_PLANS)[number];

/** The vendor's base URL; `{companyDomain}` is replaced from the account config. */
export const PIPEDRIVE_DEFAULT_BASE_URL = 'https://{companyDomain}.pipedrive.com';
/** The token the built-in sandbox accepts when no token is configured. */
export const PIPEDRIVE_SANDBOX_TOKEN = 'sandbox-token';

export const pipedriveAccountSchema = accountBaseSchema.extend({
  type: z.literal('pipedrive'),
  token: secret('personal API token (x-api-token), normally `${PIPEDRIVE_TOKEN}`; absent or empty = the built-in sandbox'),
  companyDomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'a Pipedrive company subdomain, e.g. "acme" for acme.pipedrive.com')
    .default('sandbox'),
  plan: z.enum(PIPEDRIVE_PLANS).default('lite').describe('sizes the burst limit and the daily token budget'),
  seats: z.number().int().min(1).max(100_000).default(1),
  pipeline: z.string().min(1).default('Inbound Leads').describe('deal pipeline name; created by setup when missing'),
  stage: z.string().min(1).optional().describe('stage name in that pipeline; default: its first stage'),
  label: z.string().min(1).default('Lead from Chatbot').describe('person label attached to every synced person'),
});
export type PipedriveAccount = z.output<typeof pipedriveAccountSchema>;

export function pipedriveBaseUrl(config: Pick<PipedriveAccount, 'baseUrl' | 'companyDomain'>): string {
  return config.baseUrl ?? PIPEDRIVE_DEFAULT_BASE_URL.replace('{companyDomain}', config.companyDomain);
}

/** SPEC §9: score and the conversation facts as custom person fields; name, email, phone, company, label are structural. */
export const defaultPipedriveMapping: MappingEntry[] = [
  { from: 'score', to: 'Qualification score', custom: { label: 'Qualification score', type: 'number' } },
  { from: 'source', to: 'Chatbot source', custom: { label: 'Chatbot source', type: 'text' } },
  { from: 'initialQuestion', to: 'Initial question', transform: [{ truncate: 2000 }], onUpdate: false, custom: { label: 'Initial question', type: 'textarea' } },
  { from: 'conversationId', to: 'Conversation ID', custom: { label: 'Conversation ID', type: 'text' } },
  { from: 'jobTitle', to: 'job_title' },
].map((entry) => mappingEntrySchema.parse(entry));

/**
 * Published limits (developers.pipedrive.com rate limiting, token-based): burst per API token in a
 * rolling 2 s window by plan, search 10 per 2 s on every plan, and a daily token budget of
 * 30,000 × plan multiplier × seats per company, reset at midnight (server time; UTC here).
 */
export const PIPEDRIVE_BURST: Record<PipedrivePlan, number> = { lite: 20, growth: 40, premium: 100, ultimate: 120 };
export const PIPEDRIVE_DAILY_MULTIPLIER: Record<PipedrivePlan, number> = { lite: 1, growth: 2, premium: 5, ultimate: 7 };
export const PIPEDRIVE_WINDOW_MS = 2_000;
export const PIPEDRIVE_SEARCH_LIMIT = 10;

export function pipedriveDailyTokens(plan: PipedrivePlan, seats: number): number {
  return 30_000 * PIPEDRIVE_DAILY_MULTIPLIER[plan] * seats;
}

export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export function pipedriveLimits(config: Pick<PipedriveAccount, 'plan' | 'seats'>): BudgetLimits {
  return {
    windows: {
      default: { limit: PIPEDRIVE_BURST[config.plan], intervalMs: PIPEDRIVE_WINDOW_MS },
      search: { limit: PIPEDRIVE_SEARCH_LIMIT, intervalMs: PIPEDRIVE_WINDOW_MS },
    },
    daily: { tokens: pipedriveDailyTokens(config.plan, config.seats), resetAt: nextUtcMidnight },
  };
}
