import type { CrmModule } from '../module.js';
import { createZohoHttp } from './client.js';
import { defaultZohoMapping, ZOHO_API, ZOHO_SANDBOX_CLIENT, zohoAccountSchema, type ZohoAccount } from './config.js';
import { createZohoConnector } from './connector.js';
import { createZohoSandbox } from './sandbox.js';

/**
 * Zoho CRM in the registry: OAuth refresh token per data centre; the built-in sandbox without a
 * client. The sandbox's accounts server sits next to its API: `<base>-accounts` (the API mount
 * `/sandbox/zoho`, the accounts mount `/sandbox/zoho-accounts`). `createSandbox()` also returns
 * `accountsPlugin`, which the registry must mount at `/sandbox/zoho-accounts`.
 */
export const zohoModule: CrmModule<ZohoAccount> = {
  kind: 'zoho',
  accountSchema: zohoAccountSchema,
  defaultMapping: defaultZohoMapping,
  realBaseUrl: (config) => ZOHO_API[config.dataCenter],
  hasCredential: (config) => Boolean(config.clientId && config.clientSecret && config.refreshToken),
  createConnector({ account, config, baseUrl, sandbox, logger, clock }) {
    const resolved: ZohoAccount = sandbox
      ? { ...config, baseUrl, accountsUrl: config.accountsUrl ?? `${baseUrl.replace(/\/+$/, '')}-accounts`, ...ZOHO_SANDBOX_CLIENT }
      : { ...config, baseUrl };
    const http = createZohoHttp({ account, config: resolved, clock });
    return { connector: createZohoConnector({ account, config: resolved, http, logger, clock }), http };
  },
  createSandbox: () => createZohoSandbox(),
};
