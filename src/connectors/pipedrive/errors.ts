import { PermanentError, RetryableError, type AnyStageError } from '../../pipeline/errors.js';
import type { HttpResponse } from '../http.js';

/**
 * Pipedrive's answers → our typed errors. The envelope (v1 and v2) is
 * `{success:false, error, error_info, errorCode?, data, additional_data}`; some failures come with
 * HTTP 200 and `success:false`, so success is judged by the body, not the status alone.
 *
 * Pipedrive has no duplicate answer (it allows duplicate persons): nothing here adopts an existing
 * record — the connector's search-before-create and the ledger's knownId carry deduplication.
 * 401 and 429 never reach this module: the client's policy turns them into AuthExpiredError and
 * RateLimitedError.
 */

export interface PipedriveErrorBody {
  success: false;
  error: string;
  error_info?: string;
  errorCode?: number;
  code?: string;
}

export function errorBodyOf(body: unknown): PipedriveErrorBody | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (b.success !== false) return null;
  return { ...b, success: false, error: typeof b.error === 'string' ? b.error : 'unknown error' } as PipedriveErrorBody;
}

/** True when the answer is a success: a 2xx with a JSON body that does not say `success:false`. */
export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300 && typeof response.body === 'object' && response.body !== null && errorBodyOf(response.body) === null;
}

/**
 * The typed error for an answer that is not a success. Vendor messages can echo input values, so
 * only the status, the vendor's code and a bounded message are kept.
 */
export function pipedriveError(response: HttpResponse, what: string): AnyStageError {
  const body = errorBodyOf(response.body);
  const vendor = body ? `${body.code ? `${body.code}: ` : ''}${body.error.slice(0, 200)}` : response.text.slice(0, 200);
  const message = `pipedrive ${what}: ${response.status} ${vendor}`.trim();
  if (response.status >= 200 && response.status < 300) {
    // Observed on v1 for transient back-end failures: nothing was written that we can rely on.
    return new RetryableError(message, 'CRM_REJECTED');
  }
  if (response.status >= 500) return new RetryableError(message, 'CRM_5XX');
  return new PermanentError(message, 'CRM_REJECTED');
}

/** The `data` of a successful answer, or the typed error. */
export function dataOf(response: HttpResponse, what: string): unknown {
  if (!isSuccess(response)) throw pipedriveError(response, what);
  return (response.body as { data?: unknown }).data ?? null;
}
