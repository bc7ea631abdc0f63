import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { deadLetterView, decodeCursor, page } from '../present.js';
import { deadLetterListQuery, deadLetterSchema, errorSchema, idParams, replayedSchema } from '../schemas.js';
import { readerOf } from './leads.js';
import { z } from 'zod';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

export function registerDeadLetterRoutes(app: App, ctx: AppContext): void {
  app.get('/v1/dead-letters', {
    schema: {
      summary: 'Dead letters, newest first (open ones unless includeReplayed=true)',
      tags: ['dead letters'],
      querystring: deadLetterListQuery,
      response: { 200: z.object({ items: z.array(deadLetterSchema), nextCursor: z.string().nullable() }), ...errors },
    },
  }, async (request) => {
    requireAdmin(ctx, request);
    const q = request.query;
    const rows = await ctx.store.listDeadLetters({ reason: q.reason, includeReplayed: q.includeReplayed === 'true', before: decodeCursor(q.cursor), limit: q.limit + 1 });
    const result = page(rows, q.limit);
    return { items: result.items.map(deadLetterView), nextCursor: result.nextCursor };
  });

  app.post('/v1/dead-letters/:id/replay', {
    schema: {
      summary: 'Replay a dead letter: its lead re-enters the pipeline at the stage that failed',
      tags: ['dead letters'],
      params: idParams,
      response: { 202: replayedSchema, ...errors, 404: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => {
    requireAdmin(ctx, request);
    const result = await ctx.store.replay(request.params.id);
    if (result.outcome === 'not-found') throw new ApiError('NOT_FOUND', 'no such dead letter');
    if (result.outcome === 'already-replayed') {
      throw new ApiError('DEAD_LETTER_ALREADY_REPLAYED', `replayed already at ${new Date(result.replayedAt).toISOString()}`);
    }
    ctx.onLeadAccepted?.();
    request.log.info({ deadLetterId: request.params.id, leadId: result.leadId, jobId: result.jobId }, 'dead letter replayed');
    return reply.code(202).send({ deadLetterId: request.params.id, leadId: result.leadId, jobId: result.jobId, status: 'replayed' as const });
  });
}

function requireAdmin(ctx: AppContext, request: FastifyRequest): void {
  if (readerOf(ctx, request).kind !== 'admin') throw new ApiError('FORBIDDEN', 'the dead-letter queue needs an admin key');
}
