/**
 * Exponential backoff with full jitter and a cap, as a pure function of the attempt number.
 * attempt 1 → [0, base), attempt 2 → [0, 2·base), … never above `maxMs`.
 * `random` is injected so tests can pin the jitter.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/** The upper bound of the delay for an attempt: what the jitter draws below. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 52));
}
