import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Source } from '../config/loader.js';
import { ApiError } from './errors.js';

/**
 * Per-source limits, per key and per client IP, in process memory (one API process; a shared
 * store comes with the scale-out mode). Public forms get tight per-IP defaults because browsers,
 * not machines, post them; keyed sources are limited per key unless the config says otherwise.
 */
interface Window {
  points: number;
  windowSeconds: number;
}

const DEFAULTS = {
  keyed: { perKey: { points: 100, windowSeconds: 1 }, perIp: undefined },
  public: { perKey: { points: 600, windowSeconds: 60 }, perIp: { points: 10, windowSeconds: 60 } },
  /** Failed authentications per IP: slows key guessing. */
  failedAuth: { points: 30, windowSeconds: 60 },
} as const;

export interface RateLimits {
  /** Throws RATE_LIMITED (with Retry-After) when this source's key or this IP is over its limit. */
  consume(source: Source, ip: string): Promise<void>;
  /** Counts a failed authentication from `ip`; throws RATE_LIMITED once there are too many. */
  failedAuth(ip: string): Promise<void>;
}

export function createRateLimits(sources: Readonly<Record<string, Source>>): RateLimits {
  const limiter = (w: Window | undefined, prefix: string) =>
    w ? new RateLimiterMemory({ points: w.points, duration: w.windowSeconds, keyPrefix: prefix }) : undefined;
  const perSource = new Map<string, { perKey?: RateLimiterMemory; perIp?: RateLimiterMemory }>();
  for (const source of Object.values(sources)) {
    const defaults = source.public && source.keyHashes.length === 0 ? DEFAULTS.public : DEFAULTS.keyed;
    perSource.set(source.id, {
      perKey: limiter(source.rateLimit.perKey ?? defaults.perKey, `key:${source.id}`),
      perIp: limiter(source.rateLimit.perIp ?? defaults.perIp, `ip:${source.id}`),
    });
  }
  const failed = limiter(DEFAULTS.failedAuth, 'auth-failed')!;

  return {
    async consume(source, ip) {
      const limits = perSource.get(source.id);
      if (!limits) return;
      if (limits.perIp) await take(limits.perIp, ip, 'too many requests from this address');
      if (limits.perKey) await take(limits.perKey, source.id, 'too many requests for this source');
    },
    async failedAuth(ip) {
      await take(failed, ip, 'too many failed authentications from this address');
    },
  };
}

async function take(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError('RATE_LIMITED', `${message}; retry in ${seconds}s`, undefined, { 'retry-after': String(seconds) });
  }
}
