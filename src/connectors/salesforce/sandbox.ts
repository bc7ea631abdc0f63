import { randomBytes, type KeyObject } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { installKit, SandboxKit, type SandboxOptions, type VendorErrors } from '../sandbox/kit.js';
import { SALESFORCE_LOGIN_URL, SALESFORCE_SANDBOX_CLIENT } from './config.js';
import { JWT_BEARER_GRANT, JWT_LIFETIME_SEC, publicKeyFrom, verifyAssertion } from './jwt.js';
import { registerComposite } from './sandbox-composite.js';
import { registerObjects, SfFailure } from './sandbox-objects.js';

/**
 * A Salesforce org that speaks the real API under a mount prefix: the OAuth token endpoint
 * (`/services/oauth2/token`, refresh-token grant and — with `jwt` — the JWT bearer grant, whose
 * RS256 assertion is verified with the app's public key and checked for iss, sub, aud and exp;
 * expiring access tokens of a configurable lifetime, `instance_url` = the mount itself), and `/services/data/v62.0/…` (sObjects, upsert by
 * external id, sObject Collections, SOQL, Tooling CustomField, limits). A missing or expired session answers 401
 * INVALID_SESSION_ID; every API answer carries `Sforce-Limit-Info: api-usage=n/m`; a spent daily
 * allocation or a full `kit.limits` window answers 403 REQUEST_LIMIT_EXCEEDED. `kit.tokens` holds
 * the valid refresh tokens. Control: `POST /_sandbox/expire-tokens`, `PUT /_sandbox/token-lifetime`.
 */

export interface SalesforceSandboxOptions extends SandboxOptions {
  /** Access token lifetime (default 2 h, as a session timeout). */
  tokenLifetimeMs?: number;
  dailyApiRequests?: number;
  clients?: Array<{ id: string; secret: string }>;
  duplicateKey?: 'duplicateResult' | 'duplicateResut';
  duplicateRules?: boolean;
  /** The instance URL the token endpoint names (default: the mount, as seen by the request). */
  instanceUrl?: string;
  /**
   * The JWT bearer flow: the certificate's public key (PEM or KeyObject), the pre-authorized users
   * (`sub`), and the audience the org expects (default https://login.salesforce.com). `iss` must be
   * one of `clients`.
   */
  jwt?: { publicKey: string | KeyObject; users: string[]; audience?: string };
  /** Record types the org has (default: the Lead record type "Lead from Chatbot"). */
  recordTypes?: Array<{ Name: string; DeveloperName: string; SobjectType: string }>;
}

const errorArray = (errorCode: string, message: string) => [{ message, errorCode }];

