import type { FastifyRequest } from 'fastify';
import { canonicalJson, sha256Hex } from '../../lib/hash.js';
import type { App, AppContext } from '../app.js';
import type { Principal } from '../auth.js';
import { ApiError, type Issue } from '../errors.js';
import type { Source } from '../../config/loader.js';
import type { FormScope } from '../../config/schema.js';
import type { LeadInput } from '../../domain/types.js';
import { evaluateMissingData, normalizeLead } from '../../domain/quality/index.js';
import { qualityFor } from '../../pipeline/stages/person.js';
import { parseLeadBody } from '../lead-body.js';
import { decodeCursor, leadView, page } from '../present.js';
import { acceptedSchema, errorSchema, idParams, leadBodySchema, leadListQuery, leadListSchema, leadSchema } from '../schemas.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function registerLeadRoutes(app: App, ctx: AppContext): void {
  const { config, store, metrics } = ctx;

  app.post('/v1/leads', {
    schema: {
      summary: 'Submit a lead',
      description: 'Answers 202 only after the lead, its first event and its job are committed. Idempotency-Key makes retries safe.',
      tags: ['leads'],
      body: leadBodySchema,
      response: { 202: acceptedSchema, ...errors, 409: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema, 429: errorSchema, 503: errorSchema },
    },
    // The body is parsed by parseLeadBody (every issue at once, unknown fields kept); the schema documents it.
    validatorCompiler: () => (data) => ({ value: data }),
  }, async (request, reply) => {
    let sourceId = 'unknown';
    try {
      const principal = await authenticateIntake(ctx, request);
      if (principal.kind !== 'source') throw new ApiError('FORBIDDEN', 'leads are submitted with a source key or form token, not an admin key');
      const source = principal.source;
      sourceId = source.id;
      await ctx.limits.consume(source, request.ip);

      const idempotencyKey = request.headers['idempotency-key'];
      if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
        throw new ApiError('VALIDATION_FAILED', 'invalid Idempotency-Key', [{ path: 'headers.idempotency-key', message: '1 to 255 visible ASCII characters' }]);
      }
      const parsed = parseLeadBody(request.body, config.intake);
      if (!parsed.ok) throw new ApiError('LEAD_INVALID', `the lead has ${parsed.issues.length} problem(s)`, parsed.issues);
      const missing = missingMinimum(config, source, parsed.input);
      if (missing.length > 0) throw new ApiError('LEAD_INVALID', `this source requires ${missing.map((m) => m.path).join(', ')}`, missing);

      let result;
      try {
        result = await store.acceptLead({
          sourceId,
          input: parsed.input,
          meta: { ip: request.ip, userAgent: request.headers['user-agent'], origin: request.headers.origin },
          bodyHash: sha256Hex(canonicalJson(parsed.input)),
          idempotencyKey,
          dedupWindowMs: config.intake.dedupWindowSeconds * 1000,
          idempotencyTtlMs: config.intake.idempotencyTtlSeconds * 1000,
        });
      } catch (error) {
        request.log.error({ reqId: request.id, sourceId, err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'intake commit failed');
        throw new ApiError('STORE_UNAVAILABLE', 'the lead could not be stored; nothing was kept, retry with the same Idempotency-Key');
      }
      if (result.outcome === 'conflict') throw new ApiError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different body');

      metrics.intake(sourceId, result.outcome);
      if (result.outcome === 'accepted') ctx.onLeadAccepted?.();
      else void reply.header('idempotent-replayed', 'true');
      request.log.debug({ reqId: request.id, sourceId, leadId: result.leadId, eventId: result.eventId, outcome: result.outcome }, 'lead received');
      const self = `/v1/leads/${result.leadId}`;
      return reply.code(202).header('location', self).send({ leadId: result.leadId, eventId: result.eventId, status: 'received' as const, links: { self } });
    } catch (error) {
      metrics.intake(sourceId, error instanceof ApiError ? outcomeOf(error) : 'error');
      throw error;
    }
  });

  app.get('/v1/leads/:id', {
    schema: { summary: 'A lead with its full event timeline', tags: ['leads'], params: idParams, response: { 200: leadSchema, ...errors } },
  }, async (request) => {
    const principal = readerOf(ctx, request);
    const lead = await store.getLead(request.params.id);
    // A source key sees only its own leads; to it, another source's lead does not exist.
    if (!lead || (principal.kind === 'source' && lead.sourceId !== principal.source.id)) throw new ApiError('NOT_FOUND', 'no such lead');
    return leadView(lead, await store.listEvents(lead.id));
  });

  app.get('/v1/leads', {
    schema: { summary: 'List leads, newest first', tags: ['leads'], querystring: leadListQuery, response: { 200: leadListSchema, ...errors } },
  }, async (request) => {
    const principal = readerOf(ctx, request);
    const q = request.query;
    const sourceId = principal.kind === 'source' ? principal.source.id : q.source;
    if (principal.kind === 'source' && q.source !== undefined && q.source !== sourceId) return { items: [], nextCursor: null };
    const rows = await store.listLeads({
      status: q.status,
      sourceId,
      segment: q.segment,
      owner: q.owner,
      createdFrom: q.createdFrom === undefined ? undefined : Date.parse(q.createdFrom),
      createdTo: q.createdTo === undefined ? undefined : Date.parse(q.createdTo),
      before: decodeCursor(q.cursor),
      limit: q.limit + 1,
    });
    const result = page(rows, q.limit);
    return { items: result.items.map((lead) => leadView(lead)), nextCursor: result.nextCursor };
  });
}

