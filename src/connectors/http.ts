import { AuthExpiredError, RateLimitedError, RetryableError } from '../pipeline/errors.js';
import { backoffDelay } from '../pipeline/backoff.js';
import { BudgetExhaustedError, sleep, type RateBudget } from './budget.js';

/**
 * The one HTTP path every connector uses: take a slot from the account's rate budget, send with a
 * timeout, let the CRM's policy read its rate-limit headers and say what the answer means, retry
 * transient failures of idempotent requests a few times with jittered backoff, and turn what is
 * left into our typed errors. HTTP statuses the policy calls `ok` (2xx and the 4xx a connector
 * handles itself: 404, 409, 400 …) come back as responses; the connector maps them.
 *
 * A request that is not idempotent (a create) is never re-sent after an answer was lost (timeout,
 * reset, 5xx): that raises `AmbiguousWriteError`, and the connector decides through `createOnce`
 * whether the record exists before it tries again.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the client's base URL, e.g. `/crm/v3/objects/contacts`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** A JSON body. */
  body?: unknown;
  /** A form-encoded body (OAuth token endpoints). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** The budget's request class (`default`, `search`, …). */
  rateClass?: string;
  /** Daily tokens this call costs (Pipedrive). */
  cost?: number;
  /** Safe to send again when an answer was lost (reads, searches, upserts by key, PATCH by id). */
  idempotent: boolean;
  /** Skip authentication headers (token endpoints). */
  noAuth?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else null. */
  body: unknown;
  text: string;
}

export type Verdict = { kind: 'ok' } | { kind: 'retry'; reason: string } | { kind: 'rate-limited'; waitMs: number; reason: string } | { kind: 'auth'; reason: string };

/** What one CRM's API means by its answers, and how it authenticates. */
export interface VendorPolicy {
  auth(): Promise<Record<string, string>> | Record<string, string>;
  classify(response: HttpResponse, request: HttpRequest): Verdict;
  /** Read rate-limit headers into the budget. */
  observe?(response: HttpResponse, request: HttpRequest, budget: RateBudget, now: number): void;
  /** After an `auth` verdict: refresh the credential once (OAuth); false when it cannot. */
  refreshAuth?(): Promise<boolean>;
}

export interface HttpClientOptions {
  /** The account id, for AuthExpiredError and logs. */
  account: string;
  baseUrl: string;
  policy: VendorPolicy;
  budget: RateBudget;
  clock?: () => number;
  timeoutMs?: number;
  /** Sends per request, the first included. */
  maxAttempts?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Longer waits for the budget or a Retry-After give the job back (RateLimitedError). */
  maxInlineWaitMs?: number;
  signal?: AbortSignal;
}

export interface HttpStats {
  requests: number;
  byStatus: Record<string, number>;
  rateLimited: number;
  networkErrors: number;
  retries: number;
}

/** A create whose answer was lost: it may or may not have happened (or may still happen). */
export class AmbiguousWriteError extends RetryableError {
  readonly ambiguous = true;
  /** How long to let a request that is still on its way land before looking for its record. */
  settleMs = 0;
}

export interface HttpClient {
  readonly account: string;
  readonly baseUrl: string;
  readonly budget: RateBudget;
  request(request: HttpRequest): Promise<HttpResponse>;
  stats(): HttpStats;
}

