import type { CrmModule } from '../module.js';
import { createPipedriveHttp } from './client.js';
import { defaultPipedriveMapping, pipedriveAccountSchema, pipedriveBaseUrl, PIPEDRIVE_SANDBOX_TOKEN, type PipedriveAccount } from './config.js';
import { createPipedriveConnector } from './connector.js';
import { createPipedriveSandbox } from './sandbox.js';

/** Pipedrive in the registry: API token, company domain, the built-in sandbox without a token. */
export const pipedriveModule: CrmModule<PipedriveAccount> = {
  kind: 'pipedrive',
  accountSchema: pipedriveAccountSchema,
  defaultMapping: defaultPipedriveMapping,
  realBaseUrl: (config) => pipedriveBaseUrl({ ...config, baseUrl: undefined }),
  hasCredential: (config) => Boolean(config.token),
  createConnector({ account, config, baseUrl, sandbox, logger, clock }) {
    const resolved = { ...config, baseUrl, token: sandbox ? PIPEDRIVE_SANDBOX_TOKEN : config.token };
    const http = createPipedriveHttp({ account, config: resolved, clock });
    return { connector: createPipedriveConnector({ account, config: resolved, http, logger, clock }), http };
  },
  createSandbox: () => createPipedriveSandbox(),
};
