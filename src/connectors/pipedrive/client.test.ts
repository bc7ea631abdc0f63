import { describe, expect, it } from 'vitest';
import { RateBudget } from '../budget.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { pipedriveAccountSchema, pipedriveLimits } from './config.js';
import { pipedrivePolicy, waitOf } from './client.js';
import { rateClassOf, tokenCost } from './costs.js';

const answer = (status: number, headers: Record<string, string> = {}, body: unknown = { success: true }): HttpResponse => ({ status, headers, body, text: '' });
const get: HttpRequest = { method: 'GET', path: '/api/v2/persons/1', idempotent: true };
const NOW = Date.UTC(2026, 0, 15, 12);

describe('pipedrive client policy', () => {
  const policy = pipedrivePolicy({ token: 'tok' }, () => NOW);

  it('sends the token in x-api-token; the sandbox token when none is configured', () => {
    expect(policy.auth()).toEqual({ 'x-api-token': 'tok' });
    expect(pipedrivePolicy({ token: undefined }).auth()).toEqual({ 'x-api-token': 'sandbox-token' });
  });

  it('classifies statuses', () => {
    expect(policy.classify(answer(200), get)).toEqual({ kind: 'ok' });
    expect(policy.classify(answer(404), get)).toEqual({ kind: 'ok' });
    expect(policy.classify(answer(401), get).kind).toBe('auth');
    expect(policy.classify(answer(503), get).kind).toBe('retry');
    expect(policy.classify(answer(423), get).kind).toBe('retry');
    expect(policy.classify(answer(429, { 'x-ratelimit-reset': '2' }), get)).toMatchObject({ kind: 'rate-limited', waitMs: 2000 });
    expect(policy.classify(answer(403, {}, null), get)).toMatchObject({ kind: 'rate-limited', waitMs: 60_000 });
    expect(policy.classify(answer(403, {}, { success: false, error: 'forbidden' }), get)).toEqual({ kind: 'ok' });
  });

  it('waits for Retry-After when sent, else x-ratelimit-reset seconds', () => {
    expect(waitOf(answer(429, { 'retry-after': '3', 'x-ratelimit-reset': '1' }), NOW)).toBe(3000);
    expect(waitOf(answer(429, { 'x-ratelimit-reset': '1' }), NOW)).toBe(1000);
    expect(waitOf(answer(429), NOW)).toBe(2000);
  });

  it('corrects the budget from x-ratelimit-remaining per class, and the daily budget from a long 429', () => {
    const budget = new RateBudget(pipedriveLimits({ plan: 'lite', seats: 1 }), () => NOW);
    policy.observe!(answer(200, { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '2' }), get, budget, NOW);
    expect(budget.snapshot().used.default).toBe(15);
    policy.observe!(answer(200, { 'x-ratelimit-remaining': '0' }), { ...get, rateClass: 'search' }, budget, NOW);
    expect(budget.snapshot().used.search).toBe(10);
    policy.observe!(answer(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600' }), get, budget, NOW);
    expect(budget.snapshot().dailyUsed).toBe(30_000);
  });
});

describe('pipedrive limits and costs', () => {
  it('sizes burst and daily tokens by plan and seats', () => {
    const growth = pipedriveLimits(pipedriveAccountSchema.parse({ type: 'pipedrive', plan: 'growth', seats: 3 }));
    expect(growth.windows).toEqual({ default: { limit: 40, intervalMs: 2000 }, search: { limit: 10, intervalMs: 2000 } });
    expect(growth.daily?.tokens).toBe(180_000);
    expect(growth.daily?.resetAt(NOW)).toBe(Date.UTC(2026, 0, 16));
    expect(pipedriveLimits({ plan: 'ultimate', seats: 1 }).windows.default.limit).toBe(120);
  });

  it('charges the spec x-token-cost per operation', () => {
    expect(tokenCost('GET', '/api/v2/persons/12')).toBe(1);
    expect(tokenCost('GET', '/api/v2/persons')).toBe(10);
    expect(tokenCost('GET', '/api/v2/pipelines')).toBe(5);
    expect(tokenCost('POST', '/api/v2/persons')).toBe(5);
    expect(tokenCost('PATCH', '/api/v2/persons/12')).toBe(5);
    expect(tokenCost('DELETE', '/api/v2/persons/12')).toBe(3);
    expect(tokenCost('GET', '/api/v2/persons/search')).toBe(20);
    expect(tokenCost('POST', '/api/v2/personFields/abc/options')).toBe(5);
    expect(tokenCost('GET', '/v1/notes')).toBe(20);
    expect(tokenCost('POST', '/v1/notes')).toBe(10);
    expect(tokenCost('GET', '/v1/users/me')).toBe(2);
    expect(rateClassOf('/api/v2/organizations/search')).toBe('search');
    expect(rateClassOf('/api/v2/persons')).toBe('default');
  });
});
