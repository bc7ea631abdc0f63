import type { CrmModule } from '../module.js';
import { createSalesforceHttp } from './client.js';
import { defaultSalesforceMapping, salesforceAccountSchema, type SalesforceAccount } from './config.js';
import { createSalesforceConnector } from './connector.js';
import { createSalesforceSandbox } from './sandbox.js';

/**
 * Salesforce in the registry: OAuth refresh token (or JWT bearer) against the login URL; without a credential the
 * built-in sandbox (client `sandbox`/`sandbox`, refresh token `sandbox-refresh`), whose token
 * endpoint is at `<mount>/services/oauth2/token` and which names its mount as `instance_url`.
 */
export const salesforceModule: CrmModule<SalesforceAccount> = {
  kind: 'salesforce',
  accountSchema: salesforceAccountSchema,
  defaultMapping: defaultSalesforceMapping,
  realBaseUrl: (config) => config.loginUrl,
  hasCredential: (config) => Boolean(config.clientId && (config.auth === 'jwt' ? config.privateKey && config.username : config.refreshToken)),
  createConnector({ account, config, baseUrl, sandbox, logger, clock }) {
    const resolved: SalesforceAccount = sandbox ? { ...config, baseUrl, clientId: undefined, clientSecret: undefined, refreshToken: undefined, auth: 'refresh-token' } : { ...config, baseUrl };
    const http = createSalesforceHttp({ account, config: resolved, clock });
    return { connector: createSalesforceConnector({ account, config: resolved, http, logger, clock }), http };
  },
  createSandbox: () => createSalesforceSandbox(),
};
