import { z } from 'zod';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { decodeCursor, page } from '../present.js';
import { errorSchema, idParams } from '../schemas.js';
import { readerOf } from './leads.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const activitySchema = z
  .object({
    type: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'snake_case, e.g. pricing_page_view').describe('e.g. pricing_page_view, case_study_download, meeting_booked, contacted'),
    at: z.iso.datetime({ offset: true }).optional().describe('when it happened; default now'),
    detail: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])).refine((d) => Object.keys(d).length <= 20, 'at most 20 detail fields').optional(),
  })
  .strict();

/** Behaviour events (they feed scoring, first contact and the metrics) and the mail outbox. */
export function registerActivityRoutes(app: App, ctx: AppContext): void {
  app.post('/v1/leads/:id/events', {
    schema: {
      summary: 'Record a behaviour event on a person; the lead is re-scored (`contacted` is the first contact for SLAs)',
      tags: ['leads'],
      params: idParams,
      body: activitySchema,
      response: { 202: z.object({ leadId: z.string(), eventId: z.string() }), ...errors },
    },
  }, async (request, reply) => {
    const principal = readerOf(ctx, request);
    let lead = await ctx.store.getLead(request.params.id);
    if (lead?.mergedInto) lead = await ctx.store.getLead(lead.mergedInto);
    if (!lead || (principal.kind === 'source' && lead.sourceId !== principal.source.id)) throw new ApiError('NOT_FOUND', 'no such lead');
    const at = request.body.at ? Date.parse(request.body.at) : ctx.clock.now();
    const { eventId } = await ctx.store.recordActivity(lead.id, { type: request.body.type, at, detail: request.body.detail ?? {} });
    ctx.onLeadAccepted?.();
    request.log.info({ leadId: lead.id, eventId, type: request.body.type }, 'activity recorded');
    return reply.code(202).send({ leadId: lead.id, eventId });
  });

  app.get('/v1/outbox', {
    schema: {
      summary: 'Mail the service sent, as the local SMTP capture received it (embedded mode)',
      tags: ['notifications'],
      querystring: z.object({ leadId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }).strict(),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), messageId: z.string(), leadId: z.string().nullable(), from: z.string(), to: z.array(z.string()), subject: z.string(), raw: z.string(), receivedAt: z.string() })),
          nextCursor: z.string().nullable(),
        }),
        ...errors,
      },
    },
  }, async (request) => {
    if (readerOf(ctx, request).kind !== 'admin') throw new ApiError('FORBIDDEN', 'the outbox needs an admin key');
    const q = request.query;
    const rows = await ctx.store.listOutbox({ leadId: q.leadId, before: decodeCursor(q.cursor), limit: q.limit + 1 });
    const result = page(rows, q.limit);
    return { items: result.items.map((m) => ({ ...m, receivedAt: new Date(m.receivedAt).toISOString() })), nextCursor: result.nextCursor };
  });
}
