import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CrmModule } from './module.js';
import type { SandboxKit } from './sandbox/kit.js';
import type { CrmAccount } from './sync-runner.js';
import type { CrmKind } from './types.js';
import { hubspotAccountSchema } from './hubspot/config.js';
import { hubspotModule } from './hubspot/module.js';
import { pipedriveAccountSchema } from './pipedrive/config.js';
import { pipedriveModule } from './pipedrive/module.js';
import { salesforceAccountSchema } from './salesforce/config.js';
import { salesforceModule } from './salesforce/module.js';
import { zohoAccountSchema } from './zoho/config.js';
import { zohoModule } from './zoho/module.js';

/**
 * The plain registry: one module per CRM, each bringing its account schema, default mapping, real
 * API base URL, connector factory and sandbox. `crm.accounts` in the config names accounts by id;
 * each account's `type` picks its module.
 */
export const CRM_MODULES = { hubspot: hubspotModule, pipedrive: pipedriveModule, salesforce: salesforceModule, zoho: zohoModule } as const;
export type RegisteredKind = keyof typeof CRM_MODULES;

/** Where the built-in sandboxes are mounted in embedded mode. */
export const sandboxPath = (kind: CrmKind): string => `/sandbox/${kind}`;

const moduleOf = (kind: RegisteredKind): CrmModule => CRM_MODULES[kind] as unknown as CrmModule;

export const crmAccountSchema = z.discriminatedUnion('type', [hubspotAccountSchema, pipedriveAccountSchema, salesforceAccountSchema, zohoAccountSchema]);
export type CrmAccountConfig = z.output<typeof crmAccountSchema>;

/**
 * Build each configured account's connector. An account with no credential writes to the built-in
 * sandbox at `sandboxBaseUrl` (this process's or the API process's address) with the sandbox token.
 */
export function buildAccounts(accounts: Record<string, CrmAccountConfig>, options: { sandboxBaseUrl: string; logger: Logger; clock: () => number }): CrmAccount[] {
  return Object.entries(accounts).map(([id, config]) => {
    const module = moduleOf(config.type);
    const sandbox = !module.hasCredential(config);
    const baseUrl = config.baseUrl ?? (sandbox ? `${options.sandboxBaseUrl.replace(/\/+$/, '')}${sandboxPath(config.type)}` : module.realBaseUrl(config));
    const { connector } = module.createConnector({ account: id, config, baseUrl, sandbox, logger: options.logger.child({ crm: config.type, account: id }), clock: options.clock });
    return { id, kind: config.type, config, connector, mapping: config.mapping ?? module.defaultMapping, sandbox };
  });
}

/** Mount a sandbox per CRM kind at `/sandbox/<crm>`; returns their kits (faults, records). */
export async function mountSandboxes(app: FastifyInstance, kinds: readonly RegisteredKind[] = Object.keys(CRM_MODULES) as RegisteredKind[]): Promise<Map<RegisteredKind, SandboxKit>> {
  const kits = new Map<RegisteredKind, SandboxKit>();
  await app.register(async (scope) => {
    // The vendors' APIs, not ours: kept out of our OpenAPI document, with batch-sized bodies.
    scope.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true } as typeof route.schema;
      route.bodyLimit = SANDBOX_BODY_LIMIT;
    });
    for (const kind of kinds) {
      const { kit, plugin, accountsPlugin } = moduleOf(kind).createSandbox();
      await scope.register(plugin, { prefix: sandboxPath(kind) });
      if (accountsPlugin) await scope.register(accountsPlugin, { prefix: `${sandboxPath(kind)}-accounts` });
      kits.set(kind, kit);
    }
  });
  return kits;
}

const SANDBOX_BODY_LIMIT = 8 * 1024 * 1024;

/** True when some enabled account writes to a built-in sandbox (embedded mode mounts them). */
export function needsSandboxes(accounts: Record<string, CrmAccountConfig>): boolean {
  return Object.values(accounts).some((config) => config.enabled && config.baseUrl === undefined && !moduleOf(config.type).hasCredential(config));
}
