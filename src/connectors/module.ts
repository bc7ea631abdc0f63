import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AccountBase, MappingEntry } from './config.js';
import type { HttpClient } from './http.js';
import type { SandboxKit } from './sandbox/kit.js';
import type { Connector, CrmKind } from './types.js';

/** What each CRM folder brings to the registry (`<crm>/module.ts`). */
export interface CrmModule<TConfig extends AccountBase & { type: CrmKind } = AccountBase & { type: CrmKind }> {
  kind: CrmKind;
  accountSchema: z.ZodType<TConfig, z.input<z.ZodType<TConfig>> & object>;
  defaultMapping: readonly MappingEntry[];
  /** The vendor's API for this account (used when a credential is configured and no baseUrl). */
  realBaseUrl(config: TConfig): string;
  hasCredential(config: TConfig): boolean;
  createConnector(deps: { account: string; config: TConfig; baseUrl: string; sandbox: boolean; logger: Logger; clock: () => number }): { connector: Connector; http: HttpClient };
  /** `plugin` mounts at `/sandbox/<crm>`; `accountsPlugin` (an OAuth server apart from the API, Zoho) at `/sandbox/<crm>-accounts`. */
  createSandbox(): { kit: SandboxKit; plugin: FastifyPluginAsync; accountsPlugin?: FastifyPluginAsync };
}

