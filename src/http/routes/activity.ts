import { z } from 'zod';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { decodeCursor, page } from '../present.js';
import { errorSchema, idParams } from '../schemas.js';
import { readerOf } from './leads.js';
import { summarize } from '../../domain/metrics/summary.js';

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

  app.get('/v1/metrics/summary', {
    schema: {
      summary: 'Lead metrics: speed-to-lead, lead-to-meeting, duplicates per source and campaign, segments, SLA met, drop-off per stage',
      tags: ['metrics'],
      querystring: z
        .object({
          from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('inclusive; default 7 days ago'),
          to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('exclusive; default now'),
          source: z.string().max(63).optional(),
          campaign: z.string().max(256).optional(),
        })
        .strict(),
      response: { 200: z.record(z.string(), z.unknown()), ...errors },
    },
  }, async (request) => {
    if (readerOf(ctx, request).kind !== 'admin') throw new ApiError('FORBIDDEN', 'metrics need an admin key');
    const now = ctx.clock.now();
    const to = request.query.to ? Date.parse(request.query.to) : now;
    const from = request.query.from ? Date.parse(request.query.from) : to - 7 * 24 * 3600_000;
    const rows = await ctx.store.summaryRows({ from, to, sourceId: request.query.source, campaign: request.query.campaign });
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...summarize(rows, now) };
  });

  app.get('/v1/alerts', {
    schema: {
      summary: 'Alerts, newest first: firing until their condition clears, then resolved',
      tags: ['notifications'],
      querystring: z.object({ status: z.enum(['firing', 'resolved']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }).strict(),
      response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    if (readerOf(ctx, request).kind !== 'admin') throw new ApiError('FORBIDDEN', 'alerts need an admin key');
    const q = request.query;
    const rows = await ctx.store.listAlerts({ status: q.status, before: decodeCursor(q.cursor), limit: q.limit + 1 });
    const result = page(rows, q.limit);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return { items: result.items.map((a) => ({ ...a, firedAt: iso(a.firedAt), lastSeenAt: iso(a.lastSeenAt), resolvedAt: iso(a.resolvedAt) })), nextCursor: result.nextCursor };
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
