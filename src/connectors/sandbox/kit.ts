import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * What every CRM sandbox shares: an in-memory record store, rolling-window rate limits, fault
 * injection configurable at runtime, a request log, and the control routes under `/_sandbox`
 * (records browsable, faults and credentials settable, counters readable). A sandbox plugin builds
 * one `SandboxKit`, registers `kit.hooks` on its scope, and renders its vendor's error bodies.
 */

export const faultsSchema = z
  .object({
    /** Added to every answer (ms). */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Probability of each injected status per request, e.g. {"500": 0.05, "429": 0.1}. */
    statusRates: z.record(z.string().regex(/^[45]\d\d$/), z.number().min(0).max(1)).default({}),
    /** Probability that the request hangs until the client gives up. */
    timeoutRate: z.number().min(0).max(1).default(0),
    /** Probability that the connection is reset. */
    resetRate: z.number().min(0).max(1).default(0),
    /**
     * For timeouts and resets: probability that the request was processed before the answer was
     * lost (the write happened; only the answer is gone).
     */
    lostAfterWriteRate: z.number().min(0).max(1).default(0.5),
    /** Search results lag writes by this long (HubSpot's search index). */
    searchLagMs: z.number().int().min(0).max(600_000).default(0),
    /** Paths (prefix match below the sandbox root) the faults apply to; empty = all. */
    paths: z.array(z.string()).default([]),
    /** Stop injecting after this many faults (null = no limit); counts down as faults are injected. */
    maxInjections: z.number().int().min(0).nullable().default(null),
  })
  .strict();
export type SandboxFaults = z.output<typeof faultsSchema>;

export interface SandboxLimit {
  limit: number;
  intervalMs: number;
}

export interface SandboxOptions {
  /** Valid credentials (tokens); anything else gets the vendor's 401. */
  tokens?: string[];
  faults?: Partial<SandboxFaults>;
  /** Rate limits by class. */
  limits?: Record<string, SandboxLimit>;
  clock?: () => number;
  random?: () => number;
}

export interface StoredRecord {
  id: string;
  type: string;
  createdAt: number;
  updatedAt: number;
  data: Record<string, unknown>;
}

export type InjectedFault = { kind: 'status'; status: number } | { kind: 'timeout'; afterWrite: boolean } | { kind: 'reset'; afterWrite: boolean } | null;

export class SandboxKit {
  faults: SandboxFaults;
  tokens: Set<string>;
  limits: Record<string, SandboxLimit>;
  readonly clock: () => number;
  private readonly random: () => number;
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private readonly windows = new Map<string, number[]>();
  private nextId = 1000;
  readonly counters = { requests: 0, byStatus: {} as Record<string, number>, byRoute: {} as Record<string, number>, injected: {} as Record<string, number> };

