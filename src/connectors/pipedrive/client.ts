import { RateBudget, withBudgetOverride } from '../budget.js';
import { createHttpClient, retryAfterMs, type HttpClient, type HttpRequest, type HttpResponse, type Verdict, type VendorPolicy } from '../http.js';
import { rateClassOf, tokenCost } from './costs.js';
import { dataOf } from './errors.js';
import { PIPEDRIVE_SANDBOX_TOKEN, PIPEDRIVE_WINDOW_MS, pipedriveBaseUrl, pipedriveLimits, type PipedriveAccount } from './config.js';

/**
 * Pipedrive transport: the `x-api-token` header, what its statuses mean, and its `x-ratelimit-*`
 * headers read into the account's budget. HTTP only; mapping lives in mapper.ts, bodies with
 * `success:false` are judged by the connector (errors.ts).
 */

type PolicyConfig = Pick<PipedriveAccount, 'token'>;

/** Sustained abuse makes Cloudflare answer 403 with an HTML page: back off for a minute. */
const ABUSE_PAUSE_MS = 60_000;

function headerSeconds(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** How long a 429 asks us to wait: Retry-After when sent, else `x-ratelimit-reset` (seconds). */
export function waitOf(response: HttpResponse, now: number): number {
  const retryAfter = retryAfterMs(response.headers['retry-after'], now);
  if (retryAfter !== null) return retryAfter;
  const reset = headerSeconds(response.headers['x-ratelimit-reset']);
  return reset !== null ? Math.ceil(reset * 1000) : PIPEDRIVE_WINDOW_MS;
}

export function pipedrivePolicy(config: PolicyConfig, clock: () => number = Date.now): VendorPolicy {
  const token = config.token ?? PIPEDRIVE_SANDBOX_TOKEN;
  return {
    auth: () => ({ 'x-api-token': token }),
    classify(response: HttpResponse): Verdict {
      const { status } = response;
      if (status === 401) return { kind: 'auth', reason: 'unauthorized access' };
      if (status === 429) return { kind: 'rate-limited', waitMs: waitOf(response, clock()), reason: 'Request over limit' };
      if (status === 403 && response.body === null) return { kind: 'rate-limited', waitMs: ABUSE_PAUSE_MS, reason: 'blocked (403 without a JSON body)' };
      if (status >= 500 || status === 423) return { kind: 'retry', reason: `server answered ${status}` };
      return { kind: 'ok' };
    },
    observe(response: HttpResponse, request: HttpRequest, budget: RateBudget, now: number): void {
      const remaining = headerSeconds(response.headers['x-ratelimit-remaining']);
      if (remaining === null) return;
      const reset = headerSeconds(response.headers['x-ratelimit-reset']) ?? 0;
      // A 429 whose reset is longer than the burst window is the daily token budget running out.
      if (response.status === 429 && reset * 1000 > PIPEDRIVE_WINDOW_MS) budget.correctDaily(0);
      else budget.correct(request.rateClass ?? 'default', remaining, now);
    },
  };
}

export interface PipedriveHttpDeps {
  account: string;
  config: PipedriveAccount;
  clock?: () => number;
  /** Overrides config.timeoutMs (tests). */
  timeoutMs?: number;
  maxInlineWaitMs?: number;
  signal?: AbortSignal;
}

export function createPipedriveHttp(deps: PipedriveHttpDeps): HttpClient {
  const clock = deps.clock ?? Date.now;
  return createHttpClient({
    account: deps.account,
    baseUrl: pipedriveBaseUrl(deps.config),
    policy: pipedrivePolicy(deps.config, clock),
    budget: new RateBudget(withBudgetOverride(pipedriveLimits(deps.config), deps.config.budget), clock),
    clock,
    timeoutMs: deps.timeoutMs ?? deps.config.timeoutMs,
    ...(deps.maxInlineWaitMs !== undefined ? { maxInlineWaitMs: deps.maxInlineWaitMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
}

// ── requests: token cost and rate class per call, pagination ──────────────────────────────────

export interface CallOptions {
  query?: HttpRequest['query'];
  body?: unknown;
  /** Default: GET, PATCH and DELETE are idempotent, POST is not. */
  idempotent?: boolean;
}

export type PipedriveCall = (method: HttpRequest['method'], path: string, options?: CallOptions) => Promise<HttpResponse>;

/** Every call carries its `x-token-cost` and rate class, so the budget counts what Pipedrive counts. */
export function pipedriveCaller(http: HttpClient): PipedriveCall {
  return (method, path, options = {}) =>
    http.request({
      method,
      path,
      query: options.query,
      body: options.body,
      cost: tokenCost(method, path),
      rateClass: rateClassOf(path),
      idempotent: options.idempotent ?? method !== 'POST',
    });
}

/** Items of a v2 list, following `additional_data.next_cursor`, at most `maxPages` pages. */
export async function* listV2(call: PipedriveCall, path: string, query: CallOptions['query'] = {}, maxPages = 10): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const response = await call('GET', path, { query: { limit: 500, ...query, cursor } });
    const data = dataOf(response, `GET ${path}`);
    for (const item of Array.isArray(data) ? data : []) yield item as Record<string, unknown>;
    cursor = (response.body as { additional_data?: { next_cursor?: string | null } }).additional_data?.next_cursor ?? undefined;
    if (!cursor) return;
  }
}

/** Items of a v1 list, following `additional_data.pagination.next_start`. */
export async function* listV1(call: PipedriveCall, path: string, query: CallOptions['query'] = {}, maxPages = 10): AsyncGenerator<Record<string, unknown>> {
  let start = 0;
  for (let page = 0; page < maxPages; page += 1) {
    const response = await call('GET', path, { query: { limit: 500, ...query, start } });
    const data = dataOf(response, `GET ${path}`);
    for (const item of Array.isArray(data) ? data : []) yield item as Record<string, unknown>;
    const pagination = (response.body as { additional_data?: { pagination?: { more_items_in_collection?: boolean; next_start?: number } } }).additional_data?.pagination;
    if (!pagination?.more_items_in_collection || pagination.next_start === undefined) return;
    start = pagination.next_start;
  }
}
