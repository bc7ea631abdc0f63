/**
 * The one catalogue of API error codes. Every error the API answers uses the envelope
 * `{error: {code, message, issues?}}` with a code from here; `docs/errors.md` documents the same
 * list and a test keeps the two equal.
 */
export const ERROR_CATALOGUE = {
  BAD_JSON: { status: 400, summary: 'The body is not valid JSON (or is empty).' },
  VALIDATION_FAILED: { status: 400, summary: 'A query parameter, path parameter or header is invalid; `issues` lists each one.' },
  UNAUTHENTICATED: { status: 401, summary: 'No API key or form token, or an unknown one.' },
  FORBIDDEN: { status: 403, summary: 'The credential is valid but may not do this (e.g. a source key on an admin route).' },
  ORIGIN_NOT_ALLOWED: { status: 403, summary: "A public form token was sent from an Origin the source does not list." },
  NOT_FOUND: { status: 404, summary: 'No such resource (or route).' },
  IDEMPOTENCY_CONFLICT: { status: 409, summary: 'The Idempotency-Key was already used with a different body.' },
  DEAD_LETTER_ALREADY_REPLAYED: { status: 409, summary: 'This dead letter was replayed already.' },
  CONVERSATION_ENDED: { status: 409, summary: 'The conversation has ended; it takes no new messages (ids already stored are still acknowledged).' },
  SUGGESTION_DECIDED: { status: 409, summary: 'This merge suggestion was accepted or rejected already, or one of its leads was merged meanwhile.' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body exceeds `server.bodyLimitBytes` (64 KB by default).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The body is neither application/json nor application/x-www-form-urlencoded.' },
  LEAD_INVALID: { status: 422, summary: 'The lead failed validation; `issues` lists every problem with its path.' },
  CONVERSATION_INVALID: { status: 422, summary: 'The conversation or one of its messages is invalid; `issues` lists every problem with its path. Nothing was stored.' },
  RATE_LIMITED: { status: 429, summary: 'Too many requests for this key or address; `Retry-After` says when to try again.' },
  INTERNAL: { status: 500, summary: 'An unexpected error; nothing was acknowledged.' },
  STORE_UNAVAILABLE: { status: 503, summary: 'The database could not commit; nothing was stored. Retry with the same Idempotency-Key.' },
  SHUTTING_DOWN: { status: 503, summary: 'The server is shutting down; retry against another instance or shortly.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_CATALOGUE[code].status;
  }

  toBody(): { error: { code: ErrorCode; message: string; issues?: Issue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}
