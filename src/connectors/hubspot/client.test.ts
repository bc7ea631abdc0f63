import { describe, expect, it } from 'vitest';
import { RateBudget } from '../budget.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { hubspotPolicy, nextUtcMidnight } from './client.js';
import { hubspotLimits } from './config.js';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const get: HttpRequest = { method: 'GET', path: '/crm/v3/objects/contacts/1', idempotent: true };
const search: HttpRequest = { method: 'POST', path: '/crm/v3/objects/contacts/search', rateClass: 'search', idempotent: true };
const answer = (status: number, body: unknown = null, headers: Record<string, string> = {}): HttpResponse => ({ status, body, headers, text: JSON.stringify(body) });
const rate = (max: number, remaining: number, interval = 10_000) => ({
  'x-hubspot-ratelimit-max': String(max),
  'x-hubspot-ratelimit-remaining': String(remaining),
  'x-hubspot-ratelimit-interval-milliseconds': String(interval),
});
const policy = hubspotPolicy({ token: 'pat-na1-x' }, () => NOW);
const budgetOf = (tier: 'free' | 'professional' = 'free') => new RateBudget(hubspotLimits({ tier }), () => NOW);
/** observe, then classify, as the HTTP client does. */
const verdictOf = (response: HttpResponse, request: HttpRequest, budget = budgetOf()) => {
  policy.observe!(response, request, budget, NOW);
  return policy.classify(response, request);
};

describe('hubspot client policy', () => {
  it('authenticates with the bearer token, the sandbox token when none', () => {
    expect(policy.auth()).toEqual({ authorization: 'Bearer pat-na1-x' });
    expect(hubspotPolicy({}).auth()).toEqual({ authorization: 'Bearer sandbox-token' });
  });

  it('classifies: 2xx and handled 4xx ok, 401 auth, 5xx/423/477 retry', () => {
    expect(policy.classify(answer(200), get)).toEqual({ kind: 'ok' });
    for (const status of [400, 404, 409]) expect(policy.classify(answer(status), get).kind).toBe('ok');
    expect(policy.classify(answer(401, { category: 'INVALID_AUTHENTICATION' }), get).kind).toBe('auth');
    for (const status of [500, 502, 503, 423, 477]) expect(policy.classify(answer(status), get).kind).toBe('retry');
  });

  it('waits Retry-After when a 429 carries one', () => {
    expect(verdictOf(answer(429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': '3' }), get)).toMatchObject({ kind: 'rate-limited', waitMs: 3_000 });
  });

  it('else waits the window interval the 429 reports, never above what the policy calls for', () => {
    const body = { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' };
    expect(verdictOf(answer(429, body, rate(3, 0, 1_000)), get)).toMatchObject({ kind: 'rate-limited', waitMs: 1_000 });
    expect(verdictOf(answer(429, body), get)).toMatchObject({ kind: 'rate-limited', waitMs: 10_000 });
    expect(verdictOf(answer(429, body, rate(100, 0, 60_000)), get)).toMatchObject({ waitMs: 10_000 });
    expect(verdictOf(answer(429, { policyName: 'SECONDLY' }), search)).toMatchObject({ kind: 'rate-limited', waitMs: 1_000 });
    expect(verdictOf(answer(429, { policyName: 'DAILY' }), get)).toMatchObject({ waitMs: nextUtcMidnight(NOW) - NOW });
  });

  it('corrects the budget from the headers: remaining, and the window the portal really has', () => {
    const budget = budgetOf();
    policy.observe!(answer(200, null, rate(190, 10)), get, budget, NOW);
    expect(budget.limits.windows.default).toEqual({ limit: 190, intervalMs: 10_000 });
    expect(budget.snapshot().used.default).toBe(180);
    expect(budget.waitFor('default', 0, NOW)).toBe(0);
    policy.observe!(answer(200, null, rate(190, 0)), get, budget, NOW);
    expect(budget.waitFor('default', 0, NOW)).toBe(10_100); // the window plus the edge margin (budget.ts)
    // Search answers carry no headers: the search window is untouched.
    expect(budget.waitFor('search', 0, NOW)).toBe(0);
  });

  it('a 429 fills the violated window, and the daily limit spent pauses until midnight', () => {
    const budget = budgetOf();
    policy.observe!(answer(429, { policyName: 'SECONDLY' }), search, budget, NOW);
    expect(budget.waitFor('search', 0, NOW)).toBe(1_050);
    expect(budget.waitFor('default', 0, NOW)).toBe(0);
    policy.observe!(answer(200, null, { 'x-hubspot-ratelimit-daily-remaining': '0' }), get, budget, NOW);
    expect(budget.snapshot(NOW).pausedUntil).toBe(nextUtcMidnight(NOW));
  });

  it('sizes the budget from the tier', () => {
    expect(hubspotLimits({ tier: 'free' }).windows).toEqual({ default: { limit: 100, intervalMs: 10_000 }, search: { limit: 5, intervalMs: 1_000 } });
    expect(hubspotLimits({ tier: 'professional' }).windows.default.limit).toBe(190);
    expect(hubspotLimits({ tier: 'api-pack' }).windows.default.limit).toBe(250);
  });
});