  constructor(options: SandboxOptions = {}) {
    this.faults = faultsSchema.parse(options.faults ?? {});
    this.tokens = new Set(options.tokens ?? ['sandbox-token']);
    this.limits = { ...(options.limits ?? {}) };
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  // ── records ────────────────────────────────────────────────────────────────────────────────
  newId(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  table(type: string): Map<string, StoredRecord> {
    let table = this.records.get(type);
    if (!table) {
      table = new Map();
      this.records.set(type, table);
    }
    return table;
  }

  insert(type: string, data: Record<string, unknown>, id = this.newId()): StoredRecord {
    const now = this.clock();
    const record = { id, type, createdAt: now, updatedAt: now, data };
    this.table(type).set(id, record);
    return record;
  }

  get(type: string, id: string): StoredRecord | undefined {
    return this.table(type).get(id);
  }

  update(type: string, id: string, data: Record<string, unknown>): StoredRecord | undefined {
    const record = this.table(type).get(id);
    if (!record) return undefined;
    record.data = { ...record.data, ...data };
    record.updatedAt = this.clock();
    return record;
  }

  types(): string[] {
    return [...this.records.keys()];
  }

  all(type: string): StoredRecord[] {
    return [...this.table(type).values()];
  }

  /** Records a search can see: those written at least `searchLagMs` ago. */
  searchable(type: string): StoredRecord[] {
    const visibleBefore = this.clock() - this.faults.searchLagMs;
    return this.all(type).filter((r) => r.updatedAt <= visibleBefore || this.faults.searchLagMs === 0);
  }

  reset(): void {
    this.records.clear();
    this.windows.clear();
    this.counters.requests = 0;
    this.counters.byStatus = {};
    this.counters.byRoute = {};
    this.counters.injected = {};
  }

  // ── rate limits ────────────────────────────────────────────────────────────────────────────
  /** Take a slot of `limitClass` for `key` (a token); the answer says what is left or how long to wait. */
  take(limitClass: string, key: string): { allowed: boolean; limit: number; remaining: number; resetMs: number; intervalMs: number } | null {
    const limit = this.limits[limitClass];
    if (!limit) return null;
    const now = this.clock();
    const id = `${limitClass}\u0000${key}`;
    const times = (this.windows.get(id) ?? []).filter((t) => t > now - limit.intervalMs);
    this.windows.set(id, times);
    const resetMs = times.length > 0 ? times[0]! + limit.intervalMs - now : limit.intervalMs;
    if (times.length >= limit.limit) return { allowed: false, limit: limit.limit, remaining: 0, resetMs, intervalMs: limit.intervalMs };
    times.push(now);
    return { allowed: true, limit: limit.limit, remaining: limit.limit - times.length, resetMs, intervalMs: limit.intervalMs };
  }

  // ── faults ─────────────────────────────────────────────────────────────────────────────────
  /** Draw this request's fault, if any. */
  drawFault(path: string): InjectedFault {
    const f = this.faults;
    if (f.paths.length > 0 && !f.paths.some((p) => path.startsWith(p))) return null;
    if (f.maxInjections === 0) return null;
    const fault = this.pickFault();
    if (fault && f.maxInjections !== null) f.maxInjections -= 1;
    return fault;
  }

  private pickFault(): InjectedFault {
    const f = this.faults;
    let roll = this.random();
    for (const [status, rate] of Object.entries(f.statusRates)) {
      if (roll < rate) return { kind: 'status', status: Number(status) };
      roll -= rate;
    }
    if (roll < f.timeoutRate) return { kind: 'timeout', afterWrite: this.random() < f.lostAfterWriteRate };
    roll -= f.timeoutRate;
    if (roll < f.resetRate) return { kind: 'reset', afterWrite: this.random() < f.lostAfterWriteRate };
    return null;
  }

  count(route: string, status: number): void {
    this.counters.requests += 1;
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
  }

  countInjected(kind: string): void {
    this.counters.injected[kind] = (this.counters.injected[kind] ?? 0) + 1;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    sandboxFault?: InjectedFault;
  }
}

export interface VendorErrors {
  /** The body the vendor sends with an injected status (500, 503, 429 …). */
  statusBody(status: number): unknown;
  /** Extra headers for an injected status (429: Retry-After, rate headers). */
  statusHeaders?(status: number): Record<string, string>;
}

/**
 * Register fault injection, latency and the request log on a sandbox scope, and the control
 * routes under `/_sandbox`. Control routes are never faulted, rate limited or authenticated.
 */
export function installKit(app: FastifyInstance, kit: SandboxKit, errors: VendorErrors): void {
  const isControl = (request: FastifyRequest) => request.url.includes('/_sandbox');
  const relative = (request: FastifyRequest) => {
    const prefix = app.prefix;
    return request.url.slice(prefix.length).split('?')[0] ?? '';
  };

  app.addHook('onRequest', async (request, reply) => {
    if (isControl(request)) return;
    if (kit.faults.latencyMs > 0) await delay(kit.faults.latencyMs);
    const fault = kit.drawFault(relative(request));
    if (!fault) return;
    kit.countInjected(fault.kind === 'status' ? String(fault.status) : `${fault.kind}${fault.afterWrite ? '-after-write' : ''}`);
    if (fault.kind === 'status') {
      reply.code(fault.status).headers(errors.statusHeaders?.(fault.status) ?? {}).send(errors.statusBody(fault.status));
      return reply;
    }
    if (!fault.afterWrite) {
      loseAnswer(request, reply, fault.kind);
      return reply;
    }
    request.sandboxFault = fault;
  });

  // The write happened; the answer is lost on the way back.
  app.addHook('onSend', async (request, reply, payload) => {
    const fault = request.sandboxFault;
    if (fault && fault.kind !== 'status') {
      loseAnswer(request, reply, fault.kind);
      // Fastify writes whatever onSend returns, hijacked or not: hold it until the socket is gone.
      const socket = request.raw.socket;
      if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
      return null;
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isControl(request)) kit.count(`${request.method} ${request.routeOptions.url ?? relative(request)}`, reply.statusCode);
  });

  app.get('/_sandbox/records', async (request) => {
    const { type } = request.query as { type?: string };
    const types = type ? [type] : kit.types();
    return Object.fromEntries(types.map((t) => [t, kit.all(t).map((r) => ({ id: r.id, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(), ...r.data }))]));
  });
  app.get('/_sandbox/stats', async () => ({ ...kit.counters, faults: kit.faults, limits: kit.limits, records: Object.fromEntries(kit.types().map((t) => [t, kit.all(t).length])) }));
  app.put('/_sandbox/faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: 'invalid faults', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    kit.faults = parsed.data;
    return kit.faults;
  });
  app.put('/_sandbox/tokens', async (request, reply) => {
    const parsed = z.object({ tokens: z.array(z.string().min(1)) }).strict().safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: 'expected {"tokens": ["…"]}' });
    kit.tokens = new Set(parsed.data.tokens);
    return { tokens: parsed.data.tokens.length };
  });
  app.put('/_sandbox/limits', async (request, reply) => {
    const parsed = z.record(z.string(), z.object({ limit: z.number().int().min(1), intervalMs: z.number().int().min(1) }).strict()).safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: 'expected {"<class>": {"limit": n, "intervalMs": n}}' });
    kit.limits = parsed.data;
    return kit.limits;
  });
  app.post('/_sandbox/reset', async () => {
    kit.reset();
    return { reset: true };
  });
}

function loseAnswer(request: FastifyRequest, reply: FastifyReply, kind: 'timeout' | 'reset'): void {
  const socket = request.raw.socket;
  reply.hijack();
  if (kind === 'reset') {
    socket.resetAndDestroy?.();
    if (!socket.destroyed) socket.destroy();
    return;
  }
  // Hang: the client's timeout ends it; a bound keeps an abandoned socket from living forever.
  setTimeout(() => socket.destroy(), 120_000).unref();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
