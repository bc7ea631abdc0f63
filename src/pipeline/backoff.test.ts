import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff.js';

const policy = { baseMs: 1000, maxMs: 300_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt from the base, capped at the max', () => {
    expect([1, 2, 3, 4, 9, 10, 50, 1000].map((a) => backoffCeiling(a, policy))).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000, 300_000]);
  });

  it('draws full jitter in [0, ceiling) and never exceeds the cap', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBe(Math.floor(0.999999 * backoffCeiling(attempt, policy)));
      const random = backoffDelay(attempt, policy);
      expect(random).toBeGreaterThanOrEqual(0);
      expect(random).toBeLessThan(backoffCeiling(attempt, policy));
      expect(random).toBeLessThanOrEqual(policy.maxMs);
    }
  });

  it('spreads retries: 1,000 draws at attempt 5 cover the whole window', () => {
    const draws = Array.from({ length: 1000 }, () => backoffDelay(5, policy));
    expect(Math.min(...draws)).toBeLessThan(16_000 * 0.1);
    expect(Math.max(...draws)).toBeGreaterThan(16_000 * 0.9);
  });

  it('treats attempt 0 or less like the first', () => {
    expect(backoffCeiling(0, policy)).toBe(1000);
    expect(backoffCeiling(-3, policy)).toBe(1000);
  });
});
