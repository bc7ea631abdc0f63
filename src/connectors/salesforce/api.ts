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
