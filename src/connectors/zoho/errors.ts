import { PermanentError, RetryableError, type AnyStageError } from '../../pipeline/errors.js';
import type { HttpResponse } from '../http.js';

/**
 * Zoho's answers → our typed errors. Request-level failures are `{code, details, message, status:
 * "error"}`; writes answer per record in `data[]` (`{code:"SUCCESS", action, details:{id}}` or an
 * error code), so one bad record fails alone. `DUPLICATE_DATA` is not a failure: the connector
 * adopts `details.duplicate_record.id` (older answers: `details.id`). 401 and 429 never reach this
 * module: the client's policy turns them into AuthExpiredError and RateLimitedError.
 */

export interface ZohoResult {
  code: string;
  status?: string;
  message?: string;
  action?: string;
  details?: Record<string, unknown>;
  duplicate_field?: string | null;
}

const RETRYABLE = new Set(['INTERNAL_ERROR', 'DEPENDENT_FIELD_MISSING_TEMPORARILY', 'FEATURE_NOT_AVAILABLE_TEMPORARILY', 'LOCKED', 'RECORD_LOCKED']);

/** An error for a vendor code; messages can echo input, so only code and a bounded message are kept. */
export function zohoCodeError(code: string, message: string | undefined, what: string, status = 400): AnyStageError {
  const text = `zoho ${what}: ${status} ${code}${message ? `: ${message.slice(0, 200)}` : ''}`;
  if (status >= 500 || RETRYABLE.has(code)) return new RetryableError(text, status >= 500 ? 'CRM_5XX' : 'CRM_REJECTED');
  return new PermanentError(text, 'CRM_REJECTED');
}

export function zohoError(response: HttpResponse, what: string): AnyStageError {
  const body = response.body as { code?: string; message?: string } | null;
  return zohoCodeError(body?.code ?? 'UNKNOWN', body?.message ?? response.text.slice(0, 200), what, response.status);
}

/** The id a duplicate answer points at, or null. */
export function duplicateIdOf(result: ZohoResult): string | null {
  if (result.code !== 'DUPLICATE_DATA') return null;
  const details = result.details ?? {};
  const dup = details.duplicate_record as { id?: unknown } | undefined;
  const id = dup?.id ?? details.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export type RecordOutcome = { kind: 'ok'; id: string; created: boolean } | { kind: 'duplicate'; id: string } | { kind: 'error'; error: AnyStageError };

/** One `data[]` entry of a write answer. */
export function recordOutcome(result: ZohoResult | undefined, what: string): RecordOutcome {
  if (!result) return { kind: 'error', error: new RetryableError(`zoho ${what}: no result for the record`, 'CRM_REJECTED') };
  if (result.code === 'SUCCESS') {
    const id = result.details?.id;
    if (typeof id !== 'string' && typeof id !== 'number') return { kind: 'error', error: new RetryableError(`zoho ${what}: success without an id`, 'CRM_REJECTED') };
    return { kind: 'ok', id: String(id), created: result.action !== 'update' };
  }
  const dup = duplicateIdOf(result);
  if (dup !== null) return { kind: 'duplicate', id: dup };
  return { kind: 'error', error: zohoCodeError(result.code, result.message, what) };
}

/**
 * The `data[]` of a write answer. A 2xx, a 400 with `data[]` (every record failed) or a 207
 * (mixed) carry per-record results; anything else is one request-level error.
 */
export function writeResults(response: HttpResponse, what: string): ZohoResult[] {
  const data = (response.body as { data?: unknown } | null)?.data;
  if (Array.isArray(data) && (response.status < 300 || response.status === 400)) return data as ZohoResult[];
  throw zohoError(response, what);
}

/** Records of a read: 204 (no content) is an empty list. */
export function readRecords(response: HttpResponse, what: string): Array<Record<string, unknown>> {
  if (response.status === 204) return [];
  if (response.status !== 200) throw zohoError(response, what);
  const data = (response.body as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? (data as Array<Record<string, unknown>>) : [];
}
