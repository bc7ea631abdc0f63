import { buildWithdrawal, currentConsent } from '../../domain/quality/index.js';
import { qualityFor } from '../../pipeline/stages/person.js';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { consentView, decodeCursor, page, suggestionView } from '../present.js';
import { consentsSchema, errorSchema, idParams, suggestionListQuery, suggestionSchema, withdrawalSchema } from '../schemas.js';
import { z } from 'zod';
import { readerOf } from './leads.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/** Identity and consent: merge suggestions to review, and each person's consent ledger. */
export function registerPeopleRoutes(app: App, ctx: AppContext): void {
  const admin = (request: Parameters<typeof readerOf>[1]) => {
    if (readerOf(ctx, request).kind !== 'admin') throw new ApiError('FORBIDDEN', 'this needs an admin key');
  };

  app.get('/v1/merge-suggestions', {
    schema: {
      summary: 'Possible duplicates the pipeline would not merge on its own, newest first',
      tags: ['identity'],
      querystring: suggestionListQuery,
      response: { 200: z.object({ items: z.array(suggestionSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    admin(request);
    const q = request.query;
    const rows = await ctx.store.listMergeSuggestions({ status: q.status, before: decodeCursor(q.cursor), limit: q.limit + 1 });
    const result = page(rows, q.limit);
    return { items: result.items.map(suggestionView), nextCursor: result.nextCursor };
  });

  for (const action of ['accept', 'reject'] as const) {
    app.post(`/v1/merge-suggestions/:id/${action}`, {
      schema: {
        summary: action === 'accept' ? 'Merge the newer lead into the existing one' : 'Keep both leads; the suggestion is closed',
        tags: ['identity'],
        params: idParams,
        response: { 200: z.object({ id: z.string(), status: z.enum(['accepted', 'rejected']), mergedInto: z.string().nullable() }), ...errors, 409: errorSchema },
      },
    }, async (request) => {
      admin(request);
      const result = await ctx.store.decideSuggestion(request.params.id, action === 'accept');
      if (result.outcome === 'not-found') throw new ApiError('NOT_FOUND', 'no such merge suggestion');
      if (result.outcome === 'already-decided') throw new ApiError('SUGGESTION_DECIDED', `this suggestion was ${result.status} already`);
      if (result.outcome === 'stale') throw new ApiError('SUGGESTION_DECIDED', result.reason);
      if (result.outcome === 'accepted') ctx.onLeadAccepted?.();
      request.log.info({ suggestionId: request.params.id, outcome: result.outcome }, 'merge suggestion decided');
      return { id: request.params.id, status: result.outcome, mergedInto: result.outcome === 'accepted' ? result.into : null };
    });
  }

  /** A merged-away lead answers for the person it became; other sources' leads do not exist. */
  async function personFor(request: Parameters<typeof readerOf>[1], id: string) {
    const principal = readerOf(ctx, request);
    let lead = await ctx.store.getLead(id);
    if (lead?.mergedInto) lead = await ctx.store.getLead(lead.mergedInto);
    if (!lead || (principal.kind === 'source' && lead.sourceId !== principal.source.id)) throw new ApiError('NOT_FOUND', 'no such lead');
    return lead;
  }

  async function consents(leadId: string) {
    const history = await ctx.store.listConsents(leadId);
    const current = Object.fromEntries(
      Object.entries(currentConsent(history)).map(([purpose, state]) => [
        purpose,
        { granted: state.granted, decidedAt: state.decidedBy ? new Date(state.decidedBy.at).toISOString() : null, policyVersion: state.decidedBy?.policyVersion ?? null },
      ]),
    );
    return { leadId, current, history: history.map(consentView) };
  }

  app.get('/v1/leads/:id/consents', {
    schema: { summary: "A person's consent history and the state derived from it", tags: ['consent'], params: idParams, response: { 200: consentsSchema, ...errors } },
  }, async (request) => consents((await personFor(request, request.params.id)).id));

  app.post('/v1/leads/:id/consents', {
    schema: {
      summary: 'Withdraw a consent (appended to the ledger; the history is never rewritten)',
      tags: ['consent'],
      params: idParams,
      body: withdrawalSchema,
      response: { 201: consentsSchema, ...errors },
    },
  }, async (request, reply) => {
    const lead = await personFor(request, request.params.id);
    const record = buildWithdrawal(
      request.body.purpose,
      { at: ctx.clock.now(), source: request.body.source, ip: request.ip, userAgent: request.headers['user-agent'], evidenceText: request.body.evidenceText },
      qualityFor(ctx.config, lead.sourceId).consent,
    );
    await ctx.store.appendConsents(lead.id, [record]);
    request.log.info({ leadId: lead.id, purpose: request.body.purpose }, 'consent withdrawn');
    return reply.code(201).send(await consents(lead.id));
  });
}
