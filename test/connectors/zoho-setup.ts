import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createZohoHttp } from '../../src/connectors/zoho/client.js';
import { zohoAccountSchema, type ZohoAccount } from '../../src/connectors/zoho/config.js';
import { createZohoConnector } from '../../src/connectors/zoho/connector.js';
import { createZohoSandbox, type ZohoSandboxOptions } from '../../src/connectors/zoho/sandbox.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import type { Connector } from '../../src/connectors/types.js';
import type { ContractSetup } from './contract.case.js';

/**
 * A Zoho sandbox (API at /sandbox/zoho, accounts server at /sandbox/zoho-accounts) on 127.0.0.1
 * and connectors pointed at it, in the shape of the shared contract suite's `ContractSetup`.
 * `makeConnector(refreshToken)`: a wrong refresh token makes every call AuthExpiredError.
 */

export interface ZohoHarness {
  connector: Connector;
  kit: SandboxKit;
  baseUrl: string;
  accountsUrl: string;
  makeConnector(refreshToken?: string, overrides?: Partial<ZohoAccount>): Connector;
  makeClient(refreshToken?: string, overrides?: Partial<ZohoAccount>, clock?: () => number): { connector: Connector; http: ReturnType<typeof createZohoHttp> };
  inspect: ContractSetup['inspect'];
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const linkId = (v: unknown): string | null => str((v as { id?: unknown } | undefined)?.id);

/** `onApp` runs before the sandbox is registered (e.g. hooks that record the traffic). */
export async function startZoho(options: ZohoSandboxOptions = {}, onApp?: (app: FastifyInstance) => void): Promise<ZohoHarness> {
  const { kit, plugin, accountsPlugin } = createZohoSandbox({ refreshLimit: { limit: 1000, intervalMs: 600_000 }, ...options });
  const app = Fastify({ forceCloseConnections: true });
  onApp?.(app);
  await app.register(plugin, { prefix: '/sandbox/zoho' });
  await app.register(accountsPlugin, { prefix: '/sandbox/zoho-accounts' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `${address}/sandbox/zoho`;
  const accountsUrl = `${address}/sandbox/zoho-accounts`;

  const makeClient = (refreshToken = 'sandbox-refresh', overrides: Partial<ZohoAccount> = {}, clock: () => number = Date.now) => {
    const config = zohoAccountSchema.parse({ type: 'zoho', baseUrl, accountsUrl, clientId: 'sandbox', clientSecret: 'sandbox', refreshToken, ...overrides });
    const http = createZohoHttp({ account: 'zoho-test', config, clock });
    return { connector: createZohoConnector({ account: 'zoho-test', config, http, logger: silent, clock }), http };
  };
  const makeConnector = (refreshToken?: string, overrides?: Partial<ZohoAccount>) => makeClient(refreshToken, overrides).connector;

  return {
    connector: makeConnector(),
    kit,
    baseUrl,
    accountsUrl,
    makeConnector,
    makeClient,
    inspect: {
      persons: async () => kit.all('Leads').map((r) => ({ id: r.id, email: str(r.data.Email), phone: str(r.data.Phone), companyId: str(r.data.Leadwire_Account_Id) })),
      notesOf: async (personId) => kit.all('Notes').filter((r) => linkId(r.data.Parent_Id) === personId).map((r) => String(r.data.Note_Content)),
      tasksOf: async (personId) => kit.all('Tasks').filter((r) => linkId(r.data.What_Id) === personId).map((r) => ({ subject: String(r.data.Subject), ownerId: linkId(r.data.Owner) })),
      dealsOf: async (personId) => kit.all('Deals').filter((r) => r.data.Leadwire_Lead_Id === personId).map((r) => ({ title: String(r.data.Deal_Name) })),
      contacts: async () => kit.all('Contacts').map((r) => ({ id: r.id, email: str(r.data.Email), companyId: linkId(r.data.Account_Name) })),
      convertedTo: async (leadId) => str(kit.get('Leads', leadId)?.data.Leadwire_Contact_Id),
      ticketsOf: async (personId) => kit.all('Cases').filter((r) => r.data.Leadwire_Lead_Id === personId || linkId(r.data.Related_To) === personId).map((r) => ({ subject: String(r.data.Subject) })),
    },
    close: () => app.close(),
  };
}
