import { RateBudget, withBudgetOverride } from '../budget.js';
import { createHttpClient, retryAfterMs, type HttpClient, type HttpResponse, type VendorPolicy } from '../http.js';
import { HUBSPOT_DEFAULT_BASE_URL, HUBSPOT_SANDBOX_TOKEN, hubspotLimits, type HubspotAccount } from './config.js';
import { describeHubspotError, readHubspotError } from './errors.js';

/**
 * HubSpot over HTTP, nothing more: a private-app bearer token, what HubSpot's statuses mean, and
 * its rate-limit headers read into the account's budget (the window's real size adopted, what
 * remains corrected). 429 waits: `Retry-After` when HubSpot sends one; else the violated window's
 * interval as HubSpot's headers (or our budget) give it, never above what HubSpot's SDK waits for
 * the policy (10 s ten-secondly, 1 s secondly) — the window is filled, since HubSpot counted more
 * than we did; for the daily policy, the next midnight (UTC; HubSpot resets in the portal's zone,
 * so this may be early — the next 429 says so again).
 */

const HEADER = {
  max: 'x-hubspot-ratelimit-max',
  remaining: 'x-hubspot-ratelimit-remaining',
  interval: 'x-hubspot-ratelimit-interval-milliseconds',
  dailyRemaining: 'x-hubspot-ratelimit-daily-remaining',
} as const;

/** Which budget class a 429's policy speaks of. */
const POLICY_CLASS: Record<string, string> = { TEN_SECONDLY_ROLLING: 'default', SECONDLY: 'search' };
/** HubSpot's own SDK waits this long per policy; our fallback when the window cannot be computed. */
const POLICY_WAIT_MS: Record<string, number> = { TEN_SECONDLY_ROLLING: 10_000, SECONDLY: 1_000 };

const int = (value: string | undefined): number | null => {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
};

export const nextUtcMidnight = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

export function hubspotPolicy(config: Pick<HubspotAccount, 'token'>, clock: () => number = Date.now): VendorPolicy {
  // observe() runs before classify() for the same answer: the wait it computes for a 429 is kept here.
  const computedWaits = new WeakMap<HttpResponse, number>();

  return {
    auth: () => ({ authorization: `Bearer ${config.token ?? HUBSPOT_SANDBOX_TOKEN}` }),

    classify(response) {
      const status = response.status;
      if (status < 400) return { kind: 'ok' };
      const reason = describeHubspotError(response.body);
      if (status === 401) return { kind: 'auth', reason };
      if (status === 429) {
        const policy = readHubspotError(response.body).policyName ?? 'TEN_SECONDLY_ROLLING';
        const waitMs = retryAfterMs(response.headers['retry-after'], clock()) ?? computedWaits.get(response) ?? POLICY_WAIT_MS[policy] ?? 10_000;
        return { kind: 'rate-limited', waitMs, reason };
      }
      // 423 Locked (retry after ~2 s), 477 migration in progress, 5xx: transient.
      if (status >= 500 || status === 423 || status === 477) return { kind: 'retry', reason };
      return { kind: 'ok' };
    },

    observe(response, request, budget, now) {
      const h = response.headers;
      const requestClass = request.rateClass ?? 'default';
      const max = int(h[HEADER.max]);
      const interval = int(h[HEADER.interval]);
      // The portal's real window (tier, API pack) wins over the configured one.
      const window = budget.limits.windows[requestClass];
      if (max !== null && max > 0 && interval !== null && interval > 0 && window && (window.limit !== max || window.intervalMs !== interval)) {
        budget.limits.windows[requestClass] = { limit: max, intervalMs: interval };
      }
      const remaining = int(h[HEADER.remaining]);
      if (remaining !== null) budget.correct(requestClass, remaining, now);
      if (int(h[HEADER.dailyRemaining]) === 0) budget.pause(nextUtcMidnight(now));
      if (response.status !== 429) return;
      const policy = readHubspotError(response.body).policyName;
      if (policy === 'DAILY') {
        computedWaits.set(response, nextUtcMidnight(now) - now);
        return;
      }
      // Someone else spent the window (we size ours from the headers): its requests all lie
      // before now, so one interval from now is the earliest reset we can be sure of.
      const violated = (policy && POLICY_CLASS[policy]) || requestClass;
      budget.correct(violated, 0, now);
      const intervalMs = budget.limits.windows[violated]?.intervalMs ?? budget.limits.windows.default.intervalMs;
      computedWaits.set(response, Math.min(intervalMs, POLICY_WAIT_MS[policy ?? ''] ?? intervalMs));
    },
  };
}

export interface HubspotHttpDeps {
  account: string;
  config: HubspotAccount;
  /** Overrides the config's (the built-in sandbox's URL when no token is configured). */
  baseUrl?: string;
  /** The account's shared budget; a new one sized from the tier when absent. */
  budget?: RateBudget;
  clock?: () => number;
  maxInlineWaitMs?: number;
  signal?: AbortSignal;
}

export function createHubspotHttp(deps: HubspotHttpDeps): HttpClient {
  const clock = deps.clock ?? Date.now;
  return createHttpClient({
    account: deps.account,
    baseUrl: deps.baseUrl ?? deps.config.baseUrl ?? HUBSPOT_DEFAULT_BASE_URL,
    policy: hubspotPolicy(deps.config, clock),
    budget: deps.budget ?? new RateBudget(withBudgetOverride(hubspotLimits(deps.config), deps.config.budget), clock),
    clock,
    timeoutMs: deps.config.timeoutMs,
    ...(deps.maxInlineWaitMs !== undefined ? { maxInlineWaitMs: deps.maxInlineWaitMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
}
