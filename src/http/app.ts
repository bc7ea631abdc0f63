import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/loader.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../storage/ports.js';
import { createAuthenticator, type Authenticator } from './auth.js';
import { ApiError } from './errors.js';
import { parseFormBody } from './form-body.js';
import { createRateLimits, type RateLimits } from './rate-limit.js';
import { registerActivityRoutes } from './routes/activity.js';
import { registerConversationRoutes } from './routes/conversations.js';
import { registerDeadLetterRoutes } from './routes/dead-letters.js';
import { registerLeadRoutes } from './routes/leads.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerPeopleRoutes } from './routes/people.js';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Called after a new lead commits (the in-process worker wakes up). */
  onLeadAccepted?: () => void;
  /** True once shutdown began: new requests get 503 SHUTTING_DOWN. */
  isShuttingDown?: () => boolean;
  /** Extra plugins registered beside our routes (the built-in CRM sandboxes in embedded mode). */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

export interface AppContext extends AppDeps {
  auth: Authenticator;
  limits: RateLimits;
}

export type App = FastifyInstance<any, any, any, Logger, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fastify's own client errors, mapped into our catalogue. */
const FASTIFY_CODES: Record<string, ApiError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
};

/** The HTTP app as a plugin-style factory; `server.ts` (the CLI) only listens. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Per-request lines would be the hottest log; the routes log what matters, with ids only.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Leads come as JSON or as an HTML form post; anything else is a 415, not a guess.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseFormBody(body as string));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const api = toApiError(error);
    if (api.code === 'INTERNAL') request.log.error({ reqId: request.id, err: { name: error.name, code: error.code, stack: error.stack } }, 'request failed');
    void reply.code(api.status).headers(api.headers).send(api.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody());
  });

  const ctx: AppContext = { ...deps, auth: createAuthenticator(config), limits: createRateLimits(config.sources) };

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && ctx.auth.isPublicOrigin(origin)) {
      void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    if (deps.isShuttingDown?.() && !request.url.startsWith('/healthz')) throw new ApiError('SHUTTING_DOWN', 'the server is shutting down');
  });
  // While shutting down, every answer closes its connection so keep-alive clients move on.
  app.addHook('onSend', async (_request, reply) => {
    if (deps.isShuttingDown?.()) void reply.header('connection', 'close');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Leadwire API', version: '1', description: 'Lead intake, lead timeline, chatbot conversations and dead-letter queue. Errors: docs/errors.md.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
          bearer: { type: 'http', scheme: 'bearer' },
          formToken: { type: 'apiKey', in: 'header', name: 'X-Form-Token', description: "a public source's form token, from one of its origins; scoped to leads and/or conversations" },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerLeadRoutes(app, ctx);
  registerDeadLetterRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  registerActivityRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerOpsRoutes(app, ctx);
  for (const plugin of deps.plugins ?? []) await plugin(app as unknown as FastifyInstance);
  return app;
}

function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    const issues = error.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new ApiError('VALIDATION_FAILED', `invalid ${where}`, issues);
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new ApiError(mapped, error.message);
  // The JSON parser's syntax errors and prototype-poisoning refusals arrive as plain 400s.
  if (error.statusCode === 400) return new ApiError('BAD_JSON', error.message);
  return new ApiError('INTERNAL', 'internal error');
}
