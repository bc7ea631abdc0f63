import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { installKit, SandboxKit, type SandboxOptions, type VendorErrors } from '../sandbox/kit.js';
import { ZOHO_CONCURRENCY, ZOHO_REFRESH_LIMIT } from './config.js';
import { MODULES, registerRecords, zohoError, type Json } from './sandbox-records.js';

/**
 * A Zoho CRM org that speaks the real API, on two mounts: the accounts server
 * (`accountsPlugin`, mounted at `/sandbox/zoho-accounts`: `POST /oauth/v2/token`, refresh-token
 * grant, form-encoded or query parameters) and the API (`plugin`, mounted at `apiPrefix`, default
 * `/sandbox/zoho`: `/crm/v8/…`). The token endpoint issues access tokens that expire after
 * `tokenLifetimeSec`, answers `api_domain` = the API mount, refuses an unknown client or refresh
 * token with HTTP 200 `{"error":"invalid_code"}` and more than `refreshLimit` refreshes per window
 * with Zoho's "too many requests" 400. Valid refresh tokens are `kit.tokens` (`PUT /_sandbox/tokens`
 * revokes, and their access tokens stop working); `POST /_sandbox/expire-tokens` expires every
 * access token at once. An API call without a live token answers 401 `INVALID_TOKEN`; a full
 * window answers 429 `TOO_MANY_REQUESTS`. Faults, latency, records and counters: the shared kit.
 */

export interface ZohoSandboxOptions extends SandboxOptions {
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime (Zoho: 3600 s). */
  tokenLifetimeSec?: number;
  /** Refreshes allowed per window per refresh token (Zoho: 10 per 10 minutes). */
  refreshLimit?: { limit: number; intervalMs: number };
  /** Where the API plugin is mounted (for `api_domain`). */
  apiPrefix?: string;
  /** Fields whose values must be unique per module (answered with DUPLICATE_DATA). */
  uniqueFields?: Record<string, string[]>;
}

const STANDARD_FIELDS: Record<string, string[]> = {
  Leads: ['Last_Name', 'First_Name', 'Email', 'Phone', 'Company', 'Designation', 'Lead_Source', 'Lead_Status', 'Owner'],
  Deals: ['Deal_Name', 'Stage', 'Closing_Date', 'Amount', 'Account_Name', 'Owner'],
  Accounts: ['Account_Name', 'Website', 'Owner'],
  Contacts: ['Last_Name', 'First_Name', 'Email', 'Phone', 'Account_Name', 'Designation', 'Lead_Source', 'Owner'],
  Cases: ['Subject', 'Status', 'Case_Origin', 'Priority', 'Description', 'Related_To', 'Account_Name', 'Email', 'Phone', 'Owner'],
};

