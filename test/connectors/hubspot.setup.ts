import fastify, { type FastifyInstance } from 'fastify';
import { createHubspotHttp } from '../../src/connectors/hubspot/client.js';
import { hubspotAccountSchema, type HubspotAccount } from '../../src/connectors/hubspot/config.js';
import { createHubspotConnector } from '../../src/connectors/hubspot/connector.js';
import { textOfBody } from '../../src/connectors/hubspot/mapper.js';
import { createHubspotSandbox, type HubspotSandboxOptions } from '../../src/connectors/hubspot/sandbox.js';
import type { HttpClient } from '../../src/connectors/http.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import type { Connector } from '../../src/connectors/types.js';
import { createLogger } from '../../src/observability/logger.js';
import type { ContractSetup } from './contract.case.js';

/**
 * The HubSpot sandbox on 127.0.0.1 (port 0) and connectors pointed at it, in the shape of the
 * shared contract suite's `ContractSetup`, plus what HubSpot-specific tests want (the HTTP client,
 * the exchanges seen on the wire).
 */

export interface Exchange {
  method: string;
  url: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

export interface HubspotSetup {
  connector: Connector;
  http: HttpClient;
  kit: SandboxKit;
  baseUrl: string;
  app: FastifyInstance;
  exchanges: Exchange[];
  makeConnector(token?: string, config?: Partial<HubspotAccount>): Connector;
  makeHttp(token?: string, config?: Partial<HubspotAccount>): HttpClient;
  inspect: ContractSetup['inspect'];
  close(): Promise<void>;
}

const logger = createLogger('silent');
export const PREFIX = '/sandbox/hubspot';

/**
 * `prepared` (default true): run `ensureCustomFields` first, as the sync runner does at boot —
 * HubSpot rejects writes naming properties that do not exist (`leadsource` is one).
 */
export async function startHubspot(options: HubspotSandboxOptions & { account?: Partial<HubspotAccount>; prepared?: boolean } = {}): Promise<HubspotSetup> {
  const { kit, plugin } = createHubspotSandbox({ limits: { default: { limit: 1000, intervalMs: 1_000 }, search: { limit: 1000, intervalMs: 1_000 } }, ...options });
  // A lost answer leaves its connection hanging (as a real timeout would): close must not wait for it.
  const app = fastify({ forceCloseConnections: true });
  const exchanges: Exchange[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.includes('/_sandbox')) {
      let responseBody: unknown = null;
      try {
        responseBody = typeof payload === 'string' && payload !== '' ? JSON.parse(payload) : null;
      } catch {
        responseBody = payload;
      }
      exchanges.push({ method: request.method, url: request.url.slice(PREFIX.length), requestBody: request.body, status: reply.statusCode, responseBody });
    }
    return payload;
  });
  await app.register(plugin, { prefix: PREFIX });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}${PREFIX}`;

  const accountConfig = (token: string | undefined, config: Partial<HubspotAccount> = {}) =>
    hubspotAccountSchema.parse({ type: 'hubspot', baseUrl, timeoutMs: 2_000, ...(token ? { token } : {}), ...options.account, ...config });
  const makeHttp = (token?: string, config?: Partial<HubspotAccount>) => createHubspotHttp({ account: 'hs-test', config: accountConfig(token, config), maxInlineWaitMs: 2_000 });
  const makeConnector = (token?: string, config?: Partial<HubspotAccount>) => {
    const cfg = accountConfig(token, config);
    return createHubspotConnector({ account: 'hs-test', config: cfg, http: makeHttp(token, config), logger, clock: Date.now });
  };
  const http = makeHttp();
  const connector = createHubspotConnector({ account: 'hs-test', config: accountConfig(undefined), http, logger, clock: Date.now });
  if (options.prepared !== false) {
    await connector.ensureCustomFields();
    exchanges.length = 0;
  }

  const related = (personId: string, type: string) =>
    kit
      .all('associations')
      .filter((a) => (a.data.fromType === type && a.data.toType === 'contacts' && a.data.toId === personId) || (a.data.toType === type && a.data.fromType === 'contacts' && a.data.fromId === personId))
      .map((a) => kit.get(type, String(a.data.fromType === type ? a.data.fromId : a.data.toId)))
      .filter((r, i, all) => r !== undefined && all.indexOf(r) === i)
      .map((r) => r!.data as Record<string, string>);

  return {
    connector,
    http,
    kit,
    baseUrl,
    app,
    exchanges,
    makeConnector,
    makeHttp,
    inspect: {
      persons: async () =>
        kit.all('contacts').map((r) => {
          const company = kit.all('associations').find((a) => a.data.fromType === 'contacts' && a.data.fromId === r.id && a.data.toType === 'companies');
          return { id: r.id, email: (r.data.email as string) || null, phone: (r.data.phone as string) || null, companyId: company ? String(company.data.toId) : null };
        }),
      notesOf: async (personId) => related(personId, 'notes').map((n) => textOfBody(n.hs_note_body ?? '')),
      tasksOf: async (personId) => related(personId, 'tasks').map((t) => ({ subject: t.hs_task_subject ?? '', ownerId: t.hubspot_owner_id || null })),
      dealsOf: async (personId) => related(personId, 'deals').map((d) => ({ title: d.dealname ?? '' })),
    },
    close: () => app.close(),
  };
}
