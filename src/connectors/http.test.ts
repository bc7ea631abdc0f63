import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpiredError, RateLimitedError, RetryableError } from '../pipeline/errors.js';
import { RateBudget } from './budget.js';
import { AmbiguousWriteError, createHttpClient, createOnce, retryAfterMs, type VendorPolicy } from './http.js';

/** The shared HTTP client against a scripted server on loopback: each path answers from a queue. */
let app: FastifyInstance;
let base: string;
const script = new Map<string, Array<'ok' | 500 | 401 | 429 | 'hang'>>();
const hits = new Map<string, number>();

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  app.all('/*', async (request, reply) => {
    const path = request.url;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const next = script.get(path)?.shift() ?? 'ok';
    if (next === 'hang') return new Promise(() => undefined);
    if (next === 'ok') return { ok: true, path };
    return reply.code(next).header('retry-after', next === 429 ? '0.2' : undefined).send({ error: next });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());
beforeEach(() => {
  script.clear();
  hits.clear();
});

const policy: VendorPolicy = {
  auth: () => ({ authorization: 'Bearer t' }),
  classify(res) {
    if (res.status === 401) return { kind: 'auth', reason: 'unauthorized' };
    if (res.status === 429) return { kind: 'rate-limited', waitMs: retryAfterMs(res.headers['retry-after'], Date.now()) ?? 1000, reason: 'limited' };
    if (res.status >= 500) return { kind: 'retry', reason: 'server error' };
    return { kind: 'ok' };
  },
};
const client = (extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({ account: 'acct', baseUrl: base, policy, budget: new RateBudget({ windows: { default: { limit: 1000, intervalMs: 1000 } } }), timeoutMs: 200, backoff: { baseMs: 5, maxMs: 20 }, ...extra });

describe('HTTP client', () => {
  it('retries an idempotent request through 5xx and gives up with a RetryableError', async () => {
    script.set('/read', [500, 500, 'ok']);
    expect((await client().request({ method: 'GET', path: '/read', idempotent: true })).status).toBe(200);
    expect(hits.get('/read')).toBe(3);
    script.set('/down', [500, 500, 500]);
    await expect(client({ maxAttempts: 3 }).request({ method: 'GET', path: '/down', idempotent: true })).rejects.toBeInstanceOf(RetryableError);
  });

  it('never re-sends a create whose answer was lost: AmbiguousWriteError', async () => {
    script.set('/create', ['hang']);
    const error = await client().request({ method: 'POST', path: '/create', body: {}, idempotent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect(hits.get('/create')).toBe(1);
  });

  it('waits out a 429 (Retry-After) for any method, and pauses the account budget meanwhile', async () => {
    script.set('/limited', [429, 'ok']);
    const http = client();
    const started = Date.now();
    expect((await http.request({ method: 'POST', path: '/limited', body: {}, idempotent: false })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(http.stats().rateLimited).toBe(1);
  });

  it('gives the job back (RateLimitedError) when the wait is longer than it may hold it', async () => {
    script.set('/long', [429]);
    await expect(client({ maxInlineWaitMs: 100 }).request({ method: 'GET', path: '/long', idempotent: true })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('refreshes once on an auth answer, then raises AuthExpiredError naming the account', async () => {
    script.set('/auth', [401, 'ok']);
    let refreshes = 0;
    const refreshing = client({ policy: { ...policy, refreshAuth: async () => (refreshes += 1, true) } });
    expect((await refreshing.request({ method: 'GET', path: '/auth', idempotent: true })).status).toBe(200);
    expect(refreshes).toBe(1);
    script.set('/auth2', [401]);
    const error = await client().request({ method: 'GET', path: '/auth2', idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect((error as AuthExpiredError).account).toBe('acct');
  });
});

describe('createOnce', () => {
  it('looks for the record after a lost answer and adopts it instead of creating again', async () => {
    let creates = 0;
    const created: string[] = [];
    const result = await createOnce({
      reconcileFirst: false,
      create: async () => {
        creates += 1;
        created.push('rec-1');
        if (creates === 1) throw new AmbiguousWriteError('lost', 'CRM_5XX');
        return 'rec-2';
      },
      find: async () => created[0] ?? null,
    });
    expect(result).toEqual({ value: 'rec-1', adopted: true });
    expect(creates).toBe(1);
  });

  it('looks first when the job ran before, and creates when nothing is there', async () => {
    let finds = 0;
    const result = await createOnce({ reconcileFirst: true, create: async () => 'new', find: async () => (finds += 1, null) });
    expect(result).toEqual({ value: 'new', adopted: false });
    expect(finds).toBe(1);
  });
});
