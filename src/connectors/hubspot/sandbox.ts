import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { SandboxKit, installKit, type SandboxOptions, type VendorErrors } from '../sandbox/kit.js';
import { HUBSPOT_DAILY_BY_TIER, hubspotLimits, type HubspotTier } from './config.js';
import { associationRoutes } from './sandbox-associations.js';
import { SandboxHttpError, errorBody } from './sandbox-model.js';
import { objectRoutes } from './sandbox-objects.js';
import { settingsRoutes } from './sandbox-settings.js';

/**
 * A local HubSpot that speaks the real API (the paths, bodies, statuses and headers of CRM v3
 * objects, associations v4, properties, lists and account info), so the connector and the official
 * SDK run against it unchanged. Bearer tokens not in `kit.tokens` get HubSpot's 401; every token has
 * HubSpot's rolling windows (`default` 100/10 s on the free tier; `search` 5/s) answered with its
 * 429 bodies, and `X-HubSpot-RateLimit-*` headers on every non-search answer. Faults, latency,
 * search lag and the records are the kit's (`/_sandbox/...`).
 */

export interface HubspotSandboxOptions extends SandboxOptions {
  tier?: HubspotTier;
  portalId?: number;
  /** Static lists that exist from the start (ids chosen by the caller). */
  lists?: Array<{ listId: string; name: string }>;
}

export const HUBSPOT_401_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

const rateBody = (policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY') => ({
  status: 'error',
  message: `You have reached your ${policy === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling'} limit.`,
  errorType: 'RATE_LIMIT',
  correlationId: randomUUID(),
  policyName: policy,
  requestId: randomUUID(),
});

function statusBody(status: number): unknown {
  if (status === 429) return rateBody('TEN_SECONDLY_ROLLING');
  if (status === 423) return errorBody('LOCKED', 'The resource is locked; try again in a few seconds.');
  if (status === 401) return errorBody('INVALID_AUTHENTICATION', HUBSPOT_401_MESSAGE);
  if (status >= 500) return errorBody('INTERNAL_ERROR', 'internal error');
  return errorBody('VALIDATION_ERROR', `error ${status}`);
}

interface RateTaken {
  limitClass: string;
  limit: number;
  remaining: number;
  intervalMs: number;
}

export function createHubspotSandbox(options: HubspotSandboxOptions = {}): { kit: SandboxKit; plugin: FastifyPluginAsync } {
  const tier = options.tier ?? 'free';
  const kit = new SandboxKit({ ...options, limits: { ...hubspotLimits({ tier }).windows, ...(options.limits ?? {}) } });
  const daily = HUBSPOT_DAILY_BY_TIER[tier];
  for (const list of options.lists ?? []) kit.insert('lists', { name: list.name, objectTypeId: '0-1', processingType: 'MANUAL', createdAt: new Date(kit.clock()).toISOString() }, list.listId);
  const taken = new WeakMap<FastifyRequest, RateTaken>();

  const rateHeaders = (t: { limit: number; remaining: number; intervalMs: number }) => ({
    'X-HubSpot-RateLimit-Max': String(t.limit),
    'X-HubSpot-RateLimit-Remaining': String(t.remaining),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(t.intervalMs),
    'X-HubSpot-RateLimit-Daily': String(daily),
    'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, daily - kit.counters.requests - 1)),
  });

  const vendorErrors: VendorErrors = {
    statusBody,
    statusHeaders: (status) => {
      const window = kit.limits.default;
      return status === 429 && window ? rateHeaders({ limit: window.limit, remaining: 0, intervalMs: window.intervalMs }) : {};
    },
  };

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    // HubSpot accepts an empty body with a JSON content type (the SDK sends one on DELETE).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new SandboxHttpError(400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: the body is not valid JSON')), undefined);
      }
    });

    installKit(app, kit, vendorErrors);

    app.addHook('onRequest', async (request, reply) => {
      if (request.url.includes('/_sandbox')) return;
      const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
      if (!token || !kit.tokens.has(token)) {
        reply.code(401).send(errorBody('INVALID_AUTHENTICATION', HUBSPOT_401_MESSAGE));
        return reply;
      }
      const search = request.method === 'POST' && /\/search$/.test(request.url.split('?')[0] ?? '');
      const limitClass = search ? 'search' : 'default';
      const take = kit.take(limitClass, token);
      if (!take) return;
      if (!take.allowed) {
        const headers = search ? {} : rateHeaders({ limit: take.limit, remaining: 0, intervalMs: take.intervalMs });
        reply.code(429).headers(headers).send(rateBody(search ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING'));
        return reply;
      }
      taken.set(request, { limitClass, limit: take.limit, remaining: take.remaining, intervalMs: take.intervalMs });
    });

    // HubSpot sends its rate-limit headers on every answer but search answers.
    app.addHook('onSend', async (request, reply, payload) => {
      const t = taken.get(request);
      if (t && t.limitClass === 'default') reply.headers(rateHeaders(t));
      return payload;
    });

    app.setErrorHandler((error: FastifyError | SandboxHttpError, _request, reply) => {
      if (error instanceof SandboxHttpError) return reply.code(error.statusCode).send(error.body);
      const status = error.statusCode ?? 500;
      const category = status < 500 ? 'VALIDATION_ERROR' : 'INTERNAL_ERROR';
      return reply.code(status).send(errorBody(category, status < 500 ? `Invalid input: ${error.message}` : 'internal error'));
    });

    objectRoutes(app, kit);
    associationRoutes(app, kit);
    settingsRoutes(app, kit, { portalId: options.portalId ?? 62515 });
  };

  return { kit, plugin };
}