/** Refreshes of the credential one request may ask for before its 401 counts as a rejected credential. */
const MAX_REFRESHES = 3;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoff = options.backoff ?? { baseMs: 200, maxMs: 5_000 };
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 30_000;
  const stats: HttpStats = { requests: 0, byStatus: {}, rateLimited: 0, networkErrors: 0, retries: 0 };
  const base = options.baseUrl.replace(/\/+$/, '');

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(base + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...(request.noAuth ? {} : await options.policy.auth()), ...request.headers };
    let body: string | undefined;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    // One controller with a plain timer: a composite of AbortSignal.timeout() signals can be garbage
    // collected before it fires on Node 20, leaving a request that hangs for good.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stats.requests += 1;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body, signal: controller.signal });
      text = await response.text();
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
    return { status: response.status, headers: responseHeaders, body: parseJson(text, responseHeaders['content-type']), text };
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    let refreshes = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.budget.acquire(request.rateClass ?? 'default', { cost: request.cost, maxWaitMs: maxInlineWaitMs, signal: options.signal });
      } catch (error) {
        if (error instanceof BudgetExhaustedError) throw new RateLimitedError(`${options.account}: rate budget exhausted`, error.waitMs);
        throw error;
      }
      let response: HttpResponse;
      try {
        response = await send(request);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        stats.networkErrors += 1;
        const what = describeNetworkError(error);
        if (!request.idempotent) {
          const lost = new AmbiguousWriteError(`${options.account}: ${request.method} ${request.path}: ${what}`, 'CRM_5XX', { cause: error });
          // A timed-out request may still reach the CRM after we gave up on it: give it twice as long.
          lost.settleMs = what === 'timed out' ? 2 * timeoutMs : 0;
          throw lost;
        }
        if (attempt >= maxAttempts) throw new RetryableError(`${options.account}: ${request.method} ${request.path}: ${what}`, 'CRM_5XX', { cause: error });
        stats.retries += 1;
        await sleep(backoffDelay(attempt, backoff), options.signal);
        continue;
      }
      const now = clock();
      options.policy.observe?.(response, request, options.budget, now);
      const verdict = options.policy.classify(response, request);
      if (verdict.kind === 'ok') return response;
      const what = `${options.account}: ${request.method} ${request.path}: ${response.status} ${verdict.reason}`;
      if (verdict.kind === 'auth') {
        // A token can expire again before the resend lands (short lifetimes, a server-side expiry):
        // while refreshing keeps working, refresh and resend again, a few times; a refused refresh
        // is AuthExpiredError at once. A 401 means nothing was processed: resending is safe.
        if (refreshes < MAX_REFRESHES && options.policy.refreshAuth && (await options.policy.refreshAuth())) {
          refreshes += 1;
          continue;
        }
        throw new AuthExpiredError(what, options.account);
      }
      if (verdict.kind === 'rate-limited') {
        // The CRM refused the request, so sending it again is safe for every method.
        stats.rateLimited += 1;
        options.budget.pause(now + verdict.waitMs);
        if (verdict.waitMs > maxInlineWaitMs || attempt >= maxAttempts) throw new RateLimitedError(what, verdict.waitMs);
        stats.retries += 1;
        continue;
      }
      if (!request.idempotent) throw new AmbiguousWriteError(what, 'CRM_5XX');
      if (attempt >= maxAttempts) throw new RetryableError(what, 'CRM_5XX');
      stats.retries += 1;
      await sleep(backoffDelay(attempt, backoff), options.signal);
    }
  }

  return { account: options.account, baseUrl: base, budget: options.budget, request, stats: () => structuredClone(stats) };
}

/**
 * Create a record exactly once although answers get lost: when `reconcileFirst` (an earlier attempt
 * of the job may have created it) or after an ambiguous failure, `find` looks for the record by our
 * key before `create` is sent again.
 */
export async function createOnce<T>(steps: { create: () => Promise<T>; find: () => Promise<T | null>; reconcileFirst: boolean; attempts?: number }): Promise<{ value: T; adopted: boolean }> {
  let look = steps.reconcileFirst;
  const attempts = steps.attempts ?? 4;
  for (let attempt = 1; ; attempt += 1) {
    if (look) {
      const found = await steps.find();
      if (found !== null) return { value: found, adopted: true };
    }
    try {
      return { value: await steps.create(), adopted: false };
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError) || attempt >= attempts) throw error;
      if (error.settleMs > 0) await sleep(error.settleMs);
      look = true;
    }
  }
}

/** Seconds or an HTTP date, as `Retry-After` may carry; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (text === '' || !(contentType ?? '').includes('json')) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}
