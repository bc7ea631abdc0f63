import type { Logger } from 'pino';
import { AuthExpiredError, RateLimitedError, toStageError } from '../../pipeline/errors.js';
import type { HttpClient, HttpResponse } from '../http.js';
import type { ItemOutcome } from '../types.js';
import type { HubspotAccount } from './config.js';
import { hubspotError } from './errors.js';

/**
 * What the HubSpot connector's parts share: the HTTP client, the account's config, and the rule
 * for failures — an account-wide one (auth, rate limit) is thrown and stops the call; anything
 * else is the outcome of the items it concerns.
 */

export interface HubspotContext {
  account: string;
  config: HubspotAccount;
  http: HttpClient;
  logger: Logger;
}

export const BATCH_SIZE = 100;

export function chunks<T>(items: T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The answer when 2xx, else our typed error for it. */
export function ok(ctx: HubspotContext, response: HttpResponse, what: string): HttpResponse {
  if (response.status < 300) return response;
  throw hubspotError(response.status, response.body, { account: ctx.account, what });
}

export function isAccountWide(error: unknown): boolean {
  return error instanceof AuthExpiredError || error instanceof RateLimitedError;
}

/** An item's failure as its outcome; account-wide failures are rethrown. */
export function failed(error: unknown): ItemOutcome {
  if (isAccountWide(error)) throw error;
  return { ok: false, error: toStageError(error) };
}

/** Run `fn` per index, each failure its own outcome; `null` leaves the item undecided. */
export async function eachItem(indexes: number[], out: Array<ItemOutcome | undefined>, fn: (i: number) => Promise<ItemOutcome | null>): Promise<void> {
  for (const i of indexes) {
    try {
      out[i] = (await fn(i)) ?? undefined;
    } catch (error) {
      out[i] = failed(error);
    }
  }
}

export const path = {
  object: (type: string, id?: string) => `/crm/v3/objects/${type}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`,
  batch: (type: string, op: 'create' | 'read' | 'update' | 'upsert') => `/crm/v3/objects/${type}/batch/${op}`,
  search: (type: string) => `/crm/v3/objects/${type}/search`,
  associations: (type: string, id: string, toType: string) => `/crm/v4/objects/${type}/${encodeURIComponent(id)}/associations/${toType}`,
};
