import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installKit, SandboxKit, type SandboxOptions, type VendorErrors } from '../sandbox/kit.js';
import { nextUtcMidnight, PIPEDRIVE_BURST, PIPEDRIVE_SEARCH_LIMIT, PIPEDRIVE_WINDOW_MS, pipedriveDailyTokens, type PipedrivePlan } from './config.js';
import { rateClassOf, tokenCost } from './costs.js';
import { registerFields, seed } from './sandbox-fields.js';
import { ERROR_INFO, errorBody, VendorFailure } from './sandbox-http.js';
import { registerPeople } from './sandbox-people.js';
import { registerSales } from './sandbox-sales.js';

/**
 * A Pipedrive company that speaks the real API under a mount prefix: `/api/v2/…` (persons,
 * organizations, deals, activities, fields, pipelines, stages, search) and `/v1/…` (notes,
 * users/me; also under `/api/v1`). Auth by `x-api-token` (or the legacy `api_token` query
 * parameter); any token not in `kit.tokens` gets Pipedrive's 401. Every answer carries
 * `x-ratelimit-limit/-remaining/-reset` of its class (burst per plan, search 10 / 2 s); a full
 * window or a spent daily token budget (the spec's `x-token-cost` per call) answers 429 "Request
 * over limit". `softFailures` makes chosen paths answer HTTP 200 with `success:false`, as Pipedrive
 * sometimes does. Faults, latency, records and counters come from the shared kit (`/_sandbox`).
 */

export interface PipedriveSandboxOptions extends SandboxOptions {
  companyDomain?: string;
  /** Sizes the default limits and daily budget (default lite, 1 seat). */
  plan?: PipedrivePlan;
  seats?: number;
  /** Overrides the daily token budget. */
  dailyTokens?: number;
  /** The next `count` requests below these path prefixes answer 200 `{success:false}`. */
  softFailures?: { paths: string[]; count: number };
}

const softFailuresSchema = z.object({ paths: z.array(z.string()).default([]), count: z.number().int().min(0) }).strict();

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  423: 'Locked',
  429: 'Request over limit',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export function createPipedriveSandbox(options: PipedriveSandboxOptions = {}): { kit: SandboxKit; plugin: FastifyPluginAsync } {
  const plan = options.plan ?? 'lite';
  const limits = options.limits ?? { default: { limit: PIPEDRIVE_BURST[plan], intervalMs: PIPEDRIVE_WINDOW_MS }, search: { limit: PIPEDRIVE_SEARCH_LIMIT, intervalMs: PIPEDRIVE_WINDOW_MS } };
  const kit = new SandboxKit({ ...options, limits });
  const companyDomain = options.companyDomain ?? 'sandbox';
  const daily = { tokens: options.dailyTokens ?? pipedriveDailyTokens(plan, options.seats ?? 1), used: 0, resetAt: 0 };
  let soft = softFailuresSchema.parse(options.softFailures ?? { count: 0 });

  const rateHeaders = (limit: number, remaining: number, resetMs: number) => ({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.max(1, Math.ceil(resetMs / 1000))),
  });
  const vendorErrors: VendorErrors = {
    statusBody: (status) => errorBody(STATUS_MESSAGES[status] ?? 'Error', status),
    statusHeaders: (status) => (status === 429 ? rateHeaders(limits.default?.limit ?? 20, 0, PIPEDRIVE_WINDOW_MS) : {}),
  };

  /** Daily tokens: charge the call, or say how long until the budget resets. */
  function charge(cost: number): number | null {
    const now = kit.clock();
    if (now >= daily.resetAt) {
      daily.used = 0;
      daily.resetAt = nextUtcMidnight(now);
    }
    if (daily.used + cost > daily.tokens) return daily.resetAt - now;
    daily.used += cost;
    return null;
  }

  function tokenOf(request: FastifyRequest): string | null {
    const header = request.headers['x-api-token'];
    if (typeof header === 'string' && header !== '') return header;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (bearer) return bearer[1]!;
    return (request.query as { api_token?: string }).api_token ?? null;
  }

  const plugin: FastifyPluginAsync = async (app) => {
    installKit(app, kit, vendorErrors);
    const relative = (request: FastifyRequest) => request.url.slice(app.prefix.length).split('?')[0] ?? '';

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (kit.all('user').length === 0) seed(kit, companyDomain);
      const path = relative(request);
      if (path.startsWith('/_sandbox')) return;
      const token = tokenOf(request);
      if (token === null || !kit.tokens.has(token)) {
        return reply.code(401).send({ success: false, error: 'unauthorized access', errorCode: 401, error_info: ERROR_INFO });
      }
      const slot = kit.take(rateClassOf(path), token);
      if (slot) reply.headers(rateHeaders(slot.limit, slot.remaining, slot.resetMs));
      if (slot && !slot.allowed) return reply.code(429).send(errorBody('Request over limit', 429));
      const budgetWait = charge(tokenCost(request.method, path));
      if (budgetWait !== null) return reply.code(429).headers(rateHeaders(daily.tokens, 0, budgetWait)).send(errorBody('Request over limit', 429));
      if (soft.count > 0 && (soft.paths.length === 0 || soft.paths.some((p) => path.startsWith(p)))) {
        soft.count -= 1;
        return reply.code(200).send(errorBody('An internal error occurred, please try again later'));
      }
      return undefined;
    });

    app.setErrorHandler((error, _request, reply) => {
      if (error instanceof VendorFailure) return reply.code(error.status).send(errorBody(error.message, error.status));
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(errorBody(`Bad request: ${(error as Error).message}`, status));
      return reply.code(500).send(errorBody('Internal server error', 500));
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('Unknown method .', 404)));

    app.put('/_sandbox/soft-failures', async (request, reply) => {
      const parsed = softFailuresSchema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'expected {"paths": ["/v1/notes"], "count": 1}' });
      soft = parsed.data;
      return soft;
    });
    app.get('/_sandbox/daily', async () => ({ tokens: daily.tokens, used: daily.used }));

    registerPeople(app, kit);
    registerSales(app, kit);
    registerFields(app, kit);
  };
  return { kit, plugin };
}
