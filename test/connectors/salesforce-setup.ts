import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { pino } from 'pino';
import { createSalesforceHttp, type SalesforceHttp } from '../../src/connectors/salesforce/client.js';
import { salesforceAccountSchema, type SalesforceAccount } from '../../src/connectors/salesforce/config.js';
import { createSalesforceConnector } from '../../src/connectors/salesforce/connector.js';
import { createSalesforceSandbox, type SalesforceSandboxOptions } from '../../src/connectors/salesforce/sandbox.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import type { Connector } from '../../src/connectors/types.js';
import type { ContractSetup } from './contract.case.js';

/**
 * A Salesforce sandbox on 127.0.0.1 (port 0) and connectors pointed at it (login URL = the mount,
 * which the token endpoint also names as instance_url), in the shape of `ContractSetup`.
 * `makeConnector(token)` takes the refresh token: a wrong one fails the token refresh.
 */

export interface SalesforceHarness extends ContractSetup {
  app: FastifyInstance;
  expireTokens(): void;
  makeClient(refreshToken?: string, overrides?: Partial<SalesforceAccount>): { connector: Connector; http: SalesforceHttp };
}

const silent = pino({ level: 'silent' });
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export async function startSalesforce(options: SalesforceSandboxOptions = {}): Promise<SalesforceHarness> {
  const { kit, plugin, expireTokens } = createSalesforceSandbox(options);
  const app = Fastify({ forceCloseConnections: true });
  await app.register(plugin, { prefix: '/sandbox/salesforce' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `${address}/sandbox/salesforce`;

  const makeClient = (refreshToken = 'sandbox-refresh', overrides: Partial<SalesforceAccount> = {}) => {
    const config = salesforceAccountSchema.parse({ type: 'salesforce', baseUrl, clientId: 'sandbox', clientSecret: 'sandbox', refreshToken, ...overrides });
    const http = createSalesforceHttp({ account: 'sf-test', config });
    return { connector: createSalesforceConnector({ account: 'sf-test', config, http, logger: silent, clock: Date.now }), http };
  };
  const all = (type: string) => (kit as SandboxKit).all(type);

  return {
    app,
    connector: makeClient().connector,
    kit,
    baseUrl,
    makeConnector: (token?: string) => makeClient(token).connector,
    makeClient,
    expireTokens,
    inspect: {
      persons: async () => all('Lead').map((r) => ({ id: r.id, email: str(r.data.Email), phone: str(r.data.Phone), companyId: str(r.data.Leadwire_Account__c) })),
      notesOf: async (personId) => all('Note').filter((r) => r.data.ParentId === personId).map((r) => String(r.data.Body)),
      tasksOf: async (personId) => all('Task').filter((r) => r.data.WhoId === personId).map((r) => ({ subject: String(r.data.Subject), ownerId: str(r.data.OwnerId) })),
      dealsOf: async (personId) => all('Opportunity').filter((r) => r.data.Leadwire_Lead__c === personId).map((r) => ({ title: String(r.data.Name) })),
      contacts: async () => all('Contact').map((r) => ({ id: r.id, email: str(r.data.Email), companyId: str(r.data.AccountId) })),
      convertedTo: async (leadId) => str((kit as SandboxKit).get('Lead', leadId)?.data.Leadwire_Contact__c),
      ticketsOf: async (personId) => all('Case').filter((r) => r.data.Leadwire_Lead__c === personId || r.data.ContactId === personId).map((r) => ({ subject: String(r.data.Subject) })),
    },
    close: () => app.close(),
  };
}

/** A sandbox for the enclosing `describe`, its custom fields set up first: `const sf = salesforcePerSuite(); … sf().connector`. */
export function salesforcePerSuite(options: SalesforceSandboxOptions = {}): () => SalesforceHarness {
  let h: SalesforceHarness | undefined;
  beforeAll(async () => {
    h = await startSalesforce(options);
    await h.connector.ensureCustomFields();
  });
  afterAll(async () => {
    await h?.close();
  });
  return () => h!;
}
