import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createConversationService } from '../../conversation/service.js';
import type { RequestMeta } from '../../domain/types.js';
import type { ConversationWrite } from '../../storage/ports.js';
import type { App, AppContext } from '../app.js';
import type { Source } from '../../config/loader.js';
import { appendBodySchema, openBodySchema, parseAppendBody, parseOpenBody } from '../conversation-body.js';
import { ApiError } from '../errors.js';
import { errorSchema, idParams } from '../schemas.js';
import { authenticateIntake, readerOf } from './leads.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A one-shot transcript may be long; the lead intake's limit stays as configured. */
const TRANSCRIPT_BODY_LIMIT = 1024 * 1024;
/** Source keys, or a public source's form token with the `conversations` scope. */
const writers: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }, { formToken: [] }];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema, 429: errorSchema, 503: errorSchema };
/**
 * Bodies are parsed in the handler (every issue, 422 CONVERSATION_INVALID, paths without a `body.`
 * prefix, like the lead intake); the body schemas document them. Params are validated as usual.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bodyInHandler: FastifySchemaCompiler<any> = (route) => (route.httpPart === 'body' ? (data) => ({ value: data }) : zodValidatorCompiler(route));
/** A widget may send its form token in the body, as a form does; it is a credential, not conversation data. */
function withoutFormToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('formToken' in body)) return body;
  const { formToken: _, ...rest } = body as Record<string, unknown>;
  return rest;
}
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const writeSchema = z.object({
  conversationId: z.string(),
  externalId: z.string(),
  status: z.enum(['open', 'ended']),
  leadId: z.string().nullable().describe('the person this conversation belongs to, once an email or phone is known'),
  messageCount: z.number(),
  added: z.array(z.string()).describe('message ids stored by this request'),
  duplicateIds: z.array(z.string()).describe('message ids already stored: acknowledged, not stored again'),
  links: z.object({ self: z.string(), lead: z.string().nullable() }),
});

const conversationSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  channel: z.string(),
  sourceId: z.string(),
  status: z.enum(['open', 'ended']),
  endReason: z.enum(['ended', 'inactivity']).nullable(),
  leadId: z.string().nullable(),
  startedAt: z.string(),
  lastMessageAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  messageCount: z.number(),
  messages: z.array(z.object({ id: z.string(), role: z.enum(['user', 'bot', 'agent']), text: z.string(), at: z.string() })),
  analysis: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('contact, budget, timeline, decisionMaker, competitors, products, questionsAsked, intents, objections, sentiment, isSpam, language, score {points, breakdown}, note, nextBestAction, timing…'),
});

/**
 * The conversation API (issue 7): chatbots open a conversation, stream its messages, end it, and
 * read it back with its analysis. Same keys, rate limits and error envelope as the lead intake;
 * every 2xx is answered after the write committed.
 */
