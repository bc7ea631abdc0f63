import type { HttpClient, HttpRequest, HttpResponse } from '../http.js';
import { SALESFORCE_API } from './config.js';
import { okBody } from './errors.js';

/** Calls below `/services/data/v62.0` and SOQL queries (data and Tooling API). */

export interface CallOptions {
  query?: HttpRequest['query'];
  body?: unknown;
  /** Default: GET and PATCH (by id or external id) are idempotent, POST is not. */
  idempotent?: boolean;
}

export type SalesforceCall = (method: HttpRequest['method'], path: string, options?: CallOptions) => Promise<HttpResponse>;

export function salesforceCaller(http: HttpClient): SalesforceCall {
  return (method, path, options = {}) => http.request({ method, path, query: options.query, body: options.body, idempotent: options.idempotent ?? method !== 'POST' });
}

export type SoqlRecord = Record<string, unknown> & { Id: string };

/** Records of a SOQL query (first page; our queries are bounded by LIMIT). */
export async function soql(call: SalesforceCall, q: string, tooling = false): Promise<SoqlRecord[]> {
  const path = `${SALESFORCE_API}${tooling ? '/tooling' : ''}/query`;
  const body = okBody(await call('GET', path, { query: { q } }), tooling ? 'tooling query' : 'query') as { records?: SoqlRecord[] } | null;
  return body?.records ?? [];
}

/** Name → id, cached per connector; a name the org lacks is asked again after `missTtlMs` (someone may create it). */
export function cachedLookup(find: (name: string) => Promise<string | null>, clock: () => number, missTtlMs: number): (name: string) => Promise<string | null> {
  const cache = new Map<string, { id: string | null; at: number }>();
  return async (name) => {
    const cached = cache.get(name);
    if (cached && (cached.id !== null || clock() - cached.at < missTtlMs)) return cached.id;
    const id = await find(name);
    cache.set(name, { id, at: clock() });
    return id;
  };
}

/** The active Lead record type whose DeveloperName or Name is `name` ("Lead from Chatbot" ↔ Lead_from_Chatbot). */
export async function leadRecordTypeId(call: SalesforceCall, name: string): Promise<string | null> {
  const developerName = name.trim().replace(/[^A-Za-z0-9]+/g, '_');
  const rows = await soql(call, "SELECT Id, DeveloperName, Name FROM RecordType WHERE SobjectType = 'Lead' AND IsActive = true");
  return rows.find((r) => r.DeveloperName === name || r.DeveloperName === developerName || r.Name === name)?.Id ?? null;
}
