import type { CrmModule } from '../module.js';
import { createHubspotHttp } from './client.js';
import { defaultHubspotMapping, hubspotAccountSchema, HUBSPOT_DEFAULT_BASE_URL, HUBSPOT_SANDBOX_TOKEN, type HubspotAccount } from './config.js';
import { createHubspotConnector } from './connector.js';
import { createHubspotSandbox } from './sandbox.js';

/** HubSpot in the registry: private-app token, the built-in sandbox without one. */
export const hubspotModule: CrmModule<HubspotAccount> = {
  kind: 'hubspot',
  accountSchema: hubspotAccountSchema,
  defaultMapping: defaultHubspotMapping,
  realBaseUrl: () => HUBSPOT_DEFAULT_BASE_URL,
  hasCredential: (config) => Boolean(config.token),
  createConnector({ account, config, baseUrl, sandbox, logger, clock }) {
    const resolved = { ...config, baseUrl, token: sandbox ? HUBSPOT_SANDBOX_TOKEN : config.token };
    const http = createHubspotHttp({ account, config: resolved, clock });
    return { connector: createHubspotConnector({ account, config: resolved, http, logger, clock }), http };
  },
  createSandbox: () => createHubspotSandbox(),
};