export function registerConversationRoutes(app: App, ctx: AppContext): void {
  const { store } = ctx;
  const service = createConversationService({ store, config: ctx.config, clock: ctx.clock, countModel: (outcome) => ctx.metrics.conversationModel(outcome) });

  /**
   * Who writes: a source key, or — for a chat widget on a public page — the source's form token
   * with the `conversations` scope, from one of its origins; the same rate limits either way.
   */
  async function writer(request: FastifyRequest): Promise<Source & { viaForm?: true }> {
    const principal = await authenticateIntake(ctx, request, 'conversations');
    if (principal.kind !== 'source') throw new ApiError('FORBIDDEN', 'conversations are written with a source key or form token, not an admin key');
    await ctx.limits.consume(principal.source, request.ip);
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw new ApiError('VALIDATION_FAILED', 'invalid Idempotency-Key', [{ path: 'headers.idempotency-key', message: '1 to 255 visible ASCII characters' }]);
    }
    return principal.via === 'form' ? { ...principal.source, viaForm: true } : principal.source;
  }

  const meta = (request: FastifyRequest): RequestMeta => ({ ip: request.ip, userAgent: request.headers['user-agent'], origin: request.headers.origin });

  async function commit(request: FastifyRequest, sourceId: string, write: () => Promise<ConversationWrite>) {
    let result: ConversationWrite;
    try {
      result = await write();
    } catch (error) {
      request.log.error({ reqId: request.id, sourceId, err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'conversation commit failed');
      throw new ApiError('STORE_UNAVAILABLE', 'the conversation could not be stored; nothing was kept, retry the same request');
    }
    if (result.outcome === 'not-found') throw new ApiError('NOT_FOUND', 'no such conversation');
    if (result.outcome === 'ended') throw new ApiError('CONVERSATION_ENDED', 'this conversation has ended; start a new one');
    if (result.outcome === 'active') throw new ApiError('INTERNAL', 'unexpected idle guard');
    if (result.leadCreated || result.reprocessed) ctx.onLeadAccepted?.();
    const c = result.conversation;
    request.log.info({ reqId: request.id, sourceId, conversationId: c.id, added: result.added.length, leadId: c.leadId, leadCreated: result.leadCreated !== null, status: c.status }, 'conversation written');
    const leadId = await personOf(c.leadId);
    const self = `/v1/conversations/${c.id}`;
    return {
      created: result.created,
      body: {
        conversationId: c.id, externalId: c.externalId, status: c.status, leadId, messageCount: c.messageCount,
        added: result.added, duplicateIds: result.duplicateIds, links: { self, lead: leadId ? `/v1/leads/${leadId}` : null },
      },
    };
  }

  /** The surviving lead of a merge: the conversation belongs to the person. */
  async function personOf(leadId: string | null): Promise<string | null> {
    if (leadId === null) return null;
    const lead = await store.getLead(leadId);
    return lead?.mergedInto ?? leadId;
  }

  app.post('/v1/conversations', {
    schema: {
      summary: 'Open a conversation (or find it by channel + externalId); optionally with a whole transcript and `ended: true` for one-shot capture',
      description: 'The lead is created as soon as an email or phone appears (in a message or the visitor hints).',
      tags: ['conversations'],
      security: writers,
      body: openBodySchema,
      response: { 200: writeSchema, 201: writeSchema, ...errors, 409: errorSchema, 413: errorSchema },
    },
    bodyLimit: Math.max(ctx.config.server.bodyLimitBytes, TRANSCRIPT_BODY_LIMIT),
    validatorCompiler: bodyInHandler,
  }, async (request, reply) => {
    const source = await writer(request);
    const parsed = parseOpenBody(withoutFormToken(request.body));
    if (!parsed.ok) throw new ApiError('CONVERSATION_INVALID', `the conversation has ${parsed.issues.length} problem(s)`, parsed.issues);
    const hinted = parsed.value.leadId;
    // A public page cannot claim a known person by id: anyone can read its form token.
    if (hinted !== null && source.viaForm) {
      throw new ApiError('CONVERSATION_INVALID', 'visitor.leadId needs a source key', [{ path: 'visitor.leadId', message: 'not accepted with a form token' }]);
    }
    if (hinted !== null) {
      const lead = await store.getLead(hinted);
      if (!lead || lead.sourceId !== source.id) throw new ApiError('CONVERSATION_INVALID', 'unknown visitor.leadId', [{ path: 'visitor.leadId', message: 'no such lead' }]);
    }
    const out = await commit(request, source.id, () => service.open(source.id, parsed.value, meta(request)));
    return reply.code(out.created ? 201 : 200).header('location', out.body.links.self).send(out.body);
  });

  app.post('/v1/conversations/:id/messages', {
    schema: {
      summary: 'Append one message or a batch; message ids make retries safe',
      tags: ['conversations'],
      security: writers,
      params: idParams,
      body: appendBodySchema,
      response: { 200: writeSchema, ...errors, 409: errorSchema, 413: errorSchema },
    },
    validatorCompiler: bodyInHandler,
  }, async (request) => {
    const source = await writer(request);
    const parsed = parseAppendBody(withoutFormToken(request.body));
    if (!parsed.ok) throw new ApiError('CONVERSATION_INVALID', `the messages have ${parsed.issues.length} problem(s)`, parsed.issues);
    return (await commit(request, source.id, () => service.append(source.id, request.params.id, parsed.value, meta(request)))).body;
  });

  app.post('/v1/conversations/:id/end', {
    schema: { summary: 'End a conversation: final analysis and CRM note; ending twice is harmless', tags: ['conversations'], security: writers, params: idParams, response: { 200: writeSchema, ...errors } },
  }, async (request) => {
    const source = await writer(request);
    return (await commit(request, source.id, () => service.end(source.id, request.params.id, 'ended', { meta: meta(request) }))).body;
  });

  // A browser asks before a cross-origin JSON post with X-Form-Token: the widget's pages (a public
  // source's origins) get a yes; any other origin gets no CORS headers, so its browser refuses.
  for (const url of ['/v1/conversations', '/v1/conversations/:id/messages', '/v1/conversations/:id/end']) {
    app.options(url, { schema: { hide: true } }, async (request, reply) => {
      const origin = request.headers.origin;
      if (origin !== undefined && ctx.auth.isPublicOrigin(origin)) {
        void reply.headers({
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type, x-form-token, idempotency-key',
          'access-control-expose-headers': 'location',
          'access-control-max-age': '600',
        });
      }
      return reply.code(204).send();
    });
  }

  app.get('/v1/conversations/:id', {
    schema: { summary: 'A conversation with its messages, timestamps, lead and analysis', tags: ['conversations'], params: idParams, response: { 200: conversationSchema, ...errors } },
  }, async (request) => {
    const principal = readerOf(ctx, request);
    const found = await store.getConversation(request.params.id);
    // To a source key, another source's conversation does not exist.
    if (!found || (principal.kind === 'source' && found.conversation.sourceId !== principal.source.id)) throw new ApiError('NOT_FOUND', 'no such conversation');
    const c = found.conversation;
    return {
      id: c.id, externalId: c.externalId, channel: c.channel, sourceId: c.sourceId, status: c.status, endReason: c.endReason,
      leadId: await personOf(c.leadId),
      startedAt: iso(c.startedAt)!, lastMessageAt: iso(c.lastMessageAt), endedAt: iso(c.endedAt), messageCount: c.messageCount,
      messages: found.messages.map((m) => ({ id: m.id, role: m.role, text: m.text, at: iso(m.at)! })),
      analysis: (c.analysis as Record<string, unknown> | null) ?? null,
    };
  });
}
