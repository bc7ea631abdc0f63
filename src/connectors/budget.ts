/**
 * One rate budget per CRM account, shared by every job and job type of the process: rolling
 * windows per request class (HubSpot's general and search limits, Pipedrive's burst and search
 * limits), an optional daily token budget with per-operation costs, and a pause the CRM can impose
 * (`Retry-After`, a 429's policy). Sized from the plan's published limits, corrected from the
 * rate-limit headers the CRM returns.
 *
 * Time is read from the injected clock, waits are timers: no busy loop, and a waiting caller can be
 * aborted.
 */

export interface WindowLimit {
  /** Requests allowed per window. */
  limit: number;
  intervalMs: number;
}

export interface BudgetLimits {
  /** Request class → its rolling window. Every request uses `default` unless its class has one. */
  windows: Record<string, WindowLimit> & { default: WindowLimit };
  /** Tokens per day (Pipedrive's token budget); absent = no daily cap tracked here. */
  daily?: { tokens: number; resetAt: (now: number) => number };
}

export interface BudgetSnapshot {
  used: Record<string, number>;
  pausedUntil: number | null;
  dailyUsed: number;
  waits: number;
  waitedMs: number;
}

export class BudgetExhaustedError extends Error {
  constructor(readonly waitMs: number) {
    super(`rate budget exhausted; next slot in ${waitMs} ms`);
  }
}

export class RateBudget {
  private readonly log = new Map<string, number[]>();
  private pausedUntil = 0;
  private dailyUsed = 0;
  private dailyResetAt = 0;
  private waits = 0;
  private waitedMs = 0;
  /** Serializes acquisitions so concurrent callers take slots in arrival order. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limits: BudgetLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * A slot is reused a little after its window ends: the CRM stamps a request when it arrives, a
   * few milliseconds after we took the slot, so at the exact edge its window still counts it.
   */
  private margin(intervalMs: number): number {
    return Math.max(50, Math.ceil(intervalMs / 100));
  }

  /**
   * Take one slot of `requestClass` (and `cost` daily tokens), waiting for it. Throws
   * BudgetExhaustedError at once when the wait would exceed `maxWaitMs`.
   */
  acquire(requestClass = 'default', options: { cost?: number; maxWaitMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const run = this.tail.then(() => this.take(requestClass, options.cost ?? 0, options.maxWaitMs ?? Number.POSITIVE_INFINITY, options.signal));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async take(requestClass: string, cost: number, maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock();
      const wait = this.waitFor(requestClass, cost, now);
      if (wait <= 0) {
        this.record(requestClass, cost, now);
        return;
      }
      if (wait > maxWaitMs) throw new BudgetExhaustedError(wait);
      this.waits += 1;
      this.waitedMs += wait;
      await sleep(wait, signal);
    }
  }

  /** Milliseconds until a slot of this class is free (0 = now). */
  waitFor(requestClass: string, cost: number, now: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    const window = this.windowOf(requestClass);
    const times = this.prune(requestClass, now);
    if (times.length >= window.limit) wait = Math.max(wait, times[times.length - window.limit]! + window.intervalMs + this.margin(window.intervalMs) - now);
    const daily = this.limits.daily;
    if (daily && cost > 0) {
      if (now >= this.dailyResetAt) {
        this.dailyUsed = 0;
        this.dailyResetAt = daily.resetAt(now);
      }
      if (this.dailyUsed + cost > daily.tokens) wait = Math.max(wait, this.dailyResetAt - now);
    }
    return wait;
  }

  private record(requestClass: string, cost: number, now: number): void {
    this.prune(requestClass, now).push(now);
    this.dailyUsed += cost;
  }

  private windowOf(requestClass: string): WindowLimit {
    return this.limits.windows[requestClass] ?? this.limits.windows.default;
  }

  private prune(requestClass: string, now: number): number[] {
    const key = this.limits.windows[requestClass] ? requestClass : 'default';
    let times = this.log.get(key);
    if (!times) {
      times = [];
      this.log.set(key, times);
    }
    const interval = this.windowOf(key).intervalMs;
    const from = now - interval - this.margin(interval);
    let drop = 0;
    while (drop < times.length && times[drop]! <= from) drop += 1;
    if (drop > 0) times.splice(0, drop);
    return times;
  }

  /** The CRM asked us to stop until `until` (Retry-After, a 429 policy): every class waits. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /**
   * The CRM told us how many requests remain in its current window of this class. When it has
   * counted more than we did (other clients on the same account, a restart), fill our log so we
   * stop where it will.
   */
  correct(requestClass: string, remaining: number, now = this.clock()): void {
    const window = this.windowOf(requestClass);
    const times = this.prune(requestClass, now);
    const ours = window.limit - times.length;
    if (remaining >= ours) return;
    for (let i = 0; i < ours - Math.max(0, remaining); i += 1) times.push(now);
    times.sort((a, b) => a - b);
  }

  /** The CRM reported daily tokens left; trust it when it says fewer than we think. */
  correctDaily(tokensLeft: number): void {
    const daily = this.limits.daily;
    if (!daily) return;
    this.dailyUsed = Math.max(this.dailyUsed, daily.tokens - tokensLeft);
  }

  snapshot(now = this.clock()): BudgetSnapshot {
    const used: Record<string, number> = {};
    for (const key of Object.keys(this.limits.windows)) used[key] = this.prune(key, now).length;
    return { used, pausedUntil: this.pausedUntil > now ? this.pausedUntil : null, dailyUsed: this.dailyUsed, waits: this.waits, waitedMs: this.waitedMs };
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The account's `budget` override (an API pack, a negotiated limit) over the plan's published limits. */
export function withBudgetOverride(limits: BudgetLimits, override: { requests: number; intervalMs: number; searchRequests?: number; searchIntervalMs?: number } | undefined): BudgetLimits {
  if (!override) return limits;
  const windows: BudgetLimits['windows'] = { ...limits.windows, default: { limit: override.requests, intervalMs: override.intervalMs } };
  if (override.searchRequests !== undefined && windows.search) windows.search = { limit: override.searchRequests, intervalMs: override.searchIntervalMs ?? windows.search.intervalMs };
  return { ...limits, windows };
}
