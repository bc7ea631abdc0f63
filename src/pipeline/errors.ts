/**
 * The retry taxonomy: every failure a stage can raise is one of these, and the class alone decides
 * what the worker does next. Unknown throwables are coerced at the boundary (`toStageError`) into a
 * RetryableError with code INTERNAL — never swallowed.
 */

/** Why a job ended in the dead-letter queue. */
export const DEAD_LETTER_REASONS = [
  'VALIDATION',
  'AUTH_EXPIRED',
  'RATE_LIMIT_EXHAUSTED',
  'CRM_5XX',
  'CRM_REJECTED',
  'DUPLICATE_CONFLICT',
  'INTERNAL',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/**
 * An error text without the personal data a vendor may echo from our input (Salesforce's
 * `INVALID_EMAIL_ADDRESS: bad@…`, a phone in a validation message): emails and E.164 phones (the
 * form we send) are masked; record ids, which are digits without a `+`, stay for debugging. Stage
 * error messages end up in events, dead letters and the API.
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/gu, '[email]')
    .replace(/\+\d{7,15}(?!\d)/gu, '[phone]');
}

abstract class StageError extends Error {
  abstract readonly kind: 'retryable' | 'rate-limited' | 'permanent' | 'auth-expired';
  constructor(
    message: string,
    readonly code: DeadLetterReason,
    options?: { cause?: unknown },
  ) {
    super(redactPersonalData(message), options);
    this.name = new.target.name;
  }
}

/** A transient failure (5xx, timeout, reset): try again after backoff. */
export class RetryableError extends StageError {
  readonly kind = 'retryable' as const;
  constructor(message: string, code: DeadLetterReason = 'INTERNAL', options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/** The remote asked us to wait: try again after `retryAfterMs` (not the computed backoff). */
export class RateLimitedError extends StageError {
  readonly kind = 'rate-limited' as const;
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, 'RATE_LIMIT_EXHAUSTED', options);
  }
}

/** Trying again cannot help (bad data, rejected by the CRM): dead-letter at once. */
export class PermanentError extends StageError {
  readonly kind = 'permanent' as const;
}

/** The credential stopped working: pause the account's jobs and alert instead of burning attempts. */
export class AuthExpiredError extends StageError {
  readonly kind = 'auth-expired' as const;
  constructor(
    message: string,
    readonly account: string,
    options?: { cause?: unknown },
  ) {
    super(message, 'AUTH_EXPIRED', options);
  }
}

export type AnyStageError = RetryableError | RateLimitedError | PermanentError | AuthExpiredError;

export function toStageError(error: unknown): AnyStageError {
  if (
    error instanceof RetryableError ||
    error instanceof RateLimitedError ||
    error instanceof PermanentError ||
    error instanceof AuthExpiredError
  ) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RetryableError(message, 'INTERNAL', { cause: error });
}