export function createZohoSandbox(options: ZohoSandboxOptions = {}): { kit: SandboxKit; plugin: FastifyPluginAsync; accountsPlugin: FastifyPluginAsync } {
  const kit = new SandboxKit({ tokens: ['sandbox-refresh'], limits: { default: { limit: ZOHO_CONCURRENCY.enterprise * 10, intervalMs: 1_000 } }, ...options });
  const client = { id: options.clientId ?? 'sandbox', secret: options.clientSecret ?? 'sandbox' };
  const lifetimeSec = options.tokenLifetimeSec ?? 3600;
  const refreshLimit = options.refreshLimit ?? ZOHO_REFRESH_LIMIT;
  const apiPrefix = options.apiPrefix ?? '/sandbox/zoho';
  const access = new Map<string, { refreshToken: string; expiresAt: number }>();
  const refreshes = new Map<string, number[]>();
  const state = { refreshes: 0, lifetimeSec };

  const vendorErrors: VendorErrors = {
    statusBody: (status) =>
      status === 429
        ? zohoError('TOO_MANY_REQUESTS', 'too many requests continuously')
        : status === 401
          ? zohoError('INVALID_TOKEN', 'invalid oauth token')
          : status >= 500
            ? zohoError('INTERNAL_ERROR', 'Internal Server Error occurred while processing this request')
            : zohoError('INVALID_REQUEST', 'unable to process your request'),
  };

  function seedFields(): void {
    if (kit.all('field').length > 0) return;
    for (const [module, names] of Object.entries(STANDARD_FIELDS)) for (const name of names) kit.insert('field', { module, api_name: name, field_label: name.replace(/_/g, ' '), custom_field: false, data_type: 'text' });
  }

  const accountsPlugin: FastifyPluginAsync = async (app) => {
    // Mounted inside our app, the scope inherits its form parser: replace it with the vendor's.
    if (app.hasContentTypeParser('application/x-www-form-urlencoded')) app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    app.post('/oauth/v2/token', async (request: FastifyRequest, reply) => {
      const p = { ...(request.query as Record<string, string>), ...((request.body as Record<string, string> | undefined) ?? {}) };
      if (p.grant_type !== 'refresh_token') return { error: 'unsupported_grant_type' };
      if (p.client_id !== client.id || p.client_secret !== client.secret) return { error: 'invalid_client' };
      const refreshToken = p.refresh_token ?? '';
      if (!kit.tokens.has(refreshToken)) return { error: 'invalid_code' };
      const now = kit.clock();
      const times = (refreshes.get(refreshToken) ?? []).filter((t) => t > now - refreshLimit.intervalMs);
      refreshes.set(refreshToken, times);
      if (times.length >= refreshLimit.limit) {
        return reply.code(400).send({ error_description: 'You have made too many requests continuously. Please try again after some time.', error: 'Access Denied', status: 'failure' });
      }
      times.push(now);
      state.refreshes += 1;
      const token = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
      access.set(token, { refreshToken, expiresAt: now + state.lifetimeSec * 1000 });
      return { access_token: token, scope: 'ZohoCRM.modules.ALL ZohoCRM.settings.fields.ALL ZohoCRM.org.READ', api_domain: `${request.protocol}://${request.headers.host}${apiPrefix}`, token_type: 'Bearer', expires_in: state.lifetimeSec };
    });
  };

  function liveToken(request: FastifyRequest): string | null {
    const match = /^Zoho-oauthtoken (.+)$/.exec(request.headers.authorization ?? '');
    const grant = match ? access.get(match[1]!) : undefined;
    return grant && grant.expiresAt > kit.clock() && kit.tokens.has(grant.refreshToken) ? match![1]! : null;
  }

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    installKit(app, kit, vendorErrors);
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.includes('/_sandbox')) return undefined;
      seedFields();
      const token = liveToken(request);
      if (token === null) return reply.code(401).send(zohoError('INVALID_TOKEN', 'invalid oauth token'));
      const slot = kit.take('default', token);
      if (slot && !slot.allowed) return reply.code(429).send(zohoError('TOO_MANY_REQUESTS', 'too many requests continuously'));
      return undefined;
    });
    app.setErrorHandler((error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send(zohoError('INVALID_REQUEST', 'unable to process your request'));
      return reply.code(500).send(zohoError('INTERNAL_ERROR', 'Internal Server Error occurred while processing this request'));
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send(zohoError('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one')));

    app.post('/_sandbox/expire-tokens', async () => {
      for (const grant of access.values()) grant.expiresAt = 0;
      return { expired: access.size };
    });
    app.put('/_sandbox/token-lifetime', async (request) => {
      state.lifetimeSec = Math.max(1, Number((request.body as { seconds?: number } | null)?.seconds) || 3600);
      return { seconds: state.lifetimeSec };
    });
    app.get('/_sandbox/oauth', async () => ({ refreshes: state.refreshes, accessTokens: access.size, lifetimeSec: state.lifetimeSec }));

    app.get('/crm/v8/org', async () => ({ org: [{ id: '1', zgid: '1', company_name: 'Leadwire Sandbox', edition: 'Enterprise', currency: 'EUR' }] }));

    app.get('/crm/v8/settings/fields', async (request, reply) => {
      const { module } = request.query as { module?: string };
      if (!module) return reply.code(400).send(zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'module' }));
      if (!(MODULES as readonly string[]).includes(module)) return reply.code(400).send(zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' }));
      return { fields: kit.all('field').filter((f) => f.data.module === module).map((f) => ({ id: f.id, api_name: f.data.api_name, field_label: f.data.field_label, data_type: f.data.data_type, custom_field: f.data.custom_field })) };
    });
    app.post('/crm/v8/settings/fields', async (request, reply) => {
      const { module } = request.query as { module?: string };
      const fields = (request.body as { fields?: Json[] } | null)?.fields;
      if (!module || !Array.isArray(fields) || fields.length === 0) return reply.code(400).send(zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: module ? 'fields' : 'module' }));
      const results = fields.map((f) => {
        const label = typeof f.field_label === 'string' ? f.field_label : '';
        if (label === '' || typeof f.data_type !== 'string') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: label === '' ? 'field_label' : 'data_type' });
        const apiName = typeof f.api_name === 'string' ? f.api_name : label.replace(/[^A-Za-z0-9]+/g, '_');
        if (kit.all('field').some((x) => x.data.module === module && (x.data.api_name === apiName || x.data.field_label === label))) return zohoError('DUPLICATE_DATA', 'duplicate data', { api_name: 'field_label' });
        const stored = kit.insert('field', { module, api_name: apiName, field_label: label, data_type: f.data_type, custom_field: true });
        return { code: 'SUCCESS', details: { id: stored.id }, message: 'field created', status: 'success' };
      });
      return reply.code(results.every((r) => r.status === 'success') ? 201 : 400).send({ fields: results });
    });

    registerRecords(app, kit, options.uniqueFields ?? {});
  };
  return { kit, plugin, accountsPlugin };
}
