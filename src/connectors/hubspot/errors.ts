import { AuthExpiredError, PermanentError, RateLimitedError, RetryableError, type AnyStageError } from '../../pipeline/errors.js';

/**
 * HubSpot's error answers → our typed errors, pure. HubSpot's envelope is
 * `{status:"error", message, correlationId, category, subCategory?, context?, errors?[]}` (batch
 * items: `StandardError`, the same fields with `context` keyed by e.g. `objectWriteTraceId`). Every
 * field is optional here, as HubSpot asks clients to treat them. Vendor messages can quote the
 * values they reject (emails, phones): they are redacted before they become our messages.
 */

export interface HubspotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  context?: Record<string, string[]>;
  errors?: Array<{ message?: string; code?: string; in?: string; context?: Record<string, string[]> }>;
  policyName?: string;
  errorType?: string;
}

export function readHubspotError(body: unknown): HubspotErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    status: str(b.status),
    message: str(b.message),
    category: str(b.category),
    subCategory: str(b.subCategory),
    correlationId: str(b.correlationId),
    context: isStringListRecord(b.context) ? b.context : undefined,
    errors: Array.isArray(b.errors) ? (b.errors as HubspotErrorBody['errors']) : undefined,
    policyName: str(b.policyName),
    errorType: str(b.errorType),
  };
}

function isStringListRecord(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => Array.isArray(v));
}

/** "Contact already exists. Existing ID: 12345" → "12345" (409 CONFLICT on create or on an email change). */
export function existingIdFrom(body: unknown): string | null {
  const message = readHubspotError(body).message ?? '';
  const match = /Existing ID:\s*(\d+)/i.exec(message);
  return match?.[1] ?? null;
}

/** Vendor text without the personal data it may quote. */
export function redact(text: string): string {
  return text.replace(/[^\s"'\\:,[\]{}]+@[^\s"'\\:,[\]{}]*/g, '<email>').replace(/\+?\d[\d\s().-]{6,}\d/g, '<number>');
}

export function describeHubspotError(body: unknown): string {
  const e = readHubspotError(body);
  const parts = [e.category ?? e.errorType ?? 'ERROR', e.message ? redact(e.message) : null, e.correlationId ? `(correlationId ${e.correlationId})` : null];
  return parts.filter(Boolean).join(': ');
}

export interface ErrorContext {
  account: string;
  /** What we were doing, ids only: "PATCH contact 512". */
  what: string;
}

/** A whole answer's failure (status ≥ 400) → our error. */
export function hubspotError(status: number, body: unknown, context: ErrorContext): AnyStageError {
  const e = readHubspotError(body);
  const message = `${context.account}: ${context.what}: ${status} ${describeHubspotError(body)}`;
  if (status === 401) return new AuthExpiredError(message, context.account);
  // A token without the scopes it needs fails every call alike: pause the account and alert.
  if (status === 403 && e.category === 'MISSING_SCOPES') return new AuthExpiredError(message, context.account);
  if (status === 429) return new RateLimitedError(message, e.policyName === 'SECONDLY' ? 1_000 : 10_000);
  if (status >= 500 || status === 423 || status === 477) return new RetryableError(message, 'CRM_5XX');
  if (status === 409 || e.category === 'CONFLICT') return new PermanentError(message, 'DUPLICATE_CONFLICT');
  return new PermanentError(message, 'CRM_REJECTED');
}

/** One failed input of a batch (a `StandardError` of a 207 answer) → our error. */
export function hubspotItemError(error: unknown, context: ErrorContext): PermanentError {
  const e = readHubspotError(error);
  const code = e.category === 'CONFLICT' ? 'DUPLICATE_CONFLICT' : 'CRM_REJECTED';
  return new PermanentError(`${context.account}: ${context.what}: ${describeHubspotError(error)}`, code);
}

/** The `objectWriteTraceId` a batch error names, so it can be tied back to its input. */
export function traceIdsOf(error: unknown): string[] {
  return readHubspotError(error).context?.objectWriteTraceId ?? [];
}
