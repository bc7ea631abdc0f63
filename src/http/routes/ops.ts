import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';

/** Liveness, readiness and the Prometheus scrape; none of them carries personal data. */
export function registerOpsRoutes(app: App, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  app.get('/healthz', hide, async () => ({ status: 'ok' }));
  app.get('/readyz', hide, async () => {
    if (ctx.isShuttingDown?.()) throw new ApiError('SHUTTING_DOWN', 'the server is shutting down');
    if (!(await ctx.store.ping())) throw new ApiError('STORE_UNAVAILABLE', 'the database is not reachable');
    return { status: 'ready' };
  });
  app.get('/metrics', hide, async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(text);
  });
}