export function createSalesforceSandbox(options: SalesforceSandboxOptions = {}): { kit: SandboxKit; plugin: FastifyPluginAsync; expireTokens(): void } {
  const kit = new SandboxKit({ ...options, tokens: options.tokens ?? [SALESFORCE_SANDBOX_CLIENT.refreshToken] });
  const clients = options.clients ?? [{ id: SALESFORCE_SANDBOX_CLIENT.clientId, secret: SALESFORCE_SANDBOX_CLIENT.clientSecret }];
  let lifetimeMs = options.tokenLifetimeMs ?? 2 * 3_600_000;
  const sessions = new Map<string, number>();
  const daily = { max: options.dailyApiRequests ?? 100_000, used: 0 };
  const orgId = '00DDn00000sandbox';
  const jwtKey = options.jwt ? publicKeyFrom(options.jwt.publicKey) : null;

  const vendorErrors: VendorErrors = {
    statusBody: (status) =>
      status === 429 || status === 403
        ? errorArray('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.')
        : status === 401
          ? errorArray('INVALID_SESSION_ID', 'Session expired or invalid')
          : status === 503
            ? errorArray('SERVER_UNAVAILABLE', 'Server temporarily unavailable')
            : errorArray('UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'),
  };

  const plugin: FastifyPluginAsync = async (app) => {
    installKit(app, kit, vendorErrors);
    // Mounted inside our app, the scope inherits its form parser: replace it with the vendor's.
    if (app.hasContentTypeParser('application/x-www-form-urlencoded')) app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    const relative = (request: FastifyRequest) => request.url.slice(app.prefix.length).split('?')[0] ?? '';

    app.addHook('onRequest', async (request, reply) => {
      const path = relative(request);
      if (path.startsWith('/_sandbox') || path.startsWith('/services/oauth2/')) return undefined;
      const token = /^(?:Bearer|OAuth) (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const expiresAt = token ? sessions.get(token) : undefined;
      if (expiresAt === undefined || expiresAt <= kit.clock()) {
        if (token) sessions.delete(token);
        return reply.code(401).send(errorArray('INVALID_SESSION_ID', 'Session expired or invalid'));
      }
      const slot = kit.take('default', orgId);
      if (daily.used >= daily.max) return reply.code(403).header('sforce-limit-info', `api-usage=${daily.used}/${daily.max}`).send(errorArray('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
      if (slot && !slot.allowed) return reply.code(403).send(errorArray('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'));
      daily.used += 1;
      reply.header('sforce-limit-info', `api-usage=${daily.used}/${daily.max}`);
      return undefined;
    });

    app.setErrorHandler((error, _request, reply) => {
      if (error instanceof SfFailure) return reply.code(error.status).send(error.body);
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(errorArray('JSON_PARSER_ERROR', (error as Error).message));
      return reply.code(500).send(vendorErrors.statusBody(500));
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorArray('NOT_FOUND', 'The requested resource does not exist')));

    /** The JWT bearer grant's refusal, or null when the assertion is good. */
    function refuseAssertion(assertion: string | undefined): { error: string; error_description: string } | null {
      if (!jwtKey || !options.jwt) return { error: 'unsupported_grant_type', error_description: 'grant type not supported' };
      const claims = assertion ? verifyAssertion(assertion, jwtKey) : null;
      if (!claims) return { error: 'invalid_grant', error_description: 'invalid assertion' };
      if (!clients.some((c) => c.id === claims.iss)) return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
      if (claims.aud !== (options.jwt.audience ?? SALESFORCE_LOGIN_URL)) return { error: 'invalid_grant', error_description: 'audience is invalid' };
      const nowSec = kit.clock() / 1000;
      // exp: in the future, and not beyond Salesforce's three minutes (a little clock skew allowed).
      if (typeof claims.exp !== 'number' || claims.exp <= nowSec || claims.exp > nowSec + JWT_LIFETIME_SEC + 60) return { error: 'invalid_grant', error_description: 'expired authorization code' };
      if (typeof claims.sub !== 'string' || !options.jwt.users.includes(claims.sub)) return { error: 'invalid_grant', error_description: "user hasn't approved this consumer" };
      return null;
    }

    app.post('/services/oauth2/token', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      if (form.grant_type === JWT_BEARER_GRANT) {
        const refusal = refuseAssertion(form.assertion);
        if (refusal) return reply.code(400).send(refusal);
      } else {
        if (form.grant_type !== 'refresh_token') return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
        const client = clients.find((c) => c.id === form.client_id);
        if (!client) return reply.code(400).send({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
        if (client.secret !== form.client_secret) return reply.code(400).send({ error: 'invalid_client', error_description: 'invalid client credentials' });
        if (!form.refresh_token || !kit.tokens.has(form.refresh_token)) return reply.code(400).send({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
      }
      const now = kit.clock();
      const accessToken = `${orgId}!${randomBytes(24).toString('base64url')}`;
      sessions.set(accessToken, now + lifetimeMs);
      const instanceUrl = options.instanceUrl ?? `${request.protocol}://${request.headers.host}${app.prefix}`;
      return {
        access_token: accessToken,
        signature: randomBytes(32).toString('base64'),
        scope: 'api refresh_token',
        instance_url: instanceUrl,
        id: `${instanceUrl}/id/${orgId}/005Dn000001sandbox`,
        token_type: 'Bearer',
        issued_at: String(now),
      };
    });

    app.post('/_sandbox/expire-tokens', async () => {
      const count = sessions.size;
      sessions.clear();
      return { expired: count };
    });
    app.put('/_sandbox/token-lifetime', async (request, reply) => {
      const parsed = z.object({ ms: z.number().int().min(1) }).strict().safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'expected {"ms": n}' });
      lifetimeMs = parsed.data.ms;
      return { ms: lifetimeMs };
    });
    app.get('/_sandbox/api-usage', async () => ({ ...daily }));

    const ops = registerObjects(app, kit, { recordTypes: options.recordTypes ?? [{ Name: 'Lead from Chatbot', DeveloperName: 'Lead_from_Chatbot', SobjectType: 'Lead' }], duplicateKey: options.duplicateKey ?? 'duplicateResult', duplicateRules: options.duplicateRules ?? true, usage: () => daily });
    registerComposite(app, ops);
  };
  return { kit, plugin, expireTokens: () => sessions.clear() };
}
