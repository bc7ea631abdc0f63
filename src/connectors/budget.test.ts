import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, RateBudget, withBudgetOverride } from './budget.js';

const limits = { windows: { default: { limit: 3, intervalMs: 1000 }, search: { limit: 1, intervalMs: 500 } } };

describe('RateBudget', () => {
  it('counts a rolling window per request class and says how long until the next slot', async () => {
    let now = 10_000;
    const budget = new RateBudget(limits, () => now);
    for (let i = 0; i < 3; i += 1) await budget.acquire('default', { maxWaitMs: 0 });
    // The window's end plus a margin: the CRM stamps requests a little after we send them.
    expect(budget.waitFor('default', 0, now)).toBe(1050);
    await expect(budget.acquire('default', { maxWaitMs: 10 })).rejects.toBeInstanceOf(BudgetExhaustedError);
    // The search class has its own window, untouched by the default one.
    await budget.acquire('search', { maxWaitMs: 0 });
    now += 1050;
    expect(budget.waitFor('default', 0, now)).toBe(0);
  });

  it('pauses every class until the time the CRM asked for', () => {
    const now = 5_000;
    const budget = new RateBudget(limits, () => now);
    budget.pause(now + 2_500);
    expect(budget.waitFor('default', 0, now)).toBe(2_500);
    expect(budget.waitFor('search', 0, now)).toBe(2_500);
  });

  it('trusts the CRM when it counted more requests than we did', () => {
    const now = 1_000;
    const budget = new RateBudget(limits, () => now);
    budget.correct('default', 0, now);
    expect(budget.waitFor('default', 0, now)).toBe(1050);
    budget.correct('default', 3, now); // more left than we think: ignored, never loosened
    expect(budget.snapshot(now).used.default).toBe(3);
  });

  it('charges daily tokens and waits for the reset when they are spent', async () => {
    const now = 0;
    const budget = new RateBudget({ ...limits, windows: { default: { limit: 100, intervalMs: 1000 } }, daily: { tokens: 10, resetAt: () => 86_400_000 } }, () => now);
    await budget.acquire('default', { cost: 6, maxWaitMs: 0 });
    expect(budget.waitFor('default', 5, now)).toBe(86_400_000);
    expect(budget.waitFor('default', 4, now)).toBe(0);
  });

  it('lets an account override the published limits', () => {
    const over = withBudgetOverride({ windows: { default: { limit: 100, intervalMs: 10_000 }, search: { limit: 5, intervalMs: 1000 } } }, { requests: 250, intervalMs: 10_000, searchRequests: 10 });
    expect(over.windows).toEqual({ default: { limit: 250, intervalMs: 10_000 }, search: { limit: 10, intervalMs: 1000 } });
  });
});