/**
 * A source whose missing-data policy is `require-minimum` refuses a lead without its minimum at the
 * door (422, naming each missing field), judged on normalized values: an unparseable phone is missing.
 */
function missingMinimum(config: AppContext['config'], source: Source, input: LeadInput): Issue[] {
  const quality = qualityFor(config, source.id);
  if (quality.missingData.strategy !== 'require-minimum') return [];
  const { fields } = normalizeLead(input, { config: quality, sourceCountry: source.defaultCountry });
  return evaluateMissingData({ ...fields }, quality.missingData).missingRequired.map((required) => {
    const [first, ...others] = required.split('|').map((f) => f.trim());
    return { path: first!, message: others.length > 0 ? `required by this source (or ${others.join(' or ')})` : 'required by this source' };
  });
}

/**
 * A writer's credential: an API key in the headers, else a public form token (X-Form-Token or the
 * body's `formToken`) posted from one of its origins and scoped for `scope`. A missing or unknown
 * credential counts against the address's failed-authentication budget.
 */
export async function authenticateIntake(ctx: AppContext, request: FastifyRequest, scope: FormScope = 'leads'): Promise<Principal> {
  try {
    const fromKey = ctx.auth.fromHeaders(request.headers);
    if (fromKey) return fromKey;
    const body = request.body as Record<string, unknown> | undefined;
    const header = request.headers['x-form-token'];
    const token = typeof header === 'string' ? header : typeof body?.formToken === 'string' ? body.formToken : undefined;
    if (token === undefined) throw new ApiError('UNAUTHENTICATED', 'send an API key (X-Api-Key or Authorization: Bearer) or a form token');
    return ctx.auth.fromFormToken(token, request.headers.origin, scope);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') await ctx.limits.failedAuth(request.ip);
    throw error;
  }
}

/** Reading leads needs a key: admin keys read everything, a source key its own leads. */
export function readerOf(ctx: AppContext, request: FastifyRequest): Principal {
  const principal = ctx.auth.fromHeaders(request.headers);
  if (!principal) throw new ApiError('UNAUTHENTICATED', 'send an API key (X-Api-Key or Authorization: Bearer)');
  return principal;
}

function outcomeOf(error: ApiError): string {
  switch (error.code) {
    case 'LEAD_INVALID':
    case 'VALIDATION_FAILED':
      return 'invalid';
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'ORIGIN_NOT_ALLOWED':
      return 'unauthenticated';
    case 'RATE_LIMITED':
      return 'rate_limited';
    case 'IDEMPOTENCY_CONFLICT':
      return 'conflict';
    default:
      return 'error';
  }
}
