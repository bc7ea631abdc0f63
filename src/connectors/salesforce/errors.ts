import { PermanentError, RetryableError, type AnyStageError } from '../../pipeline/errors.js';
import type { HttpResponse } from '../http.js';

/**
 * Salesforce's REST answers → our typed errors. Failures are a JSON array
 * `[{message, errorCode, fields?}]`; `DUPLICATES_DETECTED` (a duplicate rule blocking a save) also
 * carries the matched records under `duplicateResult` — or `duplicateResut`, a misspelling some
 * API versions send — and the connector adopts the first match. 401 and REQUEST_LIMIT_EXCEEDED
 * never reach this module: the client's policy handles them.
 */

export interface SalesforceError {
  message: string;
  errorCode: string;
  fields?: string[];
  duplicateResult?: DuplicateResult;
  duplicateResut?: DuplicateResult;
}

interface DuplicateResult {
  matchResults?: Array<{ matchRecords?: Array<{ record?: { Id?: string; attributes?: { type?: string } } }> }>;
}

export function errorsOf(body: unknown): SalesforceError[] {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && 'errorCode' in body ? [body] : [];
  return list
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && typeof (e as { errorCode?: unknown }).errorCode === 'string')
    .map((e) => ({ ...e, message: typeof e.message === 'string' ? e.message : '', errorCode: e.errorCode as string }));
}

/**
 * The id of the record a duplicate rule matched, when the answer is DUPLICATES_DETECTED; with
 * `type`, only a match of that sObject type (a Contact is not adopted as a Lead, nor the reverse).
 */
export function duplicateIdOf(body: unknown, type?: string): string | null {
  for (const error of errorsOf(body)) {
    if (error.errorCode !== 'DUPLICATES_DETECTED') continue;
    const result = error.duplicateResult ?? error.duplicateResut;
    for (const match of result?.matchResults ?? []) {
      const id = match.matchRecords?.find((r) => typeof r.record?.Id === 'string' && (type === undefined || r.record.attributes?.type === undefined || r.record.attributes.type === type))?.record?.Id;
      if (id) return id;
    }
  }
  return null;
}

const RETRYABLE_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG', 'QUERY_TIMEOUT']);

/** The typed error for an answer that is not a success; messages can echo values, so they are bounded. */
export function salesforceError(response: HttpResponse, what: string): AnyStageError {
  return errorFor(response.status, errorsOf(response.body), response.text, what);
}

/**
 * One record's failure in an sObject Collections answer: `{success:false, errors:[{statusCode,
 * message, fields}]}` — the SOAP-style `statusCode` where single-record answers say `errorCode`.
 */
export function collectionItemError(result: CollectionResult, what: string): AnyStageError {
  return errorFor(400, collectionCodes(result).map((statusCode, i) => ({ errorCode: statusCode, message: String(result.errors?.[i]?.message ?? '') })), '', what);
}

export interface CollectionResult {
  id?: string;
  success?: boolean;
  created?: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
}

export const collectionCodes = (result: CollectionResult): string[] => (result.errors ?? []).map((e) => (typeof e.statusCode === 'string' ? e.statusCode : 'UNKNOWN_EXCEPTION'));

function errorFor(status: number, errors: Array<Pick<SalesforceError, 'errorCode' | 'message'>>, text: string, what: string): AnyStageError {
  const first = errors[0];
  const vendor = first ? `${first.errorCode}: ${first.message.slice(0, 200)}` : text.slice(0, 200);
  const message = `salesforce ${what}: ${status} ${vendor}`.trim();
  if (status >= 500 || errors.some((e) => RETRYABLE_CODES.has(e.errorCode))) return new RetryableError(message, 'CRM_5XX');
  if (errors.some((e) => e.errorCode === 'DUPLICATES_DETECTED' || e.errorCode === 'DUPLICATE_VALUE')) return new PermanentError(message, 'DUPLICATE_CONFLICT');
  return new PermanentError(message, 'CRM_REJECTED');
}

export const isOk = (response: HttpResponse): boolean => response.status >= 200 && response.status < 300;

/** The body of a 2xx answer, or the typed error. */
export function okBody(response: HttpResponse, what: string): unknown {
  if (!isOk(response)) throw salesforceError(response, what);
  return response.body;
}

/** `id` of a create / upsert answer `{id, success, errors, created?}`. */
export function idOf(body: unknown): string {
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw new RetryableError('salesforce answer without an id', 'CRM_5XX');
  return id;
}
